package org.iocity.api;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iocity.model.CongestionResult;
import org.iocity.model.Json;
import org.iocity.model.Registry;

/**
 * The HTTP side of the service, on one event loop: REST under {@code /api/v1}, the live WebSocket
 * {@code /api/v1/live}, {@code /health} and the wall page {@code /wall}. It holds no Kafka or InfluxDB client itself:
 * results arrive through {@link #publish} and history through a {@link HistoryStore}, so a test can run it alone.
 */
public final class ApiVerticle extends VerticleBase {
    public static final String LIVE_PATH = "/api/v1/live";
    static final int MAX_PENDING_PER_CLIENT = 10_000;

    private final ApiSettings settings;
    private final Registry registry;
    private final Tokens tokens;
    private final CongestionState state;
    private final HistoryStore history;
    private final ServiceStatus status;
    private HttpServer server;
    private WorkerExecutor workers;
    private LiveHub hub;
    private Auth auth;
    private long lagTimer = -1;
    private volatile int port = -1;

    public ApiVerticle(ApiSettings settings, Registry registry, Tokens tokens, CongestionState state,
                       HistoryStore history, ServiceStatus status) {
        this.settings = settings;
        this.registry = registry;
        this.tokens = tokens;
        this.state = state;
        this.history = history;
        this.status = status;
    }

    @Override
    public Future<?> start() {
        GeoJson geoJson = new GeoJson(registry);
        auth = new Auth(tokens);
        workers = vertx.createSharedWorkerExecutor("ioc-influx", 4);
        hub = new LiveHub(geoJson, state, settings.liveMaxLag(), MAX_PENDING_PER_CLIENT, settings.liveWriteQueueBytes());
        ProblemHandler problems = new ProblemHandler();
        CongestionApi congestion = new CongestionApi(registry, state, geoJson);
        HistoryApi historyApi = new HistoryApi(registry, history, workers, settings.historyMaxPoints());
        HealthApi health = new HealthApi(status, state, history, hub, workers);

        Router api = Router.router(vertx);
        api.route().handler(auth.allow(Role.ALL));
        api.get("/congestion").handler(congestion::list);
        api.get("/history/congestion").handler(historyApi::congestion);
        api.get("/live").handler(ctx -> ctx.fail(new Problem(426, "upgrade-required", "Upgrade required",
                "open " + LIVE_PATH + " as a WebSocket")));
        api.get("/whoami").handler(this::whoami);
        api.get("/admin/status").handler(auth.allow(EnumSet.of(Role.ADMIN))).handler(this::adminStatus);

        Router root = Router.router(vertx);
        root.get("/health").handler(health::health);
        root.get("/wall").handler(ctx -> ctx.response()
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .sendFile("webroot/wall.html")
                .onFailure(ctx::fail));
        root.route("/api/v1/*").subRouter(api);
        root.route().failureHandler(problems::handle);
        root.errorHandler(404, ctx -> problems.status(ctx, 404));
        root.errorHandler(405, ctx -> problems.status(ctx, 405));

        lagTimer = vertx.setPeriodic(1000, id -> hub.closeHopeless());
        server = vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port()))
                .requestHandler(root)
                .webSocketHandshakeHandler(this::handshake)
                .webSocketHandler(this::connected);
        return server.listen().onSuccess(s -> port = s.actualPort());
    }

    /** The WebSocket gate: right path and a valid token, else the upgrade is refused (404, 401). */
    private void handshake(ServerWebSocketHandshake hs) {
        if (!LIVE_PATH.equals(hs.path())) {
            hs.reject(404);
            return;
        }
        Tokens.Decision d = auth.decide(hs.headers(), hs.query(), Role.ALL);
        if (!d.allowed()) {
            hs.reject(d.status());
            return;
        }
        hs.accept();
    }

    private void connected(ServerWebSocket ws) {
        Tokens.Decision d = auth.decide(ws.headers(), ws.query(), Role.ALL);
        if (!d.allowed()) { // the handshake let it through, so this does not happen
            ws.close((short) 1008, "not authorised");
            return;
        }
        hub.accept(ws, d.principal());
    }

    private void whoami(RoutingContext ctx) {
        Tokens.Principal p = ctx.get(Auth.PRINCIPAL);
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.toString(Map.of("name", p.name(), "role", p.role().id())));
    }

    private void adminStatus(RoutingContext ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("live", status.live());
        m.put("historyWriter", status.historyWriter());
        m.put("websocket", hub.status());
        m.put("segments", state.size());
        m.put("tokens", tokens.size());
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Json.toString(m));
    }

    /**
     * Applies results on this verticle's event loop: each one that becomes its segment's latest is pushed to the
     * live subscribers. Callable from any thread; the future completes once they are applied.
     */
    public Future<Void> publish(List<CongestionResult> results) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            for (CongestionResult r : results) {
                if (state.update(r)) hub.broadcast(r);
            }
            done.complete();
        });
        return done.future();
    }

    /** The port listened on, once started. */
    public int port() {
        return port;
    }

    @Override
    public Future<?> stop() {
        if (lagTimer >= 0) vertx.cancelTimer(lagTimer);
        if (hub != null) hub.closeAll();
        return workers == null ? Future.succeededFuture() : workers.close();
    }
}
