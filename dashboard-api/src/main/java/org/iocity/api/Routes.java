package org.iocity.api;

import static org.iocity.api.auth.Access.ADMIN_ONLY;
import static org.iocity.api.auth.Access.ALERT_ACK;
import static org.iocity.api.auth.Access.HISTORY;
import static org.iocity.api.auth.Access.READ;
import static org.iocity.api.auth.Access.REPORTS;
import static org.iocity.api.auth.Access.SIGNAL_PERFORMANCE;
import static org.iocity.api.auth.Access.SIGNAL_PLANS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.iocity.api.auth.Role;
import org.iocity.api.health.HealthApi;
import org.iocity.api.history.HistoryApi;
import org.iocity.api.reports.ReportsApi;
import org.iocity.api.signals.SignalPerformanceApi;
import org.iocity.api.signals.SignalPlansApi;
import org.iocity.api.views.CongestionApi;
import org.iocity.api.views.ResultsApi;

/**
 * The one list of the service's routes: each with its method, path (as the router spells it), the roles that may call
 * it (none for a public route), its operation in {@code /openapi.json} and its handler. The router is built from it
 * ({@link ApiVerticle}), the access guards take their roles from it, the tests walk every row × every role, and the
 * served OpenAPI document is checked against it and gets each operation's {@code x-roles} and security from it
 * ({@link #document}).
 */
public final class Routes {
    private Routes() {}

    /** The objects whose methods handle the routes (made when the verticle starts). */
    public record Handlers(ApiVerticle api, HealthApi health, CongestionApi congestion, ResultsApi results,
                           ReportsApi reports, HistoryApi history, SignalPerformanceApi signals, SignalPlansApi plans) {}

    /**
     * One route.
     *
     * @param roles       who may call it; empty for a public route (no token)
     * @param operationId its operation in {@code /openapi.json}
     */
    public record Row(HttpMethod method, String path, Set<Role> roles, String operationId,
                      Function<Handlers, Handler<RoutingContext>> handler) {
        public boolean isPublic() {
            return roles.isEmpty();
        }

        /** {@code "METHOD path"}. */
        public String key() {
            return method.name() + " " + path;
        }
    }

    private static Row open(String path, String operationId, Function<Handlers, Handler<RoutingContext>> handler) {
        return new Row(HttpMethod.GET, path, Set.of(), operationId, handler);
    }

    private static Row get(String path, Set<Role> roles, String operationId,
                           Function<Handlers, Handler<RoutingContext>> handler) {
        return new Row(HttpMethod.GET, path, roles, operationId, handler);
    }

    private static Row post(String path, Set<Role> roles, String operationId,
                            Function<Handlers, Handler<RoutingContext>> handler) {
        return new Row(HttpMethod.POST, path, roles, operationId, handler);
    }

    /** Every route, in the router's order. */
    public static final List<Row> ALL = List.of(
            open("/health", "health", h -> h.health()::health),
            open("/openapi.json", "openapi", h -> h.api()::openApi),
            open("/", "wallPage", h -> h.api()::wallPage),
            open("/wall", "wallPageAlias", h -> h.api()::wallPage),
            get("/metrics", ADMIN_ONLY, "metrics", h -> h.api()::metrics),
            get("/api/v1/congestion", READ, "congestion", h -> h.congestion()::list),
            get("/api/v1/congestion/areas", READ, "congestionAreas", h -> h.results()::areas),
            get("/api/v1/sensors", READ, "listSensors", h -> h.results()::sensors),
            get("/api/v1/history/:measure", HISTORY, "history", h -> h.history()::history),
            get(ApiVerticle.LIVE_PATH, READ, "liveWebSocket", h -> h.api()::upgradeRequired),
            get(ApiVerticle.SSE_PATH, READ, "liveSse", h -> h.api()::sse),
            get("/api/v1/whoami", READ, "whoami", h -> h.api()::whoami),
            get("/api/v1/admin/status", ADMIN_ONLY, "adminStatus", h -> h.api()::adminStatus),
            get("/api/v1/alerts", READ, "listAlerts", h -> h.results()::alerts),
            post("/api/v1/alerts/:id/ack", ALERT_ACK, "ackAlert", h -> h.results()::ack),
            get("/api/v1/heatmap", READ, "complaintHeatmap", h -> h.results()::heatmap),
            get("/api/v1/kpis", READ, "serviceKpis", h -> h.results()::kpis),
            get("/api/v1/reports/daily", REPORTS, "dailyReport", h -> h.reports()::daily),
            get("/api/v1/reports/weekly", REPORTS, "weeklyReport", h -> h.reports()::weekly),
            get("/api/v1/reports/monthly", REPORTS, "monthlyReport", h -> h.reports()::monthly),
            get("/api/v1/devices", READ, "listDevices", h -> h.results()::devices),
            get("/api/v1/signals/:id/performance", SIGNAL_PERFORMANCE, "signalPerformance", h -> h.signals()::performance),
            get("/api/v1/signals/:id/plans/compare", SIGNAL_PLANS, "comparePlanChange", h -> h.signals()::compare),
            get("/api/v1/signals/:id/plans", SIGNAL_PLANS, "listSignalPlans", h -> h.plans()::list),
            post("/api/v1/signals/:id/plans", SIGNAL_PLANS, "sendSignalPlan", h -> h.plans()::post));

