package org.iocity.api.auth;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.iocity.api.web.Problem;

/** Route guards over {@link Tokens}: a failed check fails the request with a 401 or 403 {@link Problem}. */
public final class Auth {
    public static final String PRINCIPAL = "ioc.principal";
    static final String ACCESS_TOKEN = "access_token";

    private final TokenStore tokens;

    public Auth(TokenStore tokens) {
        this.tokens = tokens;
    }

    /** A handler that lets a request through only with a valid token of one of {@code roles}. */
    public Handler<RoutingContext> allow(Set<Role> roles) {
        return ctx -> {
            Tokens.Decision d = decide(ctx.request().headers(), ctx.request().query(), roles);
            if (d.allowed()) {
                ctx.put(PRINCIPAL, d.principal());
                ctx.next();
            } else if (d.status() == 403) {
                ctx.fail(Problem.forbidden(d.detail()));
            } else {
                ctx.fail(Problem.unauthorized(d.detail()));
            }
        };
    }

    public Tokens.Decision decide(MultiMap headers, String query, Set<Role> roles) {
        return tokens.current().decide(headers.get(HttpHeaders.AUTHORIZATION), queryParam(query, ACCESS_TOKEN), roles);
    }

    /** The first value of {@code name} in a raw query string, decoded; null when absent. */
    static String queryParam(String query, String name) {
        if (query == null || query.isEmpty()) return null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equals(decode(key))) return eq < 0 ? "" : decode(pair.substring(eq + 1));
        }
        return null;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
