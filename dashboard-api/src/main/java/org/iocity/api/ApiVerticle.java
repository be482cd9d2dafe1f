package org.iocity.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iocity.api.auth.Auth;
import org.iocity.api.auth.TokenStore;
import org.iocity.api.auth.Tokens;
import org.iocity.api.config.ApiSettings;
import org.iocity.api.health.HealthApi;
import org.iocity.api.health.ServiceStatus;
import org.iocity.api.history.HistoryApi;
import org.iocity.api.reports.Reports;
import org.iocity.api.reports.ReportsApi;
import org.iocity.api.history.HistoryStore;
import org.iocity.api.live.LiveHub;
import org.iocity.api.live.SseTransport;
import org.iocity.api.live.WebSocketTransport;
import org.iocity.api.metrics.ApiMetrics;
import org.iocity.api.signals.AuditTrail;
import org.iocity.api.signals.PlanPublisher;
import org.iocity.api.signals.SignalPerformanceApi;
import org.iocity.api.signals.SignalPlansApi;
import org.iocity.api.state.CongestionState;
import org.iocity.api.state.LiveApplier;
import org.iocity.api.state.ResultState;
import org.iocity.api.views.CongestionApi;
import org.iocity.api.views.GeoJson;
import org.iocity.api.views.LivePush;
import org.iocity.api.views.LiveViews;
import org.iocity.api.views.MapLayers;
import org.iocity.api.views.ResultsApi;
import org.iocity.api.views.WallPage;
import org.iocity.api.web.OpenApiRequests;
import org.iocity.api.web.Problem;
import org.iocity.api.web.RateLimiter;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;

/**
 * The HTTP side of the service, on one event loop: REST under {@code /api/v1}, the live WebSocket
 * {@code /api/v1/live} and its Server-Sent Events twin {@code /api/v1/live/sse}, {@code /health}, {@code /metrics},
 * {@code /openapi.json} and the wall page {@code /} (alias {@code /wall}). Every route, with who may call it, is a row
 * of {@link Routes}. It holds no Kafka or InfluxDB client itself: results arrive through {@link #publish} and history
 * through a {@link HistoryStore}, so a test can run it alone.
 */
public final class ApiVerticle extends VerticleBase {
    public static final String LIVE_PATH = "/api/v1/live";
    public static final String SSE_PATH = "/api/v1/live/sse";
    public static final String OPENAPI_RESOURCE = "openapi.json";
    private static final String ROUTE = "ioc.route";
    static final int MAX_PENDING_PER_CLIENT = 10_000;
    static final int MAX_BODY_BYTES = 16 * 1024;

    private final ApiSettings settings;
    private RateLimiter limiter;
    private RateLimiter handshakes;
    private final Registry registry;
    private final TokenStore tokens;
    private final CongestionState state;
    private final HistoryStore history;
    private final ServiceStatus status;
    private final ResultState results = new ResultState();
    private GeoJson geoJson;
    private LiveViews views;
    private HttpServer server;
    private WorkerExecutor workers;
    private LiveHub hub;
    private LiveApplier applier;
    private Auth auth;
    private OpenApiRequests contract;
    private long lagTimer = -1;
    private long tokensTimer = -1;
    private volatile int port = -1;
    private Router router;
    private String documentText;
    private String wallPage;
    private ApiMetrics metrics;

    /**
     * What a deployment adds to the core: metrics, the plan publisher and the audit trail.
     *
     * @param wallTiles tile URL template for the wall's background ({@code api.wall.tiles}), or null for none
     */
    public record Parts(ApiMetrics metrics, PlanPublisher plans, AuditTrail audit, String wallTiles) {
        /** No metrics, no MQTT broker (every plan is refused with 503), an audit trail kept in memory only. */
        static Parts none() {
            return new Parts(ApiMetrics.NOOP, new PlanPublisher() {
                @Override
                public void publish(String topic, byte[] payload) throws UnavailableException {
                    throw new UnavailableException("no MQTT broker configured (mqtt.url)", null);
                }

                @Override
                public void close() {}
            }, new AuditTrail((k, r) -> java.util.concurrent.CompletableFuture.completedFuture(null), 100), null);
        }
    }

    private final Parts parts;

    public ApiVerticle(ApiSettings settings, Registry registry, Tokens tokens, CongestionState state,
                       HistoryStore history, ServiceStatus status) {
        this(settings, registry, tokens, state, history, status, Parts.none());
    }

    public ApiVerticle(ApiSettings settings, Registry registry, Tokens tokens, CongestionState state,
                       HistoryStore history, ServiceStatus status, Parts parts) {
        this(settings, registry, TokenStore.fixed(tokens), state, history, status, parts);
    }

