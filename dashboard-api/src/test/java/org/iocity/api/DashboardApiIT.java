package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.List;
import org.iocity.model.ServiceKpi;
import org.iocity.model.SignalPerformance;
import org.iocity.model.AreaCongestion;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.iocity.model.CongestionResult;
import org.iocity.model.Json;
import org.iocity.model.KafkaClients;
import org.iocity.model.LevelOfService;
import org.iocity.model.Topics;
import org.iocity.stack.Await;
import org.iocity.stack.LocalStack;
import org.iocity.stack.LocalStack.Part;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole service against a real Kafka broker and a real InfluxDB: results produced to {@code ioc.congestion}
 * reach REST, the WebSocket and InfluxDB; an InfluxDB outage turns history into 503s without stalling the live
 * path, and the writer catches up when InfluxDB is back.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DashboardApiIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "it-operator-token";

    static LocalStack stack;
    static DashboardApp app;
    static Vertx vertx;
    static WebClient web;
    static WebSocketClient wsClient;
    static KafkaProducer<String, byte[]> producer;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(Part.KAFKA, Part.INFLUXDB);
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ioc-api-it-");
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "# integration test\n" + Tokens.hash(TOKEN) + " operator it desk\n");
        app = DashboardApp.start(stack.config().with(Map.of(
                "api.port", "0",
                "api.tokens.file", tokens.toString(),
                "api.history.retry.max", "1s")));
        vertx = Vertx.vertx();
        web = WebClient.create(vertx);
        wsClient = vertx.createWebSocketClient();
        producer = new KafkaProducer<>(KafkaClients.producer(stack.config(), "dashboard-api-it"));
    }

    @AfterAll
    static void stop() {
        if (producer != null) producer.close();
        if (vertx != null) vertx.close().await();
        if (app != null) app.close();
        if (stack != null) stack.close();
    }

    private static void produce(CongestionResult r) throws Exception {
        producer.send(new ProducerRecord<>(Topics.CONGESTION, r.segmentId(), Json.toBytes(r))).get(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<Buffer> get(String uri) {
        return web.get(app.port(), "127.0.0.1", uri).bearerTokenAuthentication(TOKEN).send().await();
    }

    private static JsonNode json(HttpResponse<Buffer> r) throws Exception {
        return Json.mapper().readTree(r.bodyAsString());
    }

    /** The los of a segment in {@code GET /api/v1/congestion}, or null. */
    private static String losOf(String segment) throws Exception {
        for (JsonNode f : json(get("/api/v1/congestion")).get("features")) {
            if (f.get("id").asText().equals(segment)) return f.get("properties").get("los").asText();
        }
        return null;
    }

    private static String history(String segment, Instant from, Instant to) {
        return "/api/v1/history/congestion?entity=" + segment + "&from=" + enc(from.toString()) + "&to=" + enc(to.toString())
                + "&step=1m";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Points InfluxDB holds for a segment, straight from its HTTP API. */
    private static int influxPoints(String segment) throws Exception {
        String q = "SELECT count(\"speedRatio\") FROM \"congestion\" WHERE \"segment\" = '" + segment + "'";
        var r = http.send(HttpRequest.newBuilder(URI.create(stack.influx().url() + "/query?db=ioc&q=" + enc(q)))
                .timeout(Duration.ofSeconds(5)).build(), BodyHandlers.ofString());
        JsonNode series = Json.mapper().readTree(r.body()).get("results").get(0).get("series");
        return series == null ? 0 : series.get(0).get("values").get(0).get(1).asInt();
    }

    /** The rows of an InfluxQL statement's first series, straight from InfluxDB's HTTP API. */
    private static String influx(String q) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(stack.influx().url() + "/query?db=ioc&q=" + enc(q)))
                .timeout(Duration.ofSeconds(5)).build(), BodyHandlers.ofString());
        return r.body();
    }

    @Test
    void everyMeasureReachesTheHistoryEndpointAndTheRetentionIsSetUp() throws Exception {
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(20, ChronoUnit.MINUTES);
        AreaCongestion area = new AreaCongestion(AreaCongestion.KIND, "ben-thanh", "ward", end.minusSeconds(300), end,
                12, 3, 400, 0.25, 0.25, 0.75);
        SignalPerformance bin = new SignalPerformance(SignalPerformance.KIND, "int-it-1", "ben-thanh", end.minusSeconds(900),
                end, 1, false, List.of(new SignalPerformance.Phase(2, 10, 90, 30, 25, 3, 2, 100, 62, 62.0, 1.2, 1, 4, 5, 1,
                0, 3, 3, 12.5, 30, 0, 0)), List.of());
        ServiceKpi kpi = new ServiceKpi(ServiceKpi.LIVE, "ward", "ben-thanh", null, 0, false, end, 20, 10, 8, 12, 3, 0,
                4.5, 9.0, 2, 1, 1, 0, 0.8);
        producer.send(new ProducerRecord<>(Topics.CONGESTION, area.key(), Json.toBytes(area))).get(10, TimeUnit.SECONDS);
        producer.send(new ProducerRecord<>(Topics.SIGNAL_PERFORMANCE, bin.intersectionId(), Json.toBytes(bin))).get(10, TimeUnit.SECONDS);
        producer.send(new ProducerRecord<>(Topics.KPI, kpi.key(), Json.toBytes(kpi))).get(10, TimeUnit.SECONDS);

        Map<String, Map.Entry<String, Double>> expected = Map.of(
                "area-congestion?entity=ben-thanh", Map.entry("congestionIndex", 0.25),
                "signal-performance?entity=int-it-1", Map.entry("percentArrivalsOnGreen", 62.0),
                "kpi?entity=ben-thanh", Map.entry("onTimeRate", 0.8));
        for (var e : expected.entrySet()) {
            String uri = "/api/v1/history/" + e.getKey() + "&from=" + enc(end.minusSeconds(3600).toString()) + "&to="
                    + enc(end.plusSeconds(60).toString()) + "&step=1m";
            JsonNode body = Await.value(WAIT, e.getKey() + " in history", () -> json(get(uri)),
                    b -> b.get("points") != null && b.get("points").size() == 1);
            assertEquals(e.getValue().getValue(), body.get("points").get(0).get(e.getValue().getKey()).asDouble(), 1e-9,
                    body.toString());
        }
        assertEquals("2", json(get("/api/v1/history/signal-performance?entity=int-it-1&from="
                + enc(end.minusSeconds(3600).toString()) + "&to=" + enc(end.plusSeconds(60).toString()) + "&step=1m"))
                .get("points").get(0).get("phase").asText());

        String policies = influx("SHOW RETENTION POLICIES ON \"ioc\"");
        assertTrue(policies.contains("[\"raw\",\"336h0m0s\"") && policies.contains("[\"long\",\"9600h0m0s\""), policies);
        assertTrue(policies.matches("(?s).*\\[\"raw\",[^\\]]*true\\].*"), "raw is the default: " + policies);
        // a changed setting alters the existing policy on the next start
        try (InfluxHistory changed = new InfluxHistory(stack.influx().url(), "ioc", Duration.ofSeconds(10),
                Duration.ofHours(48), Duration.ofHours(9600))) {
            changed.prepare();
        }
        String altered = influx("SHOW RETENTION POLICIES ON \"ioc\"");
        assertTrue(altered.contains("[\"raw\",\"48h0m0s\""), altered);
        try (InfluxHistory back = new InfluxHistory(stack.influx().url(), "ioc", Duration.ofSeconds(10),
                Duration.ofHours(336), Duration.ofHours(9600))) {
            back.prepare();
        }
        assertTrue(influx("SHOW RETENTION POLICIES ON \"ioc\"").contains("[\"raw\",\"336h0m0s\""));
        String cqs = influx("SHOW CONTINUOUS QUERIES");
        for (HistoryMeasure m : HistoryMeasure.values()) {
            assertTrue(cqs.contains("\"" + m.measurement + "_5m\""), m + ": " + cqs);
        }
    }

    @Test
    void resultsReachRestWebSocketAndInfluxAndTheLivePathSurvivesAnInfluxOutage() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);
        CongestionResult first = TestData.result("seg-nguyen-hue-a", "sai-gon", t, LevelOfService.E, 11);
        CongestionResult second = TestData.result("seg-le-loi-a", "ben-thanh", t, LevelOfService.B, 27);

        // 1. a result and a malformed record: the result shows, the bad record is counted
        producer.send(new ProducerRecord<>(Topics.CONGESTION, "seg-bad", "{not json".getBytes(StandardCharsets.UTF_8)));
        produce(first);
        Await.value(WAIT, "first result in GET /api/v1/congestion", () -> losOf("seg-nguyen-hue-a"), "E"::equals);

        // 2. a WebSocket client subscribes: snapshot with the first, then the second as an update
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        WebSocket ws = wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(app.port())
                .setURI(ApiVerticle.LIVE_PATH + "?access_token=" + TOKEN)).await();
        ws.textMessageHandler(inbox::add);
        ws.writeTextMessage("{\"type\":\"subscribe\",\"channels\":[\"congestion\"]}").await();
        JsonNode snapshot = Json.mapper().readTree(inbox.poll(30, TimeUnit.SECONDS));
        assertEquals("snapshot", snapshot.get("type").asText());
        assertEquals(1, snapshot.get("data").get("features").size());
        assertEquals("seg-nguyen-hue-a", snapshot.get("data").get("features").get(0).get("id").asText());

        produce(second);
        String m = inbox.poll(30, TimeUnit.SECONDS);
        assertNotNull(m, "no update within 30 s");
        JsonNode update = Json.mapper().readTree(m);
        assertEquals("update", update.get("type").asText());
        assertEquals("seg-le-loi-a", update.get("data").get("id").asText());
        assertEquals("Lê Lợi (outbound)", update.get("data").get("properties").get("name").asText());
        assertEquals("B", losOf("seg-le-loi-a"));
        assertEquals(2, json(get("/api/v1/congestion")).get("features").size());

        // 3. the history writer put both into InfluxDB, and the history API reads them back
        Await.until(WAIT, "both points in InfluxDB", () -> {
            try {
                return influxPoints("seg-nguyen-hue-a") == 1 && influxPoints("seg-le-loi-a") == 1;
            } catch (Exception e) {
                return false;
            }
        });
        HttpResponse<Buffer> h = get(history("seg-nguyen-hue-a", t.minus(30, ChronoUnit.MINUTES), t.plus(5, ChronoUnit.MINUTES)));
        assertEquals(200, h.statusCode(), h.bodyAsString());
        JsonNode points = json(h).get("points");
        assertEquals(1, points.size(), h.bodyAsString());
        assertEquals("E", points.get(0).get("los").asText());
        assertEquals(11.0, points.get(0).get("meanSpeedKmh").asDouble(), 1e-9);
        assertEquals(240, points.get(0).get("vehicles").asLong());
        JsonNode health = json(get("/health"));
        assertEquals("UP", health.get("status").asText());
        assertTrue(health.get("influx").get("reachable").asBoolean());
        assertTrue(health.get("kafka").get("malformed").asLong() >= 1, health.toString());

        // 4. InfluxDB goes away: history is a 503 problem, the live path goes on
        stack.influx().stop();
        HttpResponse<Buffer> down = get(history("seg-nguyen-hue-a", t.minus(30, ChronoUnit.MINUTES), t.plus(5, ChronoUnit.MINUTES)));
        assertEquals(503, down.statusCode(), down.bodyAsString());
        assertEquals(Problem.MEDIA_TYPE, down.getHeader("Content-Type"));
        assertEquals(503, json(down).get("status").asInt());

        Instant later = t.plus(1, ChronoUnit.MINUTES);
        produce(TestData.result("seg-nguyen-hue-a", "sai-gon", later, LevelOfService.F, 4));
        Await.value(WAIT, "the newer result live while InfluxDB is down", () -> losOf("seg-nguyen-hue-a"), "F"::equals);
        JsonNode pushed = Await.value(WAIT, "the newer result pushed", () -> {
            String s = inbox.poll(1, TimeUnit.SECONDS);
            return s == null ? null : Json.mapper().readTree(s);
        }, u -> u.get("data").get("properties").get("los").asText().equals("F"));
        assertEquals("seg-nguyen-hue-a", pushed.get("data").get("id").asText());
        JsonNode downHealth = Await.value(WAIT, "the writer noticing the outage", () -> json(get("/health")),
                hh -> hh.get("influx").get("writer").get("state").asText().equals("down"));
        assertEquals(200, get("/health").statusCode(), "live state still runs");
        assertFalse(downHealth.get("influx").get("reachable").asBoolean());
        assertEquals(1, downHealth.get("influx").get("writer").get("pendingPoints").asInt());

        // 5. InfluxDB is back: the held batch is written, offsets move on
        stack.influx().start();
        Await.until(WAIT, "the held point written after the outage", () -> {
            try {
                return influxPoints("seg-nguyen-hue-a") == 2;
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode back = json(Await.value(WAIT, "history answering again", () -> get(history("seg-nguyen-hue-a",
                t.minus(30, ChronoUnit.MINUTES), later.plus(5, ChronoUnit.MINUTES))), r -> r.statusCode() == 200));
        assertEquals(2, back.get("points").size(), back.toString());
        assertEquals("F", back.get("points").get(1).get("los").asText());
        JsonNode upHealth = Await.value(WAIT, "the writer up again", () -> json(get("/health")),
                hh -> hh.get("influx").get("writer").get("state").asText().equals("up"));
        assertEquals(0, upHealth.get("influx").get("writer").get("pendingPoints").asInt());
        assertTrue(upHealth.get("influx").get("reachable").asBoolean());
        ws.close().await();
    }
}
