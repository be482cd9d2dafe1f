package org.iocity.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.iocity.api.DashboardApp;
import org.iocity.api.auth.Tokens;
import org.iocity.ingest.IngestGateway;
import org.iocity.jobs.StreamJobsMain;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.DeadLetter;
import org.iocity.model.records.Json;
import org.iocity.model.records.LevelOfService;
import org.iocity.model.records.RejectReason;
import org.iocity.parts.Await;
import org.iocity.parts.LocalStack;
import org.iocity.testkit.DeviceClient;
import org.iocity.testkit.DeviceMessages;
import org.iocity.testkit.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The walking skeleton on real parts: a camera message over MQTT (Mosquitto) → ingest → Kafka
 * {@code ioc.traffic.observations} → the congestion job (Flink MiniCluster, parallelism 2) → {@code ioc.congestion}
 * → dashboard-api: on {@code GET /api/v1/congestion}, pushed on {@code /api/v1/live}, and written to InfluxDB. A
 * malformed message on the same path lands in {@code ioc.deadletter} with its reason; the good one after it arrives.
 * An interval stamped now (live) is pushed early, as provisional, at its window's end ({@code ioc.congestion.live}).
 */
@Timeout(300)
class WalkingSkeletonIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final String OPERATOR_TOKEN = "operator-token-for-the-skeleton";
    static final String SEGMENT = "seg-nguyen-hue-a"; // cam-0001's segment, free flow 35 km/h

    static LocalStack stack;
    static IocConfig config;
    static IngestGateway ingest;
    static JobClient job;
    static DashboardApp api;
    static DeviceClient camera;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startEverything() throws Exception {
        stack = LocalStack.start();
        Path tokens = Files.createTempFile(stack.dir(), "tokens", ".txt");
        Files.writeString(tokens, Tokens.hash(OPERATOR_TOKEN) + " operator skeleton-test\n");
        config = stack.config().with(Map.of(
                "api.port", "0",
                "api.tokens.file", tokens.toString(),
                "mqtt.client.id", "ingest-skeleton",
                "flink.checkpoint.interval", "1s",
                "watermark.out.of.orderness", "2s",
                "watermark.idleness", "1s",
                "congestion.window", "60s",
                "congestion.slide", "30s"));
        ingest = IngestGateway.start(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        StreamJobsMain.defineJob(env, config);
        job = env.executeAsync(StreamJobsMain.JOB_NAME);
        api = DashboardApp.start(config);
        camera = DeviceClient.connect(stack.mosquitto().url(), "cam-0001");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (camera != null) camera.close();
        if (api != null) api.close();
        if (job != null) job.cancel().get();
        if (ingest != null) ingest.close();
        if (stack != null) stack.close();
    }

    static void publish(String payload) throws Exception {
        camera.publish(Topics.mqttCameraCounts("cam-0001"), payload);
    }

    static String counts(long seq, Instant ts, int motorbikes, int cars, double speed) {
        return DeviceMessages.cameraCounts("cam-0001", SEGMENT, seq).ts(ts.atOffset(ZoneOffset.ofHours(7)))
                .vehicles("motorbike", motorbikes, "car", cars).with("averageVehicleSpeed", speed).with("occupancy", 0.45).json();
    }

    @Test
    void cameraCountsBecomeLiveCongestionHistoryAndPushWhileBadInputIsDeadLettered() throws Exception {
        // a wall client, subscribed before the traffic
        ConcurrentLinkedQueue<JsonNode> pushed = new ConcurrentLinkedQueue<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + api.port() + "/api/v1/live?access_token=" + OPERATOR_TOKEN),
                new Collecting(pushed)).get();
        ws.sendText("{\"type\":\"subscribe\",\"channels\":[\"congestion\"]}", true).get();
        Await.until(Duration.ofSeconds(20), "snapshot on the live socket",
                () -> pushed.stream().anyMatch(m -> m.path("type").asText().equals("snapshot")));

        // a minute and more ago, so no window holding them is live (no early results: those come last)
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // 16 motorbikes + 4 cars, then 8 + 2, both at 14 km/h: 14/35 = 0.40 of free flow -> level E
        publish(counts(1, now.minusSeconds(110), 16, 4, 14.0));
        publish("{\"v\":1,\"deviceId\":\"cam-0001\",\"seq\":2,\"ts\":");
        publish(counts(3, now.minusSeconds(105), 8, 2, 14.0));
        publish(counts(4, now.minusSeconds(61), 1, 0, 30.0)); // moves event time past a window holding the two above

        // the malformed message: dead-lettered with its reason
        try (TopicReader dead = new TopicReader(config, Topics.DEADLETTER)) {
            DeadLetter dl = Json.fromBytes(dead.atLeast(1, Duration.ofSeconds(30)).get(0).value(), DeadLetter.class);
            assertEquals(RejectReason.MALFORMED_JSON, dl.reason());
            assertEquals("cam-0001", dl.deviceId());
            assertEquals("ioc/v1/camera/cam-0001/counts", dl.topic());
        }

        // ioc.congestion: a window with both good messages (30 vehicles), so the one after the bad one arrived
        try (TopicReader congestion = new TopicReader(config, Topics.CONGESTION)) {
            // ward and city records (AreaCongestion, key area:<id>) share the topic: only segment results here
            CongestionResult both = congestion.until(Duration.ofSeconds(90), rs -> rs.stream()
                            .filter(r -> !r.key().startsWith("area:"))
                            .anyMatch(r -> Json.fromBytes(r.value(), CongestionResult.class).vehicles() == 30))
                    .stream().filter(r -> !r.key().startsWith("area:"))
                    .map(r -> Json.fromBytes(r.value(), CongestionResult.class))
                    .filter(r -> r.vehicles() == 30).findFirst().orElseThrow();
            assertEquals(SEGMENT, both.segmentId());
            assertEquals("sai-gon", both.ward());
            assertEquals(14.0, both.meanSpeedKmh());
            assertEquals(LevelOfService.E, both.los());
            assertEquals(30 * 3600.0 / 20, both.flowPerHour());
            assertEquals(60, Duration.between(both.windowStart(), both.windowEnd()).toSeconds());
        }

        // GET /api/v1/congestion
        JsonNode feature = Await.value(Duration.ofSeconds(30), "segment on GET /api/v1/congestion", () -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
                    + "/api/v1/congestion")).header("Authorization", "Bearer " + OPERATOR_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            for (JsonNode f : Json.mapper().readTree(r.body()).path("features")) {
                if (f.path("properties").path("segmentId").asText().equals(SEGMENT)) return f;
            }
            return null;
        }, f -> true);
        assertEquals("E", feature.path("properties").path("los").asText());
        assertEquals("LineString", feature.path("geometry").path("type").asText());

        // pushed on the WebSocket
        Await.until(Duration.ofSeconds(30), "congestion update pushed on /api/v1/live", () -> pushed.stream()
                .anyMatch(m -> m.path("type").asText().equals("update")
                        && m.path("data").path("properties").path("segmentId").asText().equals(SEGMENT)));

        // live data: an interval stamped now goes out early, at its window's end (+ congestion.live.delay), as
        // provisional, although no later event moves the watermark past that window (its final result cannot be out)
        Instant live = Instant.now();
        Instant end = Instant.ofEpochSecond(Math.floorDiv(live.getEpochSecond(), 30) * 30 + 30);
        publish(counts(5, live, 5, 2, 14.0));
        JsonNode early = Await.value(Duration.ofSeconds(60), "provisional window pushed at its end", () -> pushed.stream()
                .filter(m -> m.path("type").asText().equals("update"))
                .map(m -> m.path("data").path("properties"))
                .filter(p -> p.path("segmentId").asText().equals(SEGMENT) && p.path("provisional").asBoolean())
                .findFirst().orElse(null), p -> true);
        assertEquals(end.toString(), early.path("windowEnd").asText());
        assertEquals(7, early.path("vehicles").asLong(), "the live interval only");
        assertEquals("E", early.path("los").asText());
        // and the city's and the ward's congestion of that window, early too
        JsonNode city = Await.value(Duration.ofSeconds(30), "the city's early window on /api/v1/congestion/areas", () -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
                    + "/api/v1/congestion/areas")).header("Authorization", "Bearer " + OPERATOR_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            return Json.mapper().readTree(r.body()).path("city");
        }, c -> c.path("windowEnd").asText().equals(end.toString()));
        assertTrue(city.path("provisional").asBoolean());
        assertEquals(7, city.path("vehicles").asLong());
        try (TopicReader finals = new TopicReader(config, Topics.CONGESTION)) {
            assertTrue(finals.toEnd(Duration.ofSeconds(10)).stream().filter(r -> !r.key().startsWith("area:"))
                    .map(r -> Json.fromBytes(r.value(), CongestionResult.class))
                    .noneMatch(r -> r.windowEnd().equals(end)), "no final result of the live window yet");
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");

        // written to InfluxDB by the history writer
        String q = "SELECT los, meanSpeedKmh FROM congestion WHERE segment = '" + SEGMENT + "'";
        JsonNode series = Await.value(Duration.ofSeconds(60), "congestion points in InfluxDB", () -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.influx().url() + "/query?db=ioc&q="
                    + java.net.URLEncoder.encode(q, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode s = Json.mapper().readTree(r.body()).path("results").path(0).path("series").path(0);
            return s.isMissingNode() ? null : s;
        }, s -> true);
        List<String> columns = Json.mapper().convertValue(series.path("columns"), List.class);
        JsonNode row = series.path("values").path(0);
        assertTrue(columns.contains("los"), columns.toString());
        assertEquals("E", row.path(columns.indexOf("los")).asText());
        assertEquals(14.0, row.path(columns.indexOf("meanSpeedKmh")).asDouble());
    }

    /** Collects the JSON text frames a WebSocket receives. */
    static final class Collecting implements WebSocket.Listener {
        private final ConcurrentLinkedQueue<JsonNode> into;
        private final StringBuilder partial = new StringBuilder();

        Collecting(ConcurrentLinkedQueue<JsonNode> into) {
            this.into = into;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    into.addAll(org.iocity.api.live.LiveProtocol.unbatched(Json.mapper().readTree(partial.toString())));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}
