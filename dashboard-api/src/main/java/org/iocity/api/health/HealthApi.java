package org.iocity.api.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.iocity.api.history.HistoryStore;
import org.iocity.api.live.LiveHub;
import org.iocity.api.state.CongestionState;
import org.iocity.model.records.Json;

/**
 * {@code GET /health} (no auth): 200 while the live state consumer runs, else 503; the body tells whether InfluxDB
 * answers a ping (checked on a worker) and how the history writer and the live state are doing.
 */
public final class HealthApi {
    private final ServiceStatus status;
    private final CongestionState state;
    private final HistoryStore history;
    private final LiveHub hub;
    private final WorkerExecutor workers;
    private final java.util.function.Supplier<java.util.Map<String, Object>> tokens;

    public HealthApi(ServiceStatus status, CongestionState state, HistoryStore history, LiveHub hub, WorkerExecutor workers,
                     java.util.function.Supplier<java.util.Map<String, Object>> tokens) {
        this.tokens = tokens;
        this.status = status;
        this.state = state;
        this.history = history;
        this.hub = hub;
        this.workers = workers;
    }

    public void health(RoutingContext ctx) {
        workers.executeBlocking(history::ping, false)
                .otherwise(false)
                .onSuccess(influxUp -> {
                    boolean up = status.liveRunning();
                    ObjectNode o = Json.mapper().createObjectNode();
                    o.put("status", up ? "UP" : "DOWN");
                    o.set("kafka", Json.mapper().valueToTree(status.live()));
                    ObjectNode influx = o.putObject("influx");
                    influx.put("reachable", influxUp);
                    influx.set("writer", Json.mapper().valueToTree(status.historyWriter()));
                    ObjectNode congestion = o.putObject("congestion");
                    congestion.put("segments", state.size());
                    congestion.put("lastUpdate", state.lastUpdate().map(Object::toString).orElse(null));
                    congestion.put("latestWindowEnd", state.latestWindowEnd().map(Object::toString).orElse(null));
                    o.set("live", Json.mapper().valueToTree(hub.status()));
                    // tokens that expire soon or a tokens file that no longer reads: said here, days before a wall goes dark
                    o.set("tokens", Json.mapper().valueToTree(tokens.get()));
                    ctx.response()
                            .setStatusCode(up ? 200 : 503)
                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                            .end(Json.toString(o));
                });
    }
}
