package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.iocity.api.auth.Role;
import org.iocity.api.history.HistoryMeasure;
import org.iocity.api.history.InfluxHistory;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.AreaCongestion;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.LevelOfService;
import org.iocity.model.records.ServiceKpi;
import org.iocity.model.records.SignalPerformance;
import org.iocity.parts.Await;
import org.iocity.parts.LocalStack.Part;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole service against a real Kafka broker and a real InfluxDB: results produced to {@code ioc.congestion}
 * reach REST, the WebSocket and InfluxDB, and every measure reaches the history endpoint. (InfluxDB down for a
 * minute: {@link RecoveryIT}.)
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DashboardApiIT {
    private static final Duration WAIT = ApiFixture.WAIT;

    static ApiFixture it;
    static DashboardApp app;

    @BeforeAll
    static void start() throws Exception {
        it = ApiFixture.start(Map.of(), Part.KAFKA, Part.INFLUXDB);
        app = DashboardApp.start(it.config);
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (it != null) it.close();
    }

    private static void produce(CongestionResult r) throws Exception {
        it.produce(Topics.CONGESTION, r.segmentId(), r);
    }

    private static HttpResponse<Buffer> get(String uri) {
        return it.get(app, uri, Role.OPERATOR);
    }

    private static JsonNode json(HttpResponse<Buffer> r) throws Exception {
        return ApiFixture.json(r);
    }

    /** The los of a segment in {@code GET /api/v1/congestion}, or null. */
    private static String losOf(String segment) throws Exception {
        for (JsonNode f : json(get("/api/v1/congestion")).get("features")) {
            if (f.get("id").asText().equals(segment)) return f.get("properties").get("los").asText();
        }
        return null;
    }

    private static String history(String segment, Instant from, Instant to) {
        return "/api/v1/history/congestion?entity=" + segment + "&from=" + enc(from) + "&to=" + enc(to) + "&step=1m";
    }

    private static String enc(Object s) {
        return ApiFixture.enc(s);
    }

    /** Points InfluxDB holds for a segment. */
    private static long influxPoints(String segment) throws Exception {
        return it.influxCounts("congestion", "speedRatio", "segment").getOrDefault(segment, 0L);
    }

    private static String influx(String q) throws Exception {
        return it.influxText(q);
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
        it.produce(Topics.CONGESTION, area.key(), area);
        it.produce(Topics.SIGNAL_PERFORMANCE, bin.intersectionId(), bin);
        it.produce(Topics.KPI, kpi.key(), kpi);

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
        // 20 minutes late: InfluxDB's continuous queries ran for these buckets before the points came, so the writer
        // downsampled them itself; a 5-minute step ending over 10 minutes ago reads the long policy. The writer
        // downsamples right after the raw write, so the raw point can be read a moment before its mean is there.
        for (var e : expected.entrySet()) {
            String uri = "/api/v1/history/" + e.getKey() + "&from=" + enc(end.minusSeconds(3600).toString()) + "&to="
                    + enc(end.plusSeconds(60).toString()) + "&step=5m";
            JsonNode body = Await.value(WAIT, "the late " + e.getKey() + " point's 5-minute mean in the long policy",
                    () -> json(get(uri)), b -> b.get("points") != null && !b.get("points").isEmpty());
            assertEquals(1, body.get("points").size(), "one 5-minute mean: " + body);
            assertEquals(e.getValue().getValue(), body.get("points").get(0).get(e.getValue().getKey()).asDouble(), 1e-9,
                    body.toString());
        }
        for (String[] m : new String[][] {{"area_congestion", "congestionIndex"}, {"signal_performance", "cycles"},
                {"kpi", "onTimeRate"}}) {
            String count = influx("SELECT count(\"" + m[1] + "\") FROM \"long\".\"" + m[0] + "\"");
            assertTrue(count.contains(",1]"), "the long policy holds the late " + m[0] + " point: " + count);
        }
        assertEquals("2", json(get("/api/v1/history/signal-performance?entity=int-it-1&from="
                + enc(end.minusSeconds(3600).toString()) + "&to=" + enc(end.plusSeconds(60).toString()) + "&step=1m"))
                .get("points").get(0).get("phase").asText());

        String policies = influx("SHOW RETENTION POLICIES ON \"ioc\"");
        assertTrue(policies.contains("[\"raw\",\"336h0m0s\"") && policies.contains("[\"long\",\"9600h0m0s\""), policies);
        assertTrue(policies.matches("(?s).*\\[\"raw\",[^\\]]*true\\].*"), "raw is the default: " + policies);
        // a changed setting alters the existing policy on the next start
        try (InfluxHistory changed = new InfluxHistory(it.stack.influx().url(), "ioc", Duration.ofSeconds(10),
                Duration.ofHours(48), Duration.ofHours(9600))) {
            changed.prepare();
        }
        String altered = influx("SHOW RETENTION POLICIES ON \"ioc\"");
        assertTrue(altered.contains("[\"raw\",\"48h0m0s\""), altered);
        try (InfluxHistory back = new InfluxHistory(it.stack.influx().url(), "ioc", Duration.ofSeconds(10),
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
    void resultsReachRestWebSocketAndInflux() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);
        CongestionResult first = TestData.result("seg-nguyen-hue-a", "sai-gon", t, LevelOfService.E, 11);
        CongestionResult second = TestData.result("seg-le-loi-a", "ben-thanh", t, LevelOfService.B, 27);

        // 1. a result and a malformed record: the result shows, the bad record is counted
        it.writer.send(Topics.CONGESTION, "seg-bad", "{not json");
        produce(first);
        Await.value(WAIT, "first result in GET /api/v1/congestion", () -> losOf("seg-nguyen-hue-a"), "E"::equals);

        // 2. a WebSocket client subscribes: snapshot with the first, then the second as an update
        try (ApiFixture.Live live = it.live(app, Role.OPERATOR, "congestion")) {
            JsonNode snapshot = live.next("snapshot", "congestion");
            assertEquals(1, snapshot.get("data").get("features").size());
            assertEquals("seg-nguyen-hue-a", snapshot.get("data").get("features").get(0).get("id").asText());

            produce(second);
            JsonNode update = live.next(Duration.ofSeconds(30), "update", "congestion");
            assertEquals("seg-le-loi-a", update.get("data").get("id").asText());
            assertEquals("Lê Lợi (outbound)", update.get("data").get("properties").get("name").asText());
        }
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
        JsonNode health = Await.value(WAIT, "the malformed record counted", () -> json(get("/health")),
                hl -> hl.get("kafka").get("malformed").asLong() >= 1);
        assertEquals("UP", health.get("status").asText());
        assertTrue(health.get("influx").get("reachable").asBoolean());
        assertTrue(health.get("kafka").get("malformed").asLong() >= 1, health.toString());

        // 4. a window sent early (ioc.congestion.live) shows as provisional until its final result replaces it
        String seg = "seg-ham-nghi-a";
        try (ApiFixture.Live live = it.live(app, Role.WALL, "congestion")) {
            live.next("snapshot", "congestion");
            it.produce(Topics.CONGESTION_LIVE, seg, TestData.result(seg, "ben-thanh", t, LevelOfService.C, 20));
            JsonNode early = live.next(Duration.ofSeconds(30), "update", "congestion").get("data").get("properties");
            assertEquals(seg, early.get("segmentId").asText());
            assertEquals("C", early.get("los").asText());
            assertTrue(early.get("provisional").asBoolean());

            it.produce(Topics.CONGESTION, seg, TestData.result(seg, "ben-thanh", t, LevelOfService.D, 16));
            JsonNode last = live.next(Duration.ofSeconds(30), "update", "congestion").get("data").get("properties");
            assertEquals("D", last.get("los").asText());
            assertFalse(last.get("provisional").asBoolean());

            // an early copy of the same window after its final one changes nothing; the next window's does
            it.produce(Topics.CONGESTION_LIVE, seg, TestData.result(seg, "ben-thanh", t, LevelOfService.A, 40));
            it.produce(Topics.CONGESTION_LIVE, seg, TestData.result(seg, "ben-thanh", t.plusSeconds(30), LevelOfService.F, 5));
            JsonNode next = live.next(Duration.ofSeconds(30), "update", "congestion").get("data").get("properties");
            assertEquals("F", next.get("los").asText());
            assertEquals(t.plusSeconds(30).toString(), next.get("windowEnd").asText());
            assertTrue(next.get("provisional").asBoolean());
        }
        // only the final result is history
        Await.until(WAIT, "the final result in InfluxDB", () -> {
            try {
                return influxPoints(seg) == 1;
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode kept = json(get(history(seg, t.minus(30, ChronoUnit.MINUTES), t.plus(5, ChronoUnit.MINUTES)))).get("points");
        assertEquals(1, kept.size(), kept.toString());
        assertEquals("D", kept.get(0).get("los").asText());
    }
}
