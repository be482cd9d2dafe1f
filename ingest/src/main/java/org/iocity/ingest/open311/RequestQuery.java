package org.iocity.ingest.open311;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.iocity.model.registry.WorkingCalendar;

/**
 * The filters of GeoReport v2's GET requests, read from the query and checked: {@code service_request_id} (a comma
 * list; overrides every other filter, as the specification says), {@code service_code} and {@code status} (comma
 * lists), {@code start_date} / {@code end_date} (W3C datetimes with a zone, or a date taken at midnight in the city; a
 * window of at most 90 days, the most recent 90 days when neither is given) and the paging extension ({@code page} from
 * 1, {@code page_size} up to 1000, the specification's most requests per answer). Framework-free: the verticle passes
 * the query parameters in.
 */
record RequestQuery(List<String> ids, Set<String> serviceCodes, Set<String> statuses, Instant start, Instant end,
                    int page, int pageSize) {

    static final Duration MAX_WINDOW = Duration.ofDays(90);
    static final int MAX_PAGE_SIZE = 1000;
    static final int MAX_IDS = 1000;
    static final Set<String> STATUSES = Set.of("open", "closed");

    /** A query parameter that cannot be answered: a 400 with this message. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /** Reads the filters from {@code param} (a query parameter by name, null when absent); {@code now} ends the default window. */
    static RequestQuery parse(Function<String, String> param, Instant now) throws Invalid {
        int page = integer(param, "page", 1, 1, 1_000_000);
        int pageSize = integer(param, "page_size", MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        List<String> ids = list(param.apply("service_request_id"));
        if (ids.size() > MAX_IDS) throw new Invalid("service_request_id lists " + ids.size() + " ids; at most " + MAX_IDS);
        Set<String> codes = new LinkedHashSet<>(list(param.apply("service_code")));
        Set<String> statuses = new LinkedHashSet<>();
        for (String s : list(param.apply("status"))) {
            String st = s.toLowerCase(java.util.Locale.ROOT);
            if (!STATUSES.contains(st)) throw new Invalid("status " + s + " is not open or closed");
            statuses.add(st);
        }
        Instant start = time(param, "start_date");
        Instant end = time(param, "end_date");
        if (start != null && end != null) {
            if (end.isBefore(start)) throw new Invalid("end_date " + end + " is before start_date " + start);
            if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
                throw new Invalid("start_date to end_date spans more than 90 days");
            }
        } else if (start != null) {
            end = start.plus(MAX_WINDOW);
        } else if (end != null) {
            start = end.minus(MAX_WINDOW);
        } else {
            end = now;
            start = now.minus(MAX_WINDOW);
        }
        return new RequestQuery(ids, codes, statuses, start, end, page, pageSize);
    }

    /** Whether a request requested at {@code requested}, of {@code serviceCode}, now {@code status}, is asked for. */
    boolean matches(String id, String serviceCode, String status, Instant requested) {
        if (!ids.isEmpty()) return ids.contains(id);
        if (!serviceCodes.isEmpty() && !serviceCodes.contains(serviceCode)) return false;
        if (!statuses.isEmpty() && !statuses.contains(status)) return false;
        return requested != null && !requested.isBefore(start) && !requested.isAfter(end);
    }

    /** The index of the first result of this page. */
    long offset() {
        return (long) (page - 1) * pageSize;
    }

    private static List<String> list(String v) {
        if (v == null || v.isBlank()) return List.of();
        List<String> out = new ArrayList<>();
        Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().forEach(out::add);
        return out;
    }

    private static int integer(Function<String, String> param, String name, int absent, int min, int max) throws Invalid {
        String v = param.apply(name);
        if (v == null || v.isBlank()) return absent;
        try {
            int i = Integer.parseInt(v.strip());
            if (i < min || i > max) throw new Invalid(name + "=" + v + " is outside " + min + ".." + max);
            return i;
        } catch (NumberFormatException e) {
            throw new Invalid(name + " must be a whole number, not " + v);
        }
    }

    /**
     * A W3C datetime with its zone ({@code 2026-12-01T00:00:00+07:00}, {@code …Z}, minutes without seconds too) or a
     * date ({@code 2026-12-01}, midnight in the city). A '+' sent unencoded in a query arrives as a space: read as '+'.
     */
    static Instant time(Function<String, String> param, String name) throws Invalid {
        String v = param.apply(name);
        if (v == null || v.isBlank()) return null;
        String t = v.strip().replace(' ', '+');
        try {
            if (t.length() == 10) return LocalDate.parse(t).atStartOfDay(WorkingCalendar.CITY_ZONE).toInstant();
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new Invalid(name + " must be a W3C datetime with a zone, e.g. 2026-12-01T00:00:00+07:00 (got " + v + ")");
        }
    }
}
