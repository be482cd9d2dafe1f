package org.iocity.ingest.open311;

import java.util.Map;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;
import org.iocity.model.web.Problem;

/**
 * An HTTP error of the intake as an RFC 9457 problem ({@link Problem}, the body every service writes), with
 * {@code reason} (the dead-letter reason) when the request was refused.
 */
final class HttpProblem extends Problem {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    HttpProblem(int status, String type, String title, String detail, RejectReason reason) {
        super(status, type, title, detail, reason == null ? Map.of() : Map.of("reason", reason.name()));
        this.reason = reason;
    }

    /**
     * The problem for a refused request: 401 for credentials, 413 for size, 415 for the content type, else 400; on the GeoReport endpoints ({@code geoReport}) with the statuses GeoReport v2
     * specifies: 403 for a missing or wrong api_key, 404 for a service_code that is not found.
     */
    static HttpProblem refused(Rejection r, boolean geoReport) {
        return switch (r.reason()) {
            case UNAUTHORIZED -> geoReport ? new HttpProblem(403, "forbidden", "Missing or invalid api_key", r.detail(), r.reason())
                    : new HttpProblem(401, "unauthorized", "Authentication required", r.detail(), r.reason());
            case UNKNOWN_SERVICE -> new HttpProblem(geoReport ? 404 : 400, "unknown-service", "Unknown service_code", r.detail(),
                    r.reason());
            case OVERSIZE -> new HttpProblem(413, "payload-too-large", "Request body too large", r.detail(), r.reason());
            case UNSUPPORTED_MEDIA_TYPE -> new HttpProblem(415, "unsupported-media-type", "Unsupported content type", r.detail(),
                    r.reason());
            default -> new HttpProblem(400, "invalid-request", "Invalid request", r.detail(), r.reason());
        };
    }

    /** GeoReport v2: a jurisdiction_id this endpoint does not serve is not found. */
    static HttpProblem unknownJurisdiction(String detail) {
        return new HttpProblem(404, "unknown-jurisdiction", "Unknown jurisdiction_id", detail, RejectReason.OUT_OF_RANGE);
    }

    static HttpProblem forbidden(String detail) {
        return new HttpProblem(403, "forbidden", "Not allowed for this key", detail, RejectReason.UNAUTHORIZED);
    }

    RejectReason reason() {
        return reason;
    }
}
