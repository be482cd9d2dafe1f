package org.iocity.api.history;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.iocity.api.web.Problem;
import org.iocity.api.web.Text;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;

/**
 * {@code GET /api/v1/history/{measure}?entity=&from=&to=&step=}: one entity's buckets from the history store,
 * queried on a worker pool (never on the event loop).
 */
public final class HistoryApi {
    private final Registry registry;
    private final HistoryStore store;
    private final WorkerExecutor workers;
    private final int maxPoints;

    public HistoryApi(Registry registry, HistoryStore store, WorkerExecutor workers, int maxPoints) {
        this.registry = registry;
        this.store = store;
        this.workers = workers;
        this.maxPoints = maxPoints;
    }

    public void history(RoutingContext ctx) {
        String name = ctx.pathParam("measure");
        HistoryMeasure measure = HistoryMeasure.of(name).orElseThrow(() -> Problem.notFound("unknown history measure "
                + Text.clip(name) + ": expected one of " + HistoryMeasure.names()));
        HistoryQuery q = HistoryQuery.parse(measure, ctx.request().getParam("entity"), ctx.request().getParam("from"),
                ctx.request().getParam("to"), ctx.request().getParam("step"), registry, maxPoints);
        workers.executeBlocking(() -> store.history(q), false)
                .onSuccess(rows -> ctx.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(Json.toString(body(q, rows))))
                .onFailure(ctx::fail);
    }

    static ObjectNode body(HistoryQuery q, List<Map<String, Object>> rows) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("measure", q.measure().path);
        o.put("entity", q.entity());
        o.put("measurement", q.measure().measurement);
        o.put("from", q.from().toString());
        o.put("to", q.to().toString());
        o.put("step", q.stepText());
        o.set("points", Json.mapper().valueToTree(rows));
        return o;
    }
}
