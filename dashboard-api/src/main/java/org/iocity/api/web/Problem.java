package org.iocity.api.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.iocity.model.Json;

/**
 * An HTTP error as an RFC 9457 problem: thrown (or passed to {@code ctx.fail}) anywhere, written once by
 * {@link ProblemHandler}. Stack-less: these are expected conditions.
 */
public final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:iocity:problem:";

    private final int status;
    private final String type;
    private final String title;

    public Problem(int status, String type, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public static Problem badRequest(String detail) {
        return new Problem(400, "invalid-parameter", "Invalid request parameter", detail);
    }

    public static Problem unauthorized(String detail) {
        return new Problem(401, "unauthorized", "Authentication required", detail);
    }

    public static Problem forbidden(String detail) {
        return new Problem(403, "forbidden", "Not allowed for this role", detail);
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "not-found", "Not found", detail);
    }

    public static Problem unavailable(String detail) {
        return new Problem(503, "unavailable", "Service unavailable", detail);
    }

    /** A problem for a bare status code (no route, wrong method, an unexpected failure). */
    public static Problem ofStatus(int status, String detail) {
        return switch (status) {
            case 400 -> badRequest(detail);
            case 401 -> unauthorized(detail);
            case 403 -> forbidden(detail);
            case 404 -> notFound(detail);
            case 405 -> new Problem(405, "method-not-allowed", "Method not allowed", detail);
            case 503 -> unavailable(detail);
            default -> status >= 400 && status < 500
                    ? new Problem(status, "client-error", "Client error", detail)
                    : new Problem(500, "internal", "Internal error", detail);
        };
    }

    public int status() {
        return status;
    }

    /** The full type URI. */
    public String type() {
        return TYPE_PREFIX + type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    /** The body; {@code instance} is the request path (never the query, which may hold a token). */
    public ObjectNode toJson(String instance) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("type", type());
        o.put("title", title);
        o.put("status", status);
        if (getMessage() != null) o.put("detail", getMessage());
        if (instance != null) o.put("instance", instance);
        return o;
    }
}
