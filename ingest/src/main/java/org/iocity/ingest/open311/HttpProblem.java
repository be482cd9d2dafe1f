package org.iocity.ingest.open311;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.iocity.model.records.Json;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;

/**
 * An HTTP error as an RFC 9457 problem ({@code application/problem+json}), the same shape as the dashboard API's:
 * {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}, plus {@code reason} (the dead-letter
 * reason) when the request was refused. Stack-less: these are expected conditions.
 */
final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:iocity:problem:";

    private final int status;
    private final String type;
    private final String title;
    private final RejectReason reason;

    HttpProblem(int status, String type, String title, String detail, RejectReason reason) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.reason = reason;
    }

    /** The problem for a refused request: 401 for credentials, 413 for size, 415 for the content type, else 400. */
    static HttpProblem refused(Rejection r) {
        return switch (r.reason()) {
            case UNAUTHORIZED -> new HttpProblem(401, "unauthorized", "Authentication required", r.detail(), r.reason());
            case OVERSIZE -> new HttpProblem(413, "payload-too-large", "Request body too large", r.detail(), r.reason());
            case UNSUPPORTED_MEDIA_TYPE -> new HttpProblem(415, "unsupported-media-type", "Unsupported content type", r.detail(),
                    r.reason());
            default -> new HttpProblem(400, "invalid-request", "Invalid request", r.detail(), r.reason());
        };
    }

    static HttpProblem forbidden(String detail) {
        return new HttpProblem(403, "forbidden", "Not allowed for this key", detail, RejectReason.UNAUTHORIZED);
    }

    static HttpProblem ofStatus(int status, String detail) {
        return switch (status) {
            case 404 -> new HttpProblem(404, "not-found", "Not found", detail, null);
            case 405 -> new HttpProblem(405, "method-not-allowed", "Method not allowed", detail, null);
            case 503 -> new HttpProblem(503, "unavailable", "Service unavailable", detail, null);
            default -> status >= 400 && status < 500
                    ? new HttpProblem(status, "client-error", "Client error", detail, null)
                    : new HttpProblem(500, "internal", "Internal error", detail, null);
        };
    }

    int status() {
        return status;
    }

    RejectReason reason() {
        return reason;
    }

    String detail() {
        return getMessage();
    }

    String toJson(String instance) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("type", TYPE_PREFIX + type);
        o.put("title", title);
        o.put("status", status);
        if (getMessage() != null) o.put("detail", getMessage());
        if (instance != null) o.put("instance", instance);
        if (reason != null) o.put("reason", reason.name());
        return Json.toString(o);
    }
}
