package org.iocity.api.web;

import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/** Query parameters the handlers read the same way: each bad value is a 400 problem naming the parameter. */
public final class QueryParams {
    private QueryParams() {}

    /** A query parameter from {@code allowed}, {@code otherwise} when absent; a 400 naming it when not allowed. */
    public static String oneOf(RoutingContext ctx, String name, Set<String> allowed, String otherwise) {
        List<String> values = ctx.queryParam(name);
        if (values.isEmpty()) return otherwise;
        String v = values.get(0);
        if (values.size() > 1 || !allowed.contains(v)) {
            throw Problem.badRequest("bad " + name + " " + Text.clip(v) + ": expected one of "
                    + allowed.stream().sorted().toList());
        }
        return v;
    }

    /** A {@code date} parameter (yyyy-mm-dd, a day in Asia/Ho_Chi_Minh); null when absent and not required. */
    public static LocalDate date(String value, boolean required) {
        if (value == null) {
            if (required) throw Problem.badRequest("date is required: a day such as 2025-07-01");
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("bad date " + Text.clip(value) + ": expected yyyy-mm-dd such as 2025-07-01");
        }
    }
}