    /** {@code "METHOD path"} → roles, for the routes that need a token. */
    public static final Map<String, Set<Role>> TABLE;
    /** {@code "METHOD path"} of the routes that need no token: health, the document and the wall page. */
    public static final Set<String> PUBLIC;

    static {
        Map<String, Set<Role>> t = new LinkedHashMap<>();
        Set<String> p = new LinkedHashSet<>();
        for (Row r : ALL) {
            if (r.isPublic()) p.add(r.key());
            else t.put(r.key(), r.roles());
        }
        TABLE = Collections.unmodifiableMap(t);
        PUBLIC = Collections.unmodifiableSet(p);
    }

    /** The roles of a guarded route. */
    public static Set<Role> roles(String method, String path) {
        Set<Role> r = TABLE.get(method + " " + path);
        if (r == null) throw new IllegalArgumentException("no access rule for " + method + " " + path);
        return r;
    }

    /** A router path in OpenAPI's spelling: {@code :id} → {@code {id}}. */
    static String openApiPath(String routerPath) {
        return routerPath.replaceAll(":([A-Za-z]+)", "{$1}");
    }

    /**
     * The OpenAPI document as served: {@code raw} with every operation's {@code x-roles} (and, for a public route, an
     * empty {@code security}) taken from this table. Throws when the document's operations are not exactly the
     * table's rows, with the same operation ids.
     */
    public static JsonNode document(JsonNode raw) {
        ObjectNode doc = raw.deepCopy();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Row r : ALL) rows.put(r.method().name() + " " + openApiPath(r.path()), r);
        Set<String> documented = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            if (op.getKey().equals("parameters")) return;
            String key = op.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey();
            documented.add(key);
            Row row = rows.get(key);
            if (row == null) return;
            if (!row.operationId().equals(op.getValue().path("operationId").asText())) {
                wrong.add(key + " has operationId " + op.getValue().path("operationId") + ", the table "
                        + row.operationId());
            }
            ((ObjectNode) p.getValue()).set(op.getKey(), withRoles((ObjectNode) op.getValue(), row));
        }));
        Set<String> routed = new TreeSet<>(rows.keySet());
        Set<String> undocumented = new TreeSet<>(routed);
        undocumented.removeAll(documented);
        documented.removeAll(routed);
        if (!undocumented.isEmpty()) wrong.add("routes missing from the document: " + undocumented);
        if (!documented.isEmpty()) wrong.add("documented operations with no route: " + documented);
        if (!wrong.isEmpty()) throw new IllegalStateException("openapi.json and the route table differ: " + wrong);
        return doc;
    }

    /** {@code op} with {@code security} (public routes) and {@code x-roles} after its summary. */
    private static ObjectNode withRoles(ObjectNode op, Row row) {
        ObjectNode out = op.objectNode();
        op.fields().forEachRemaining(f -> {
            if (f.getKey().equals("x-roles") || f.getKey().equals("security") && row.isPublic()) return;
            out.set(f.getKey(), f.getValue());
            if (f.getKey().equals("summary")) {
                if (row.isPublic()) out.putArray("security");
                ArrayNode roles = out.putArray("x-roles");
                row.roles().forEach(r -> roles.add(r.id()));
            }
        });
        if (!out.has("x-roles")) out.set("x-roles", out.arrayNode().addAll(row.roles().stream()
                .map(r -> (JsonNode) out.textNode(r.id())).toList()));
        return out;
    }
}
