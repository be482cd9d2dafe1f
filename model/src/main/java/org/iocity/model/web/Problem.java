package org.iocity.model.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.iocity.model.records.Json;

/**
 * An HTTP error as an RFC 9457 problem ({@code application/problem+json}), the one shape every HTTP service of the
 * system answers with: {@code type} ({@code urn:iocity:problem:<name>}), {@code title}, {@code status}, {@code detail},
 * {@code instance} (the request path, never its query), then the extension members of the service (the intake's
 * dead-letter {@code reason}). Thrown where the condition is found and written once by the service's failure handler;
 * stack-less: these are expected conditions. The services subclass it for their own factories.
 */
public class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:iocity:problem:";

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, String> members;

    /** @param type the short name, such as {@code not-found} */
    public Problem(int status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    /** @param members extension members written after the standard ones, in their order (null values left out) */
    public Problem(int status, String type, String title, String detail, Map<String, String> members) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.members = new LinkedHashMap<>(members);
    }

    /**
     * The problem of a bare status code that no service gives a meaning of its own: 404, 405, 503, any other 4xx as
     * a client error, anything else as an internal error (500).
     */
    public static Problem ofStatus(int status, String detail) {
        return switch (status) {
            case 404 -> new Problem(404, "not-found", "Not found", detail);
            case 405 -> new Problem(405, "method-not-allowed", "Method not allowed", detail);
            case 503 -> new Problem(503, "unavailable", "Service unavailable", detail);
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
        members.forEach((k, v) -> {
            if (v != null) o.put(k, v);
        });
        return o;
    }
}
