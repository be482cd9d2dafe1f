package org.iocity.api.web;

/**
 * An HTTP error of the dashboard API as an RFC 9457 problem ({@link org.iocity.model.web.Problem}, the body every
 * service writes): thrown (or passed to {@code ctx.fail}) anywhere, written once by {@code ProblemHandler}. Adds the
 * dashboard's own problems: bad parameters, missing tokens, roles not allowed.
 */
public final class Problem extends org.iocity.model.web.Problem {
    private static final long serialVersionUID = 1L;

    public Problem(int status, String type, String title, String detail) {
        super(status, type, title, detail);
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
    public static org.iocity.model.web.Problem ofStatus(int status, String detail) {
        return switch (status) {
            case 400 -> badRequest(detail);
            case 401 -> unauthorized(detail);
            case 403 -> forbidden(detail);
            default -> org.iocity.model.web.Problem.ofStatus(status, detail);
        };
    }
}