    /** With the tokens file watched: a changed file is read again every {@code api.tokens.reload}. */
    public ApiVerticle(ApiSettings settings, Registry registry, TokenStore tokens, CongestionState state,
                       HistoryStore history, ServiceStatus status, Parts parts) {
        this.settings = settings;
        this.registry = registry;
        this.tokens = tokens;
        this.state = state;
        this.history = history;
        this.status = status;
        this.parts = parts;
    }

    @Override
    public Future<?> start() {
        geoJson = new GeoJson(registry);
        auth = new Auth(tokens);
        JsonNode document = Routes.document(OpenApiRequests.read(OPENAPI_RESOURCE));
        documentText = Json.toString(document);
        contract = OpenApiRequests.of(document);
        limiter = new RateLimiter(settings.rateLimitPerMinute(), System::nanoTime);
        handshakes = new RateLimiter(settings.liveHandshakesPerMinute(), System::nanoTime);
        metrics = parts.metrics();
        workers = vertx.createSharedWorkerExecutor("ioc-influx", 4);
        java.time.Clock clock = java.time.Clock.systemUTC();
        MapLayers layers = new MapLayers(registry);
        views = new LiveViews(registry, state, results, geoJson, layers, clock);
        hub = new LiveHub(views::snapshot, settings.liveMaxLag(), MAX_PENDING_PER_CLIENT, metrics,
                settings.liveMessagesPerMinute(), () -> tokens.current().now());
        applier = new LiveApplier(state, results, new LivePush(hub, geoJson, views, parts.audit()),
                task -> context.runOnContext(v -> task.run()));
        ResultsApi resultsApi = new ResultsApi(registry, results, views, layers, parts.audit(), applier::applyNow, clock);
        SignalPerformanceApi signals = new SignalPerformanceApi(registry, results, clock);
        ProblemHandler problems = new ProblemHandler();
        CongestionApi congestion = new CongestionApi(registry, state, geoJson);
        HistoryApi historyApi = new HistoryApi(registry, history, workers, settings.historyMaxPoints());
        HealthApi health = new HealthApi(status, state, history, hub, workers,
                () -> tokens.health(settings.tokensWarnBefore()));
        SignalPlansApi plans = new SignalPlansApi(registry, parts.plans(), parts.audit(), workers, metrics,
                java.time.Clock.systemUTC());
        wallPage = WallPage.render(parts.wallTiles());

        Router root = Router.router(vertx);
        root.route().handler(ctx -> {
            ctx.addEndHandler(v -> metrics.httpRequest(ctx.request().method().name(),
                    ctx.get(ROUTE, "unmatched"), ctx.response().getStatusCode()));
            ctx.next();
        });
        ReportsApi reports = new ReportsApi(new Reports(results, clock), workers);
        Routes.Handlers handlers = new Routes.Handlers(this, health, congestion, resultsApi, reports, historyApi, signals,
                plans);
        for (Routes.Row row : Routes.ALL) {
            Route route = row.isPublic() ? route(root, row.method(), row.path()) : guarded(root, row);
            route.handler(row.handler().apply(handlers));
        }
        root.route().failureHandler(problems::handle);
        root.errorHandler(404, ctx -> problems.status(ctx, 404));
        root.errorHandler(405, ctx -> problems.status(ctx, 405));
        this.router = root;

        lagTimer = vertx.setPeriodic(1000, id -> hub.closeHopeless());
        tokensTimer = vertx.setPeriodic(settings.tokensReload().toMillis(),
                id -> workers.executeBlocking(tokens::reloadIfChanged, false));
        server = vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port()))
                .requestHandler(root)
                .webSocketHandshakeHandler(this::handshake)
                .webSocketHandler(this::connected);
        return server.listen().onSuccess(s -> port = s.actualPort());
    }

    /** A route that needs no token; remembers its template for the metrics. A POST reads its body (bounded) first. */
    private static Route route(Router router, HttpMethod method, String path) {
        String template = path;
        Route route = router.route(method, path);
        if (method == HttpMethod.POST) route.handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        return route.handler(ctx -> {
            ctx.put(ROUTE, template);
            ctx.next();
        });
    }

    /** A route guarded by the roles of its row in {@link Routes}. */
    private Route guarded(Router router, Routes.Row row) {
        return route(router, row.method(), row.path()).handler(auth.allow(row.roles())).handler(this::limit)
                .handler(this::validate);
    }

    /** {@code /openapi.json}: the document with the roles of the route table ({@link Routes#document}). */
    void openApi(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .end(documentText);
    }

    void wallPage(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .end(wallPage);
    }

    void metrics(RoutingContext ctx) {
        String text = metrics.scrape();
        if (text == null) throw Problem.notFound("metrics are not enabled in this process");
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").end(text);
    }

    /** {@code GET /api/v1/live} without an upgrade: a 426 problem naming the two ways to open it. */
    void upgradeRequired(RoutingContext ctx) {
        ctx.fail(new Problem(426, "upgrade-required", "Upgrade required",
                "open " + LIVE_PATH + " as a WebSocket, or " + SSE_PATH + " as Server-Sent Events"));
    }

    void sse(RoutingContext ctx) {
        SseTransport.open(hub, ctx, settings.liveWriteQueueBytes());
    }

    /** The request against its operation in {@code /openapi.json} ({@link OpenApiRequests}): a 400/404 problem or on. */
    private void validate(RoutingContext ctx) {
        String template = ctx.get(ROUTE);
        String body = ctx.request().method() == HttpMethod.POST && ctx.body() != null ? ctx.body().asString() : null;
        contract.check(ctx.request().method().name(), template, ctx::pathParam, ctx::queryParam, body);
        ctx.next();
    }

    /** {@code api.rate.limit.per.minute} per token: over it, a 429 problem with Retry-After. */
    private void limit(RoutingContext ctx) {
        Tokens.Principal p = ctx.get(Auth.PRINCIPAL);
        long wait = limiter.acquire(p.name());
        if (wait == 0) {
            ctx.next();
            return;
        }
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
        ctx.fail(new Problem(429, "too-many-requests", "Too many requests", "this token may make "
                + settings.rateLimitPerMinute() + " requests a minute; retry in " + wait + " s"));
    }

    /** The router, for tests that compare its routes with the OpenAPI document. */
    Router router() {
        return router;
    }

    /**
     * The WebSocket gate: right path, a valid token and within {@code api.live.handshakes.per.minute} for that token,
     * else the upgrade is refused (404, 401, 429). A refused handshake has no body, so the status is all it says.
     */
    private void handshake(ServerWebSocketHandshake hs) {
        if (!LIVE_PATH.equals(hs.path())) {
            hs.reject(404);
            return;
        }
        Tokens.Decision d = auth.decide(hs.headers(), hs.query(), Routes.roles("GET", LIVE_PATH));
        if (!d.allowed()) {
            hs.reject(d.status());
            return;
        }
        long wait = handshakes.acquire(d.principal().name());
        if (wait != 0) {
            hs.reject(429);
            return;
        }
        hs.accept();
    }

    private void connected(ServerWebSocket ws) {
        Tokens.Decision d = auth.decide(ws.headers(), ws.query(), Routes.roles("GET", LIVE_PATH));
        if (!d.allowed()) { // the handshake let it through, so this does not happen
            ws.close((short) 1008, "not authorised");
            return;
        }
        WebSocketTransport.attach(hub, ws, d.principal(), settings.liveWriteQueueBytes());
    }

    void whoami(RoutingContext ctx) {
        Tokens.Principal p = ctx.get(Auth.PRINCIPAL);
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.toString(whoamiBody(p)));
    }

    /**
     * Who the token stands for, when it expires, and {@code expiresSoon} when that is within
     * {@code api.tokens.warn.before}: the wall shows a warning then, days before it would go dark.
     */
    Map<String, Object> whoamiBody(Tokens.Principal p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("role", p.role().id());
        m.put("expiresAt", p.expiresAt() == null ? null : p.expiresAt().toString());
        m.put("expiresSoon", tokens.expiresSoon(p, settings.tokensWarnBefore()));
        return m;
    }

    void adminStatus(RoutingContext ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("live", status.live());
        m.put("historyWriter", status.historyWriter());
        m.put("websocket", hub.status());
        m.put("segments", state.size());
        m.put("tokens", tokens.current().size());
        m.put("tokensExpiring", tokens.expiringDetail(settings.tokensWarnBefore()));
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Json.toString(m));
    }

    /**
     * Applies model records (from the live state consumers) on this verticle's event loop, alerts and device status
     * ahead of the rest ({@link LiveApplier}), and pushes what changes to the subscribers of its channel. Callable from
     * any thread; the future completes once they are all applied.
     */
    public Future<Void> publish(List<?> records) {
        Promise<Void> done = Promise.promise();
        applier.publish(records).whenComplete((v, e) -> {
            if (e == null) done.complete();
            else done.fail(e);
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
        if (tokensTimer >= 0) vertx.cancelTimer(tokensTimer);
        if (hub != null) hub.closeAll();
        parts.plans().close();
        parts.audit().close();
        return workers == null ? Future.succeededFuture() : workers.close();
    }
}
