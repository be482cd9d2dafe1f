package org.iocity.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.iocity.api.history.HistoryStore;
import org.iocity.api.web.Problem;
import org.iocity.model.records.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place errors become responses: every failure and every unmatched route is an RFC 9457 problem body. */
final class ProblemHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

    /** Failure handler: a {@link Problem}, a history outage, a bare status code, or an unexpected error (500). */
    void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        org.iocity.model.web.Problem problem;
        if (failure instanceof org.iocity.model.web.Problem p) {
            problem = p;
        } else if (failure instanceof HistoryStore.UnavailableException e) {
            problem = Problem.unavailable(e.getMessage());
        } else if (failure instanceof HttpException e && e.getStatusCode() < 500) {
            problem = Problem.ofStatus(e.getStatusCode(), e.getPayload());
        } else if (failure == null || ctx.statusCode() != -1 && ctx.statusCode() != 500) {
            problem = Problem.ofStatus(ctx.statusCode() == -1 ? 500 : ctx.statusCode(), null);
        } else {
            LOG.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
            problem = Problem.ofStatus(500, "unexpected error; see the server log");
        }
        send(ctx, problem);
    }

    /** Error handler for a status the router produced itself (no route: 404, wrong method: 405). */
    void status(RoutingContext ctx, int status) {
        String detail = switch (status) {
            case 404 -> "no resource at " + ctx.request().path();
            case 405 -> ctx.request().method() + " is not allowed on " + ctx.request().path();
            default -> null;
        };
        send(ctx, Problem.ofStatus(status, detail));
    }

    static void send(RoutingContext ctx, org.iocity.model.web.Problem problem) {
        if (ctx.response().ended() || ctx.response().closed()) return;
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        if (problem.status() == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"ioc\"");
        }
        ctx.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(Json.toString(problem.toJson(ctx.request().path())));
    }
}
