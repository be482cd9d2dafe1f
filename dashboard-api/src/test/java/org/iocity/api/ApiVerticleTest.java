package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.iocity.api.config.ApiSettings;
import org.iocity.api.health.ServiceStatus;
import org.iocity.api.history.HistoryMeasure;
import org.iocity.api.history.HistoryQuery;
import org.iocity.api.history.HistoryStore;
import org.iocity.api.live.LiveHub;
import org.iocity.api.live.LiveProtocol;
import org.iocity.api.state.CongestionState;
import org.iocity.api.state.LiveApplier;
import org.iocity.api.state.Provisional;
import org.iocity.api.views.GeoJson;
import org.iocity.api.web.Problem;
import org.iocity.model.config.IocConfig;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.Json;
import org.iocity.model.records.LevelOfService;
import org.iocity.parts.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HTTP and WebSocket side with a real server on a free port, fed directly (no Kafka, no InfluxDB). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiVerticleTest {
    private static final Instant T = Instant.parse("2025-07-01T01:00:00Z");

    /** A history store with a switch: up answers one bucket, down is an outage. */
    static final class FakeHistory implements HistoryStore {
        volatile boolean up = true;
        volatile HistoryQuery last;
        volatile Boolean calledOnEventLoop;

        @Override
        public List<Map<String, Object>> history(HistoryQuery q) throws UnavailableException {
            calledOnEventLoop = Context.isOnEventLoopThread();
            last = q;
            if (!up) throw new UnavailableException("InfluxDB at http://127.0.0.1:1 did not answer: connection refused");
            return List.of(Map.of("time", "2025-07-01T01:00:00Z", "speedRatio", 0.45, "los", "D"));
        }

        @Override
        public boolean ping() {
            return up;
        }
    }

    private Vertx vertx;
    private final CongestionState state = new CongestionState();
    private final FakeHistory history = new FakeHistory();
    private ApiVerticle verticle;
    private WebClient client;
    private WebSocketClient wsClient;
    private final List<WebSocket> sockets = new ArrayList<>();

    @BeforeEach
    void deploy(Vertx vertx) {
        this.vertx = vertx;
        verticle = start(Map.of());
        client = WebClient.create(vertx);
        wsClient = vertx.createWebSocketClient();
    }

    @AfterEach
    void closeClients() {
        sockets.forEach(WebSocket::close);
        client.close();
        wsClient.close().await();
    }

    private ApiVerticle start(Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>(Map.of("api.tokens.file", "unused", "api.port", "0"));
        config.putAll(overrides);
        ApiVerticle v = new ApiVerticle(ApiSettings.from(IocConfig.of(config)), TestData.registry(), TestData.tokens(),
                state, history, ServiceStatus.fixed(true));
        vertx.deployVerticle(v).await();
        assertTrue(v.port() > 0);
        return v;
    }

    private HttpResponse<Buffer> get(String uri, String token) {
        var req = client.get(verticle.port(), "127.0.0.1", uri);
        if (token != null) req.bearerTokenAuthentication(token);
        return req.send().await();
    }

    private static JsonNode json(HttpResponse<Buffer> r) throws Exception {
        return Json.mapper().readTree(r.bodyAsString());
    }

    private void publish(CongestionResult... results) {
        verticle.publish(List.of(results)).await();
    }

    private void publishSample() {
        publish(TestData.result("seg-le-loi-a", "ben-thanh", T, LevelOfService.F, 5),
                TestData.result("seg-ham-nghi-a", "ben-thanh", T, LevelOfService.B, 30),
                TestData.result("seg-nguyen-hue-a", "sai-gon", T, LevelOfService.E, 11));
    }

    private static Set<String> ids(JsonNode featureCollection) {
        Set<String> ids = new java.util.TreeSet<>();
        featureCollection.get("features").forEach(f -> ids.add(f.get("id").asText()));
        return ids;
    }

    private void assertProblem(HttpResponse<Buffer> r, int status, String path) throws Exception {
        assertEquals(status, r.statusCode(), r.bodyAsString());
        assertEquals(Problem.MEDIA_TYPE, r.getHeader("Content-Type"));
        JsonNode p = json(r);
        assertEquals(status, p.get("status").asInt());
        assertTrue(p.get("type").asText().startsWith(Problem.TYPE_PREFIX), p.toString());
        assertFalse(p.get("title").asText().isBlank());
        assertEquals(path, p.get("instance").asText(), "instance is the path, never the query");
        if (status != 405 && status != 404 || p.has("detail")) assertFalse(p.get("detail").asText().isBlank());
    }

    @Test
    void congestionIsAFeatureCollectionFilteredByWardAndLos() throws Exception {
        publishSample();
        HttpResponse<Buffer> all = get("/api/v1/congestion", TestData.OPERATOR_TOKEN);
        assertEquals(200, all.statusCode());
        assertEquals(GeoJson.MEDIA_TYPE, all.getHeader("Content-Type"));
        JsonNode fc = json(all);
        assertEquals("FeatureCollection", fc.get("type").asText());
        assertEquals(Set.of("seg-le-loi-a", "seg-ham-nghi-a", "seg-nguyen-hue-a"), ids(fc));
        JsonNode f = StreamSupport.stream(fc.get("features").spliterator(), false)
                .filter(x -> x.get("id").asText().equals("seg-le-loi-a")).findFirst().orElseThrow();
        assertEquals("Lê Lợi (outbound)", f.get("properties").get("name").asText());
        assertEquals("Phường Bến Thành", f.get("properties").get("wardName").asText());
        assertEquals("LineString", f.get("geometry").get("type").asText());

        assertEquals(Set.of("seg-le-loi-a", "seg-ham-nghi-a"), ids(json(get("/api/v1/congestion?ward=ben-thanh", TestData.WALL_TOKEN))));
        assertEquals(Set.of("seg-le-loi-a", "seg-nguyen-hue-a"), ids(json(get("/api/v1/congestion?los=E,F", TestData.WALL_TOKEN))));
        assertEquals(Set.of("seg-le-loi-a"), ids(json(get("/api/v1/congestion?ward=ben-thanh&los=f", TestData.WALL_TOKEN))));
        assertEquals(Set.of(), ids(json(get("/api/v1/congestion?ward=tan-dinh", TestData.WALL_TOKEN))));
        assertEquals(3, ids(json(get("/api/v1/congestion?access_token=" + TestData.WALL_TOKEN, null))).size(),
                "token in the query");
    }

    @Test
    void newerWindowsReplaceOlderOnesInTheRestView() throws Exception {
        publish(TestData.result("seg-le-loi-a", "ben-thanh", T.plusSeconds(60), LevelOfService.C, 20));
        publish(TestData.result("seg-le-loi-a", "ben-thanh", T, LevelOfService.F, 3));
        JsonNode fc = json(get("/api/v1/congestion", TestData.OPERATOR_TOKEN));
        assertEquals(1, fc.get("features").size());
        assertEquals("C", fc.get("features").get(0).get("properties").get("los").asText());
    }

    @Test
    void badParametersAndCredentialsAreProblems() throws Exception {
        assertProblem(get("/api/v1/congestion?los=G", TestData.OPERATOR_TOKEN), 400, "/api/v1/congestion");
        assertProblem(get("/api/v1/congestion?ward=quan-1", TestData.OPERATOR_TOKEN), 400, "/api/v1/congestion");

        HttpResponse<Buffer> none = get("/api/v1/congestion", null);
        assertProblem(none, 401, "/api/v1/congestion");
        assertTrue(none.getHeader("WWW-Authenticate").startsWith("Bearer"));
        assertProblem(get("/api/v1/congestion?access_token=wrong", null), 401, "/api/v1/congestion");
        assertProblem(get("/api/v1/congestion", "wrong"), 401, "/api/v1/congestion");

        assertProblem(get("/api/v1/admin/status", TestData.WALL_TOKEN), 403, "/api/v1/admin/status");
        assertProblem(get("/api/v1/admin/status", TestData.OPERATOR_TOKEN), 403, "/api/v1/admin/status");
        HttpResponse<Buffer> admin = get("/api/v1/admin/status", TestData.ADMIN_TOKEN);
        assertEquals(200, admin.statusCode());
        assertEquals(5, json(admin).get("tokens").asInt());

        JsonNode me = json(get("/api/v1/whoami", TestData.WALL_TOKEN));
        assertEquals("wall", me.get("role").asText());
        assertTrue(me.path("expiresAt").isMissingNode() || me.get("expiresAt").isNull(), "this token does not expire: " + me);
        assertFalse(me.get("expiresSoon").asBoolean());

        assertProblem(get("/nothing/here", null), 404, "/nothing/here");
        assertProblem(get("/api/v1/nothing", TestData.OPERATOR_TOKEN), 404, "/api/v1/nothing");
        HttpResponse<Buffer> post = client.request(HttpMethod.POST, verticle.port(), "127.0.0.1", "/api/v1/congestion")
                .bearerTokenAuthentication(TestData.OPERATOR_TOKEN).send().await();
        assertProblem(post, 405, "/api/v1/congestion");
        assertProblem(get("/api/v1/live", TestData.OPERATOR_TOKEN), 426, "/api/v1/live");
    }

    @Test
    void historyRunsOffTheEventLoopAndMapsOutagesTo503() throws Exception {
        String uri = "/api/v1/history/congestion?entity=seg-le-loi-a&from=2025-07-01T08:00:00%2B07:00&to=2025-07-01T09:00:00%2B07:00&step=5m";
        HttpResponse<Buffer> ok = get(uri, TestData.OPERATOR_TOKEN);
        assertEquals(200, ok.statusCode(), ok.bodyAsString());
        JsonNode body = json(ok);
        assertEquals("seg-le-loi-a", body.get("entity").asText());
        assertEquals("2025-07-01T01:00:00Z", body.get("from").asText());
        assertEquals("5m", body.get("step").asText());
        assertEquals(1, body.get("points").size());
        assertEquals("D", body.get("points").get(0).get("los").asText());
        assertEquals(Duration.ofMinutes(5), history.last.step());
        assertEquals(Boolean.FALSE, history.calledOnEventLoop);

        history.up = false;
        HttpResponse<Buffer> down = get(uri, TestData.OPERATOR_TOKEN);
        assertProblem(down, 503, "/api/v1/history/congestion");
        assertTrue(json(down).get("detail").asText().contains("InfluxDB"));

        assertProblem(get("/api/v1/history/congestion?entity=seg-x&from=2025-07-01T00:00:00Z&to=2025-07-01T01:00:00Z",
                TestData.OPERATOR_TOKEN), 404, "/api/v1/history/congestion");
        assertProblem(get("/api/v1/history/congestion?entity=seg-le-loi-a&from=2025-07-02T00:00:00Z&to=2025-07-01T00:00:00Z",
                TestData.OPERATOR_TOKEN), 400, "/api/v1/history/congestion");
        assertProblem(get("/api/v1/history/congestion?entity=seg-le-loi-a&from=2025-06-01T00:00:00Z&to=2025-07-15T00:00:00Z",
                TestData.OPERATOR_TOKEN), 400, "/api/v1/history/congestion");
        assertProblem(get("/api/v1/history/congestion?entity=seg-le-loi-a&from=soon&to=2025-07-15T00:00:00Z",
                TestData.OPERATOR_TOKEN), 400, "/api/v1/history/congestion");
        assertProblem(get(uri, null), 401, "/api/v1/history/congestion");

        history.up = true;
        String kpi = "/api/v1/history/kpi?entity=ben-thanh&from=2025-07-01T00:00:00Z&to=2025-07-01T01:00:00Z&step=1m";
        HttpResponse<Buffer> k = get(kpi, TestData.OPERATOR_TOKEN);
        assertEquals(200, k.statusCode(), k.bodyAsString());
        assertEquals("kpi", json(k).get("measure").asText());
        assertEquals(HistoryMeasure.KPI, history.last.measure());
        assertEquals("ben-thanh", history.last.entity());
        assertProblem(get("/api/v1/history/weather?entity=x&from=2025-07-01T00:00:00Z&to=2025-07-01T01:00:00Z",
                TestData.OPERATOR_TOKEN), 404, "/api/v1/history/weather");
        assertProblem(get("/api/v1/history/signal-performance?entity=int-1&from=2025-07-01T00:00:00Z&to=2025-07-01T01:00:00Z&step=1w",
                TestData.OPERATOR_TOKEN), 400, "/api/v1/history/signal-performance");
    }

    @Test
    void healthNeedsNoTokenAndTellsWhetherInfluxAnswers() throws Exception {
        publishSample();
        HttpResponse<Buffer> r = get("/health", null);
        assertEquals(200, r.statusCode());
        JsonNode h = json(r);
        assertEquals("UP", h.get("status").asText());
        assertTrue(h.get("influx").get("reachable").asBoolean());
        assertEquals(3, h.get("congestion").get("segments").asInt());
        assertNotNull(h.get("congestion").get("lastUpdate").asText());
        assertEquals("running", h.get("kafka").get("state").asText());

        history.up = false;
        assertFalse(json(get("/health", null)).get("influx").get("reachable").asBoolean());
    }

    @Test
    void wallPageIsServedWithoutAuthAndNeedsNoInternet() {
        HttpResponse<Buffer> r = get("/wall", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.getHeader("Content-Type").startsWith("text/html"), r.getHeader("Content-Type"));
        String html = r.bodyAsString();
        assertTrue(html.contains("/api/v1/live?access_token="));
        assertTrue(html.contains("\"subscribe\""));
        assertTrue(html.contains("<svg"));
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "no external scripts, styles or fonts");
    }

    // ---- WebSocket ----

    private WebSocket connect(String uri, String bearer, BlockingQueue<String> inbox) {
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(verticle.port()).setURI(uri);
        if (bearer != null) o.putHeader("Authorization", "Bearer " + bearer);
        WebSocket ws = wsClient.connect(o).await();
        sockets.add(ws);
        ws.textMessageHandler(inbox::add);
        return ws;
    }

    /** The next message of a WebSocket inbox, within 10 s. */
    static JsonNode next(BlockingQueue<String> inbox) throws Exception {
        String m = inbox.poll(10, TimeUnit.SECONDS);
        assertNotNull(m, "no message within 10 s");
        return Json.mapper().readTree(m);
    }

    /** A wall's WebSocket subscribed to {@code channels}; its inbox (the snapshots still in it). */
    private BlockingQueue<String> wallSubscribedTo(String channels) throws Exception {
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        WebSocket ws = connect(ApiVerticle.LIVE_PATH + "?access_token=" + TestData.WALL_TOKEN, null, inbox);
        ws.writeTextMessage("{\"type\":\"subscribe\",\"channels\":[" + channels + "]}").await();
        return inbox;
    }

    @Test
    void subscribeGivesASnapshotThenUpdates() throws Exception {
        publish(TestData.result("seg-le-loi-a", "ben-thanh", T, LevelOfService.F, 5));
        BlockingQueue<String> inbox = wallSubscribedTo("\"congestion\"");

        JsonNode snapshot = next(inbox);
        assertEquals("snapshot", snapshot.get("type").asText());
        assertEquals("congestion", snapshot.get("channel").asText());
        assertEquals(Set.of("seg-le-loi-a"), ids(snapshot.get("data")));

        publish(TestData.result("seg-nguyen-hue-a", "sai-gon", T, LevelOfService.D, 15));
        JsonNode update = next(inbox);
        assertEquals("update", update.get("type").asText());
        assertEquals("Feature", update.get("data").get("type").asText());
        assertEquals("seg-nguyen-hue-a", update.get("data").get("id").asText());
        assertEquals("D", update.get("data").get("properties").get("los").asText());

        publish(TestData.result("seg-nguyen-hue-a", "sai-gon", T.minusSeconds(60), LevelOfService.A, 30));
        publish(TestData.result("seg-nguyen-hue-a", "sai-gon", T.plusSeconds(60), LevelOfService.E, 10));
        assertEquals("E", next(inbox).get("data").get("properties").get("los").asText(), "an older window is not pushed");
    }

    @Test
    void anAlertIsPushedAheadOfTheCongestionBurstItArrivedWith() throws Exception {
        BlockingQueue<String> inbox = wallSubscribedTo("\"congestion\",\"alerts\"");
        next(inbox);
        next(inbox); // the two snapshots
        List<Object> batch = new java.util.ArrayList<>();
        for (int i = 1; i <= 3 * LiveApplier.APPLY_CHUNK; i++) { // a window of the whole city, as it comes at its end
            batch.add(TestData.result("seg-le-loi-a", "ben-thanh", T.plusSeconds(30L * i), LevelOfService.C, 20));
        }
        batch.add(org.iocity.model.records.Alert.raised(org.iocity.model.records.Alert.FLOOD, "wl-001", "ben-thanh",
                org.iocity.model.records.Alert.WARNING, T, T, "12 cm"));
        verticle.publish(batch).await();
        JsonNode first = next(inbox);
        assertEquals("alerts", first.get("channel").asText(), "the alert, not the first of the congestion frames");
        assertEquals("update", first.get("type").asText());
        List<String> windowEnds = new java.util.ArrayList<>();
        int frames = 0;
        while (windowEnds.size() < 3 * LiveApplier.APPLY_CHUNK) {
            JsonNode m = next(inbox);
            frames++;
            assertEquals("congestion", m.get("channel").asText());
            assertEquals("updates", m.get("type").asText(), "a task's results go together");
            assertTrue(m.toString().length() < 2 * LiveHub.MAX_UPDATES_CHARS, "bounded: " + m.toString().length());
            for (JsonNode u : LiveProtocol.unbatched(m)) windowEnds.add(u.get("data").get("properties").get("windowEnd").asText());
        }
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 1; i <= 3 * LiveApplier.APPLY_CHUNK; i++) expected.add(T.plusSeconds(30L * i).toString());
        assertEquals(expected, windowEnds, "every result, in order");
        assertTrue(frames <= 3 * LiveApplier.APPLY_CHUNK / 20, frames + " frames for " + windowEnds.size() + " results");
    }

    @Test
    void aFinalResultThatConfirmsTheProvisionalOneIsASmallConfirmation() throws Exception {
        BlockingQueue<String> inbox = wallSubscribedTo("\"congestion\"");
        next(inbox);
        CongestionResult r = TestData.result("seg-le-loi-a", "ben-thanh", T.plusSeconds(3600), LevelOfService.E, 12);
        verticle.publish(List.of(new Provisional(r))).await();
        JsonNode early = next(inbox).get("data");
        assertTrue(early.get("properties").get("provisional").asBoolean());
        verticle.publish(List.of(r)).await();
        JsonNode confirmed = next(inbox).get("data");
        assertEquals("seg-le-loi-a", confirmed.get("id").asText());
        assertEquals(r.windowEnd().toString(), confirmed.get("windowEnd").asText());
        assertTrue(confirmed.get("confirmed").asBoolean());
        assertEquals(null, confirmed.get("geometry"), "no feature again");
        CongestionResult changed = TestData.result("seg-le-loi-a", "ben-thanh", T.plusSeconds(3630), LevelOfService.D, 15);
        verticle.publish(List.of(new Provisional(changed))).await();
        verticle.publish(List.of(TestData.result("seg-le-loi-a", "ben-thanh", T.plusSeconds(3630), LevelOfService.F, 4))).await();
        next(inbox);
        JsonNode corrected = next(inbox).get("data");
        assertEquals("F", corrected.get("properties").get("los").asText(), "a final with other numbers is pushed whole");
        assertFalse(corrected.get("properties").get("provisional").asBoolean());
    }

    @Test
    void badMessagesGetAnErrorAndTheConnectionStays() throws Exception {
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        WebSocket ws = connect(ApiVerticle.LIVE_PATH, TestData.OPERATOR_TOKEN, inbox);
        ws.writeTextMessage("not json").await();
        JsonNode e1 = next(inbox);
        assertEquals("error", e1.get("type").asText());
        assertFalse(e1.get("detail").asText().isBlank());

        ws.writeTextMessage("{\"type\":\"subscribe\",\"channels\":[\"weather\"]}").await();
        JsonNode e2 = next(inbox);
        assertEquals("error", e2.get("type").asText());
        assertTrue(e2.get("detail").asText().contains("weather"));

        ws.writeTextMessage("{\"type\":\"subscribe\",\"channels\":[\"intersection:x-nowhere\"]}").await();
        JsonNode e3 = next(inbox);
        assertEquals("error", e3.get("type").asText());
        assertTrue(e3.get("detail").asText().contains("intersection:x-nowhere"), e3.toString());

        ws.writeTextMessage("{\"type\":\"ping\"}").await();
        assertEquals("pong", next(inbox).get("type").asText());
        assertFalse(ws.isClosed());
    }

    @Test
    void handshakeWithoutAValidTokenIsRefused401() {
        for (String uri : List.of(ApiVerticle.LIVE_PATH, ApiVerticle.LIVE_PATH + "?access_token=wrong")) {
            Throwable t = wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(verticle.port())
                    .setURI(uri)).map(ws -> (Throwable) null).otherwise(x -> x).await();
            assertInstanceOf(UpgradeRejectedException.class, t, uri);
            assertEquals(401, ((UpgradeRejectedException) t).getStatus());
        }
        Throwable t = wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(verticle.port())
                .setURI("/elsewhere?access_token=" + TestData.WALL_TOKEN)).map(ws -> (Throwable) null).otherwise(x -> x).await();
        assertEquals(404, ((UpgradeRejectedException) t).getStatus());
    }

    @Test
    void aClientBehindGetsTheLatestOfEachSegmentWhenItReadsAgain() throws Exception {
        verticle = start(Map.of("api.live.max.lag", "60s", "api.live.write.queue.bytes", "1024"));
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        WebSocket ws = connect(ApiVerticle.LIVE_PATH, TestData.WALL_TOKEN, inbox);
        ws.writeTextMessage("{\"type\":\"subscribe\",\"channels\":[\"congestion\"]}").await();
        assertEquals("snapshot", next(inbox).get("type").asText());
        ws.pause();
        Instant[] end = {T};
        Await.value(Duration.ofSeconds(30), "updates waiting, coalesced, for the client behind", () -> {
            verticle.publish(TestData.twoSegments(end, 100)).await();
            return json(get("/health", null)).get("live").get("coalescedUpdates").asLong() > 0;
        }, coalesced -> coalesced);
        ws.resume();
        Map<String, String> latest = new java.util.HashMap<>();
        Await.value(Duration.ofSeconds(30), "the latest window of both segments", () -> {
            for (String m = inbox.poll(); m != null; m = inbox.poll()) {
                for (JsonNode u : LiveProtocol.unbatched(Json.mapper().readTree(m))) {
                    latest.put(u.get("data").get("id").asText(), u.get("data").get("properties").get("windowEnd").asText());
                }
            }
            return latest;
        }, l -> l.size() == 2 && l.values().stream().allMatch(e -> e.equals(end[0].toString())));
        assertEquals(0, json(get("/health", null)).get("live").get("pendingUpdates").asInt(), "nothing left waiting");
    }

    @Test
    void aClientThatStopsReadingIsClosedAndDoesNotHoldUpOthers() throws Exception {
        verticle = start(Map.of("api.live.max.lag", "2s", "api.live.write.queue.bytes", "1024"));
        BlockingQueue<String> slowInbox = new LinkedBlockingQueue<>();
        BlockingQueue<String> fastInbox = new LinkedBlockingQueue<>();
        WebSocket slow = connect(ApiVerticle.LIVE_PATH, TestData.WALL_TOKEN, slowInbox);
        WebSocket fast = connect(ApiVerticle.LIVE_PATH, TestData.OPERATOR_TOKEN, fastInbox);
        BlockingQueue<Short> slowClosed = new LinkedBlockingQueue<>();
        slow.closeHandler(v -> slowClosed.add(slow.closeStatusCode() == null ? -1 : slow.closeStatusCode()));
        slow.writeTextMessage("{\"type\":\"subscribe\",\"channels\":[\"congestion\"]}").await();
        fast.writeTextMessage("{\"type\":\"subscribe\",\"channels\":[\"congestion\"]}").await();
        assertEquals("snapshot", next(slowInbox).get("type").asText());
        assertEquals("snapshot", next(fastInbox).get("type").asText());
        slow.pause(); // stops reading: the socket buffers fill, then the server coalesces, then gives up

        Instant[] end = {T};
        Await.value(Duration.ofSeconds(40), "the server closing the slow client", () -> {
            verticle.publish(TestData.twoSegments(end, 300)).await();
            fastInbox.clear();
            return json(get("/health", null)).get("live").get("closedTooSlow").asInt() == 1;
        }, closed -> closed);

        // the fast client still gets each new result at once
        publish(TestData.result("seg-nguyen-hue-a", "sai-gon", end[0].plusSeconds(1), LevelOfService.F, 2));
        JsonNode latest = Await.value(Duration.ofSeconds(10), "the fast client's update", () -> {
            for (String m = fastInbox.poll(); m != null; m = fastInbox.poll()) { // skip what it still had to read
                for (JsonNode n : LiveProtocol.unbatched(Json.mapper().readTree(m))) {
                    if (n.get("data").get("id").asText().equals("seg-nguyen-hue-a")) return n;
                }
            }
            return null;
        }, m -> true);
        assertEquals("F", latest.get("data").get("properties").get("los").asText());
        assertEquals(1, json(get("/health", null)).get("live").get("clients").asInt());

        slow.resume(); // reads the backlog, then the close frame with its reason
        Short code = slowClosed.poll(30, TimeUnit.SECONDS);
        assertEquals(LiveHub.CLOSE_POLICY, code);
    }
}
