package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.uber.h3core.H3Core;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.iocity.api.auth.Role;
import org.iocity.api.live.LiveProtocol;
import org.iocity.api.state.AlertAck;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.Alert;
import org.iocity.model.records.AreaCongestion;
import org.iocity.model.records.Json;
import org.iocity.model.records.ServiceKpi;
import org.iocity.parts.Await;
import org.iocity.parts.LocalStack.Part;
import org.iocity.testkit.DeviceClient;
import org.iocity.testkit.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every result topic but segment congestion, through a real Kafka broker, InfluxDB and Mosquitto: alerts (paired,
 * acknowledged into {@code ioc.audit}), KPIs and daily summaries (latest revision), heatmap cells (H3 polygons), signal
 * performance, device status, ward and city congestion, sensor readings with their levels; REST with the role of each endpoint, the live channels (snapshot, then updates), a
 * signal plan reaching a real MQTT subscriber and the before/after comparison of its change, and a second instance
 * that rebuilds the same state from the topics.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LiveResultsIT {
    private static final Duration WAIT = ApiFixture.WAIT;
    private static final String INTERSECTION = "x-le-loi-nguyen-hue";
    private static final String SIGNAL = "sig-0001";
    private static final LocalDate DAY = TestData.yesterday();

    static ApiFixture it;
    static DashboardApp app;

    @BeforeAll
    static void start() throws Exception {
        it = ApiFixture.start(Map.of(), Part.KAFKA, Part.INFLUXDB, Part.MOSQUITTO);
        app = DashboardApp.start(it.config);
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (it != null) it.close();
    }

    private static void produce(String topic, String key, Object record) throws Exception {
        it.produce(topic, key, record);
    }

    private static HttpResponse<Buffer> get(DashboardApp on, String uri, Role role) {
        return it.get(on, uri, role);
    }

    private static JsonNode ok(DashboardApp on, String uri, Role role) throws Exception {
        return it.ok(on, uri, role);
    }

    private static HttpResponse<Buffer> post(String uri, Role role, String body) {
        return it.post(app, uri, role, body);
    }

    private static String enc(Instant t) {
        return ApiFixture.enc(t);
    }

    @Test
    void everyResultTopicReachesRestTheLiveChannelsAndASecondInstance() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Alert congestion = Alert.raised(Alert.CONGESTION, "seg-nguyen-hue-a", "sai-gon", Alert.CRITICAL,
                now.minusSeconds(900), now.minusSeconds(300), "Nguyễn Huệ at F for 10 min");
        Alert silent = Alert.raised(Alert.DEVICE_SILENT, "cam-0002", "sai-gon", Alert.WARNING, now.minusSeconds(800),
                now.minusSeconds(600), "no counts for 3 min");
        String h3 = H3Core.newInstance().latLngToCellAddress(10.7735, 106.7030, 8);

        // 1. records of every topic, a malformed one among them
        produce(Topics.ALERTS, congestion.key(), congestion);
        produce(Topics.ALERTS, silent.key(), silent);
        produce(Topics.ALERTS, silent.key(), Alert.cleared(silent.kind(), silent.entity(), silent.ward(), silent.severity(),
                silent.since(), now.minusSeconds(500), "counts again"));
        produce(Topics.KPI, "kpi:live:city:city", TestData.kpi(ServiceKpi.LIVE, "city", "city", null, 0, 40));
        produce(Topics.KPI, "kpi:live:ward:sai-gon", TestData.kpi(ServiceKpi.LIVE, "ward", "sai-gon", null, 0, 12));
        produce(Topics.KPI, "kpi:day:city:city", TestData.kpi(ServiceKpi.DAY, "city", "city", DAY, 0, 100));
        produce(Topics.KPI, "kpi:day:city:city", TestData.kpi(ServiceKpi.DAY, "city", "city", DAY, 1, 101));
        it.writer.send(Topics.KPI, "bad", "{\"kind\":\"weekly\"}");
        produce(Topics.KPI, "summary:city:city:" + DAY, TestData.summary("city", "city", DAY, 0, 100));
        produce(Topics.KPI, "summary:city:city:" + DAY, TestData.summary("city", "city", DAY, 1, 101));
        produce(Topics.KPI, "summary:ward:sai-gon:" + DAY, TestData.summary("ward", "sai-gon", DAY, 0, 30));
        produce(Topics.COMPLAINT_HEATMAP, "h3", TestData.cell("h3", h3, 8, 7, now));
        produce(Topics.COMPLAINT_HEATMAP, "ward", TestData.cell("ward", "sai-gon", null, 9, now));
        produce(Topics.DEVICE_STATUS, "cam-0001", TestData.status("cam-0001", "camera", "online", now.minusSeconds(60)));
        AreaCongestion city = TestData.area("city", AreaCongestion.CITY, now, 0.31);
        AreaCongestion saiGon = TestData.area("sai-gon", "ward", now, 0.62);
        produce(Topics.CONGESTION, city.key(), city);
        produce(Topics.CONGESTION, saiGon.key(), saiGon);
        produce(Topics.CONGESTION, saiGon.key(), TestData.area("sai-gon", "ward", now.minusSeconds(30), 0.10)); // older window
        produce(Topics.ENV_READINGS, "wl-0001", TestData.reading("wl-0001", "water", now.minusSeconds(120), 25.0));
        produce(Topics.ENV_READINGS, "aq-0001", TestData.reading("aq-0001", "air", now.minusSeconds(120), 40.2));
        produce(Topics.ENV_READINGS, "aq-0001", TestData.reading("aq-0001", "air", now.minusSeconds(180), 5.0)); // older

        // 2. alerts: raise and clear paired by id
        JsonNode all = Await.value(WAIT, "both alerts", () -> ok(app, "/api/v1/alerts?status=all", Role.WALL),
                a -> a.get("alerts").size() == 2);
        JsonNode open = ok(app, "/api/v1/alerts", Role.WALL).get("alerts");
        assertEquals(1, open.size(), open.toString());
        assertEquals(congestion.id(), open.get(0).get("id").asText());
        JsonNode cleared = ok(app, "/api/v1/alerts?status=cleared", Role.OPERATOR).get("alerts").get(0);
        assertEquals(silent.id(), cleared.get("id").asText());
        assertEquals(silent.at().toString(), cleared.get("raisedAt").asText());
        assertEquals(now.minusSeconds(500).toString(), cleared.get("clearedAt").asText());
        assertEquals(400, get(app, "/api/v1/alerts?status=maybe", Role.WALL).statusCode(), all.toString());

        // 3. KPIs: live, per area, and a day's latest revision
        JsonNode live = Await.value(WAIT, "live KPIs", () -> ok(app, "/api/v1/kpis", Role.WALL), k -> k.get("kpis").size() == 2);
        assertEquals("live", live.get("kind").asText());
        assertEquals(12, ok(app, "/api/v1/kpis?area=sai-gon", Role.LEADER).get("kpis").get(0).get("complaintsReceived").asLong());
        // the day's records have keys (and partitions) of their own: waited for, not assumed with the live ones
        JsonNode day = Await.value(WAIT, "the city's day KPI at revision 1",
                () -> ok(app, "/api/v1/kpis?area=city&date=" + DAY, Role.LEADER).get("kpis"),
                d -> d.size() > 0 && d.get(0).get("revision").asInt() == 1);
        assertEquals(1, day.size(), day.toString());
        assertEquals(1, day.get(0).get("revision").asInt());
        assertEquals(101, day.get(0).get("complaintsReceived").asLong());
        assertEquals(400, get(app, "/api/v1/kpis?date=22-11-2026", Role.LEADER).statusCode());

        // 4. the daily report: city and wards, latest revision, the same twice, JSON and CSV; not for the wall
        JsonNode report = Await.value(WAIT, "the ward summary", () -> ok(app, "/api/v1/reports/daily?date=" + DAY, Role.LEADER),
                r -> r.get("wards").size() == 1 && r.get("city").get("revision").asInt() == 1);
        assertEquals(1, report.get("city").get("revision").asInt());
        assertEquals(101, report.get("city").get("complaintsReceived").asLong());
        assertEquals("a late complaint", report.get("city").get("revisedBecause").asText());
        assertEquals("sai-gon", report.get("wards").get(0).get("area").asText());
        assertEquals(report, ok(app, "/api/v1/reports/daily?date=" + DAY, Role.LEADER));
        HttpResponse<Buffer> csv = get(app, "/api/v1/reports/daily?date=" + DAY + "&format=csv", Role.LEADER);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"));
        String[] rows = csv.bodyAsString().split("\r\n");
        assertEquals(3, rows.length, csv.bodyAsString());
        assertTrue(rows[1].startsWith(DAY + ",city,city,1,"), rows[1]);
        assertEquals(403, get(app, "/api/v1/reports/daily?date=" + DAY, Role.WALL).statusCode());
        assertEquals(404, get(app, "/api/v1/reports/daily?date=2020-01-01", Role.LEADER).statusCode());
        assertEquals(400, get(app, "/api/v1/reports/daily", Role.LEADER).statusCode());

        // 5. heatmap: an H3 cell as a closed hexagon, a ward as a point
        JsonNode hex = Await.value(WAIT, "the H3 cell", () -> ok(app, "/api/v1/heatmap?window=24h&resolution=8", Role.WALL),
                f -> f.get("features").size() == 1).get("features").get(0);
        assertEquals(h3, hex.get("id").asText().split(":")[2]);
        assertEquals("Polygon", hex.get("geometry").get("type").asText());
        JsonNode ring = hex.get("geometry").get("coordinates").get(0);
        assertEquals(7, ring.size(), ring.toString());
        assertEquals(ring.get(0), ring.get(6));
        assertEquals(106.703, ring.get(0).get(0).asDouble(), 0.01);
        assertEquals(7, hex.get("properties").get("count").asLong());
        JsonNode ward = Await.value(WAIT, "the ward's heatmap point", () -> ok(app, "/api/v1/heatmap?resolution=ward", Role.WALL),
                f -> f.get("features").size() == 1).get("features").get(0);
        assertEquals("Point", ward.get("geometry").get("type").asText());
        assertEquals("Phường Sài Gòn", ward.get("properties").get("wardName").asText());
        assertEquals(400, get(app, "/api/v1/heatmap?resolution=12", Role.WALL).statusCode());

        // 6. devices: the registry joined with the last status
        JsonNode online = Await.value(WAIT, "cam-0001 online", () -> ok(app, "/api/v1/devices?status=online", Role.WALL),
                d -> d.get("features").size() == 1).get("features").get(0);
        assertEquals("cam-0001", online.get("id").asText());
        assertEquals(now.minusSeconds(60).toString(), online.get("properties").get("lastSeen").asText());
        assertTrue(ok(app, "/api/v1/devices?status=unknown", Role.WALL).get("features").size() > 10);
        assertEquals(400, get(app, "/api/v1/devices?status=sleeping", Role.WALL).statusCode());

        // 6b. ward and city congestion (AreaCongestion on ioc.congestion), sensors with levels (ioc.env.readings)
        JsonNode areas = Await.value(WAIT, "city and ward congestion", () -> ok(app, "/api/v1/congestion/areas", Role.WALL),
                a -> !a.get("city").isNull() && a.get("wards").size() == 1);
        assertEquals(0.31, areas.get("city").get("congestionIndex").asDouble(), 1e-9);
        assertEquals("Phường Sài Gòn", areas.get("wards").get(0).get("wardName").asText());
        assertEquals(0.62, areas.get("wards").get(0).get("congestionIndex").asDouble(), 1e-9, "the newest window stays");
        JsonNode oneWard = ok(app, "/api/v1/congestion/areas?ward=sai-gon", Role.LEADER);
        assertTrue(oneWard.get("wards").size() == 1 && !oneWard.has("city"), oneWard.toString());
        assertEquals(0, ok(app, "/api/v1/congestion/areas?ward=ben-thanh", Role.LEADER).get("wards").size());
        assertEquals(400, get(app, "/api/v1/congestion/areas?ward=quan-1", Role.WALL).statusCode());
        assertEquals(0, ok(app, "/api/v1/congestion", Role.WALL).get("features").size(), "areas are not segments");
        JsonNode sensors = Await.value(WAIT, "two sensors read", () -> ok(app, "/api/v1/sensors", Role.WALL),
                f -> f.get("features").findValues("lastReading").stream().filter(v -> !v.isNull()).count() == 2);
        JsonNode water = feature(sensors, "wl-0001");
        assertEquals("Point", water.get("geometry").get("type").asText());
        assertEquals("10-30cm", water.get("properties").get("level").asText());
        assertEquals(25.0, water.get("properties").get("readings").get("water").get("waterLevelCm").asDouble(), 1e-9);
        JsonNode air = feature(sensors, "aq-0001").get("properties");
        assertEquals("unhealthy-sensitive", air.get("level").asText(), "PM2.5 40.2, the newer reading");
        assertEquals(2, air.get("severity").asInt());
        assertEquals("unknown", feature(sensors, "ns-0001").get("properties").get("level").asText());
        assertEquals(4, ok(app, "/api/v1/sensors?kind=water", Role.OPERATOR).get("features").size());
        assertEquals(400, get(app, "/api/v1/sensors?kind=wind", Role.WALL).statusCode());
        JsonNode health = Await.value(WAIT, "the malformed record counted", () -> ok(app, "/health", Role.WALL).get("kafka"),
                k -> k.get("malformed").asInt() >= 1);
        assertEquals(1, health.get("malformed").asInt(), "only the weekly KPI: area records are not malformed " + health);

        // 7. the live channels: a snapshot each, then updates
        String channel = LiveProtocol.intersection(INTERSECTION);
        ApiFixture.Live wall = it.live(app, Role.WALL, "alerts", "kpi", "heatmap", "devices", channel, "areas", "sensors");
        assertEquals(1, wall.next("snapshot", "alerts").get("data").get("alerts").size());
        JsonNode kpiSnap = wall.next("snapshot", "kpi").get("data");
        assertEquals(2, kpiSnap.get("kpis").size());
        assertEquals(2, kpiSnap.get("summaries").size());
        assertEquals(2, wall.next("snapshot", "heatmap").get("data").get("features").size());
        assertTrue(wall.next("snapshot", "devices").get("data").get("features").size() > 10);
        assertEquals(INTERSECTION, wall.next("snapshot", channel).get("data").get("intersectionId").asText());
        assertEquals(areas, wall.next("snapshot", "areas").get("data"));
        assertEquals(sensors.get("features").size(), wall.next("snapshot", "sensors").get("data").get("features").size());
        produce(Topics.CONGESTION, saiGon.key(), TestData.area("sai-gon", "ward", now.plusSeconds(30), 0.75));
        JsonNode areaUpdate = wall.next("update", "areas").get("data");
        assertEquals("sai-gon", areaUpdate.get("area").asText());
        assertEquals(0.75, areaUpdate.get("congestionIndex").asDouble(), 1e-9);
        produce(Topics.ENV_READINGS, "wl-0001", TestData.reading("wl-0001", "water", now, 42.0));
        JsonNode sensorUpdate = wall.next("update", "sensors").get("data");
        assertEquals("wl-0001", sensorUpdate.get("id").asText());
        assertEquals("over-30cm", sensorUpdate.get("properties").get("level").asText());

        Alert flood = Alert.raised(Alert.CONGESTION, "seg-le-loi-a", "ben-thanh", Alert.WARNING, now.minusSeconds(700),
                now.minusSeconds(100), "Lê Lợi at E for 10 min");
        produce(Topics.ALERTS, flood.key(), flood);
        assertEquals(flood.id(), wall.next("update", "alerts").get("data").get("id").asText());
        produce(Topics.SIGNAL_PERFORMANCE, INTERSECTION, TestData.bin(INTERSECTION, now.minusSeconds(900), 1, false, 50, 25, 1));
        assertEquals("bin", wall.next("update", channel).get("data").get("kind").asText());
        produce(Topics.SIGNAL_PERFORMANCE, INTERSECTION, TestData.cycle(INTERSECTION, now.minusSeconds(90)));
        assertEquals("cycle", wall.next("update", channel).get("data").get("kind").asText());
        produce(Topics.DEVICE_STATUS, "cam-0001", TestData.status("cam-0001", "camera", "offline", now));
        assertEquals("offline", wall.next("update", "devices").get("data").get("properties").get("status").asText());
        produce(Topics.KPI, "kpi:live:city:city", TestData.kpi(ServiceKpi.LIVE, "city", "city", null, 0, 41));
        assertEquals(41, wall.next("update", "kpi").get("data").get("complaintsReceived").asLong());
        produce(Topics.COMPLAINT_HEATMAP, "h3", TestData.cell("h3", h3, 8, 8, now.plusSeconds(60)));
        assertEquals(8, wall.next("update", "heatmap").get("data").get("properties").get("count").asLong());

        // 8. acknowledging: who and when, pushed, once, into ioc.audit
        HttpResponse<Buffer> ack = post("/api/v1/alerts/" + congestion.id() + "/ack", Role.OPERATOR, "{\"note\":\"police on site\"}");
        assertEquals(200, ack.statusCode(), ack.bodyAsString());
        JsonNode acked = Json.mapper().readTree(ack.bodyAsString()).get("ack");
        assertEquals("it operator", acked.get("by").asText());
        assertEquals("operator", acked.get("role").asText());
        assertEquals("police on site", acked.get("note").asText());
        JsonNode pushed = wall.next("update", "alerts").get("data");
        assertEquals(congestion.id(), pushed.get("id").asText());
        assertEquals("it operator", pushed.get("ack").get("by").asText());
        assertEquals(409, post("/api/v1/alerts/" + congestion.id() + "/ack", Role.ENGINEER, "").statusCode());
        assertEquals(403, post("/api/v1/alerts/" + flood.id() + "/ack", Role.WALL, "").statusCode());
        assertEquals(403, post("/api/v1/alerts/" + flood.id() + "/ack", Role.LEADER, "").statusCode());
        assertEquals(404, post("/api/v1/alerts/nope/ack", Role.OPERATOR, "").statusCode());
        JsonNode ackRecord = audit(r -> r.path("action").asText().equals(AlertAck.ACTION));
        assertEquals(congestion.id(), ackRecord.get("alertId").asText());
        assertEquals("it operator", ackRecord.get("actor").asText());

        // 9. a plan to a real MQTT subscriber, audited; then before/after its change
        Instant change = now.truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
        BlockingQueue<String> commands = new LinkedBlockingQueue<>();
        DeviceClient controller = DeviceClient.connect(it.stack.mosquitto().url(), "it-controller-" + UUID.randomUUID());
        controller.paho().subscribe(Topics.mqttSignalPlanSet(SIGNAL), 1, (t, m) -> commands.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
        HttpResponse<Buffer> plan = post("/api/v1/signals/" + SIGNAL + "/plans", Role.ENGINEER,
                "{\"planNumber\":3,\"cycleSec\":120,\"offsetSec\":15,\"splits\":[{\"phase\":2,\"seconds\":45},"
                        + "{\"phase\":4,\"seconds\":25}],\"effectiveAt\":\"" + change + "\"}");
        assertEquals(202, plan.statusCode(), plan.bodyAsString());
        String changeId = Json.mapper().readTree(plan.bodyAsString()).get("id").asText();
        String command = commands.poll(30, TimeUnit.SECONDS);
        assertNotNull(command, "the controller got no plan");
        assertEquals(changeId, Json.mapper().readTree(command).get("commandId").asText());
        controller.close();
        assertEquals(changeId, audit(r -> r.path("id").asText().equals(changeId)).get("id").asText());

        for (int i = 0; i < 4; i++) {
            Instant before = change.minusSeconds(900L * (4 - i));
            Instant after = change.plusSeconds(900L * i);
            produce(Topics.SIGNAL_PERFORMANCE, INTERSECTION, TestData.bin(INTERSECTION, before, 1, false, 100, 40, 2));
            produce(Topics.SIGNAL_PERFORMANCE, INTERSECTION, TestData.bin(INTERSECTION, after, 3, i == 0, 100, 60, 1));
        }
        String compare = "/api/v1/signals/" + SIGNAL + "/plans/compare?hours=1&change=" + changeId;
        JsonNode cmp = Await.value(WAIT, "8 bins around the change", () -> ok(app, compare, Role.ENGINEER),
                c -> c.get("before").get("bins").asInt() == 4 && c.get("after").get("bins").asInt() == 4);
        assertEquals(change.toString(), cmp.get("changeAt").asText());
        assertEquals(40.0, cmp.get("before").get("totals").get("percentArrivalsOnGreen").asDouble(), 1e-9);
        assertEquals(60.0, cmp.get("after").get("totals").get("percentArrivalsOnGreen").asDouble(), 1e-9);
        assertEquals(-0.1, cmp.get("difference").get("splitFailuresPerCycle").asDouble(), 1e-9);
        assertEquals(1, cmp.get("patternChanges").size(), cmp.toString());
        assertEquals(3, cmp.get("patternChanges").get(0).get("to").asInt());
        assertEquals(change.toString(), cmp.get("patternChanges").get(0).get("at").asText());
        assertEquals(403, get(app, compare, Role.OPERATOR).statusCode());
        assertEquals(404, get(app, "/api/v1/signals/" + SIGNAL + "/plans/compare?change=nope", Role.ENGINEER).statusCode());

        // 10. performance of one intersection over a range
        String perf = "/api/v1/signals/" + SIGNAL + "/performance?from=" + enc(change.minusSeconds(3600)) + "&to="
                + enc(change.plusSeconds(3600));
        JsonNode bins = ok(app, perf, Role.ENGINEER).get("bins");
        assertEquals(8, bins.size(), bins.toString());
        assertEquals(1, ok(app, "/api/v1/signals/" + INTERSECTION + "/performance", Role.OPERATOR).get("cycles").size());
        assertEquals(403, get(app, perf, Role.WALL).statusCode());
        assertEquals(404, get(app, "/api/v1/signals/sig-9999/performance", Role.ENGINEER).statusCode());
        assertEquals(200, get(app, "/api/v1/signals/" + SIGNAL + "/performance?from=" + enc(change.minus(31, ChronoUnit.DAYS))
                + "&to=" + enc(change), Role.ENGINEER).statusCode(), "the history range limit, 31 days");
        assertEquals(400, get(app, "/api/v1/signals/" + SIGNAL + "/performance?from=" + enc(change.minus(32, ChronoUnit.DAYS))
                + "&to=" + enc(change), Role.ENGINEER).statusCode());
        wall.close();

        // 11. a second instance rebuilds the same state from the topics
        try (DashboardApp second = DashboardApp.start(it.config)) {
            JsonNode again = Await.value(WAIT, "alerts rebuilt", () -> ok(second, "/api/v1/alerts?status=all", Role.WALL),
                    a -> a.get("alerts").size() == 3 && a.toString().contains("police on site"));
            assertEquals(ok(app, "/api/v1/alerts?status=all", Role.WALL), again);
            Await.value(WAIT, "report rebuilt", () -> ok(second, "/api/v1/reports/daily?date=" + DAY, Role.LEADER), report::equals);
            Await.value(WAIT, "plan change rebuilt", () -> ok(second, compare, Role.ENGINEER), cmp::equals);
            JsonNode devicesNow = ok(app, "/api/v1/devices", Role.WALL);
            Await.value(WAIT, "devices rebuilt", () -> ok(second, "/api/v1/devices", Role.WALL), devicesNow::equals);
            JsonNode areasNow = ok(app, "/api/v1/congestion/areas", Role.WALL);
            Await.value(WAIT, "areas rebuilt", () -> ok(second, "/api/v1/congestion/areas", Role.WALL), areasNow::equals);
            JsonNode sensorsNow = ok(app, "/api/v1/sensors", Role.WALL);
            Await.value(WAIT, "sensors rebuilt", () -> ok(second, "/api/v1/sensors", Role.WALL), sensorsNow::equals);
        }
    }

    private static JsonNode feature(JsonNode collection, String id) {
        for (JsonNode f : collection.get("features")) if (f.get("id").asText().equals(id)) return f;
        throw new AssertionError("no feature " + id + " in " + collection);
    }

    /** The first record of {@code ioc.audit} that {@code match} accepts. */
    private static JsonNode audit(java.util.function.Predicate<JsonNode> match) {
        try (TopicReader reader = new TopicReader(it.config, Topics.AUDIT)) {
            List<ConsumerRecord<String, byte[]>> read = reader.until(WAIT, rs -> rs.stream().map(LiveResultsIT::tree).anyMatch(match));
            return read.stream().map(LiveResultsIT::tree).filter(match).findFirst().orElseThrow();
        }
    }

    private static JsonNode tree(ConsumerRecord<String, byte[]> r) {
        return Json.fromBytes(r.value(), JsonNode.class);
    }
}
