package org.iocity.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.DeadLetter;
import org.iocity.model.records.DeviceStatus;
import org.iocity.model.records.EnvReading;
import org.iocity.model.records.Json;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.SignalEventBatch;
import org.iocity.parts.Await;
import org.iocity.parts.LocalStack;
import org.iocity.testkit.DeviceClient;
import org.iocity.testkit.DeviceMessages;
import org.iocity.testkit.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every device stream over real Mosquitto → gateway → real Kafka: one valid message per stream normalised on its
 * topic, each refusal of each stream dead-lettered with its reason and raw bytes, duplicates marked and gaps counted,
 * a last will becoming an offline status, a registry change picked up without a restart, and the HTTP endpoint.
 */
@Timeout(180)
class DeviceStreamsIT {
    static final int MAX_BYTES = 4096;
    static final AtomicLong SEQ = new AtomicLong(1000);
    static LocalStack stack;
    static IocConfig config;
    static IngestGateway gateway;
    static DeviceClient device;
    static TopicReader deadLetters;
    static Path registryFile;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(LocalStack.Part.KAFKA, LocalStack.Part.MOSQUITTO);
        registryFile = stack.dir().resolve("registry.json");
        Files.copy(LocalStack.repoRoot().resolve("config/registry.json"), registryFile);
        config = stack.config().with(Map.of("mqtt.client.id", "ingest-streams-it",
                "ingest.max.payload.bytes", String.valueOf(MAX_BYTES),
                "registry.file", registryFile.toString(),
                "ingest.registry.poll", "200ms"));
        gateway = IngestGateway.start(config);
        device = DeviceClient.connect(stack.mosquitto().url(), "device-sim");
        deadLetters = new TopicReader(config, Topics.DEADLETTER);
    }

    @AfterAll
    static void stop() throws Exception {
        if (deadLetters != null) deadLetters.close();
        if (device != null) device.close();
        if (gateway != null) gateway.close();
        if (stack != null) stack.close();
    }

    static void publish(String topic, String payload) throws Exception {
        device.publish(topic, payload);
    }

    static String now() {
        return "\"" + Instant.now().toString() + "\"";
    }

    static String envelope(String deviceId, long seq) {
        return "{\"v\":1,\"deviceId\":\"" + deviceId + "\",\"seq\":" + seq + ",\"ts\":" + now();
    }

    static String camera(String id, long seq) {
        return DeviceMessages.cameraCounts(id, id.equals("cam-0001") ? "seg-nguyen-hue-a" : segmentOf(id), seq)
                .vehicles("motorbike", 5).with("averageVehicleSpeed", 20).json();
    }

    static String segmentOf(String cameraId) {
        return gateway.registry().device(cameraId).orElseThrow().segmentId();
    }

    static String signal(String id, long seq, String events) {
        return envelope(id, seq) + ",\"events\":" + events + "}";
    }

    static String event(int code, int param) {
        return "{\"ts\":" + now() + ",\"code\":" + code + ",\"param\":" + param + "}";
    }

    static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static ConsumerRecord<String, byte[]> firstFor(String topic, String deviceId, long seq) {
        try (TopicReader reader = new TopicReader(config, topic)) {
            return reader.until(Duration.ofSeconds(30), rs -> rs.stream().anyMatch(r -> matches(r, deviceId, seq)))
                    .stream().filter(r -> matches(r, deviceId, seq)).findFirst().orElseThrow();
        }
    }

    static boolean matches(ConsumerRecord<String, byte[]> r, String deviceId, long seq) {
        var node = Json.mapper().valueToTree(Json.fromBytes(r.value(), Map.class));
        return deviceId.equals(r.key()) && node.path("seq").asLong(Long.MIN_VALUE) == seq;
    }

    @Test
    void oneValidMessagePerStreamArrivesNormalisedOnItsTopic() throws Exception {
        long seq = SEQ.incrementAndGet();
        publish("ioc/v1/signal/sig-0003/events", signal("sig-0003", seq, "[" + event(1, 2) + "," + event(8, 2) + "]"));
        publish("ioc/v1/sensor/aq-0003/air", envelope("aq-0003", seq) + ",\"pm25\":41.5,\"no2\":30}");
        publish("ioc/v1/sensor/wl-0002/water", envelope("wl-0002", seq) + ",\"waterLevelCm\":35}");
        publish("ioc/v1/sensor/ns-0002/noise", envelope("ns-0002", seq) + ",\"laeq\":77.5}");
        publish("ioc/v1/camera/cam-0002/status", envelope("cam-0002", seq) + ",\"state\":\"online\",\"firmware\":\"1.2.3\",\"battery\":64}");
        publish("ioc/v1/camera/cam-0002/counts", camera("cam-0002", seq));

        ConsumerRecord<String, byte[]> sig = firstFor(Topics.SIGNAL_EVENTS, "sig-0003", seq);
        SignalEventBatch batch = Json.fromBytes(sig.value(), SignalEventBatch.class);
        assertEquals("x-le-loi-pasteur", batch.intersectionId());
        assertEquals("ben-thanh", batch.ward());
        assertEquals(List.of(1, 8), batch.events().stream().map(e -> e.code()).toList());
        assertEquals("ioc/v1/signal/sig-0003/events", header(sig, IngestGateway.HEADER_MQTT_TOPIC));
        assertNotNull(Instant.parse(header(sig, IngestGateway.HEADER_RECEIVED_AT)));

        EnvReading air = Json.fromBytes(firstFor(Topics.ENV_READINGS, "aq-0003", seq).value(), EnvReading.class);
        assertEquals("air", air.kind());
        assertEquals(41.5, air.pm25());
        assertEquals("tan-son-nhat", air.ward());
        EnvReading water = Json.fromBytes(firstFor(Topics.ENV_READINGS, "wl-0002", seq).value(), EnvReading.class);
        assertEquals(35.0, water.waterLevelCm());
        EnvReading noise = Json.fromBytes(firstFor(Topics.ENV_READINGS, "ns-0002", seq).value(), EnvReading.class);
        assertEquals(77.5, noise.laeq());
        DeviceStatus status = Json.fromBytes(firstFor(Topics.DEVICE_STATUS, "cam-0002", seq).value(), DeviceStatus.class);
        assertEquals("online", status.state());
        assertEquals(64.0, status.battery());
        assertEquals("camera", status.type());
        CameraObservation cam = Json.fromBytes(firstFor(Topics.TRAFFIC_OBSERVATIONS, "cam-0002", seq).value(), CameraObservation.class);
        assertEquals(5, cam.intensity());
    }

    static Stream<Arguments> refusals() {
        List<Arguments> a = new ArrayList<>();
        String big = "\"" + "x".repeat(MAX_BYTES) + "\"";
        // camera
        String cam = "ioc/v1/camera/cam-0003/counts";
        a.add(Arguments.of("camera", cam, (Builder) s -> "{\"v\":1,\"deviceId\":\"cam-0003\",\"seq\":" + s + ",", RejectReason.MALFORMED_JSON));
        a.add(Arguments.of("camera", cam, (Builder) s -> camera("cam-0003", s).replace("}", ",\"pad\":" + big + "}"), RejectReason.OVERSIZE));
        a.add(Arguments.of("camera", cam, (Builder) s -> camera("cam-0003", s).replace("\"v\":1", "\"v\":2"), RejectReason.UNSUPPORTED_VERSION));
        a.add(Arguments.of("camera", cam, (Builder) s -> camera("cam-0003", s).replace("\"intensity\":5,", ""), RejectReason.MISSING_FIELD));
        a.add(Arguments.of("camera", cam, (Builder) s -> camera("cam-0003", s).replace("\"occupancy\":0.1", "\"occupancy\":\"low\""), RejectReason.WRONG_TYPE));
        a.add(Arguments.of("camera", cam, (Builder) s -> camera("cam-0003", s).replace("\"occupancy\":0.1", "\"occupancy\":1.5"), RejectReason.OUT_OF_RANGE));
        a.add(Arguments.of("camera", "ioc/v1/camera/cam-9999/counts", (Builder) s -> camera("cam-0003", s).replace("cam-0003", "cam-9999"), RejectReason.UNKNOWN_DEVICE));
        a.add(Arguments.of("camera", cam, (Builder) s -> camera("cam-0004", s).replace("cam-0004", "cam-0003"), RejectReason.DEVICE_MISMATCH));
        // signal
        String sig = "ioc/v1/signal/sig-0004/events";
        a.add(Arguments.of("signal", sig, (Builder) s -> "[" + s, RejectReason.MALFORMED_JSON));
        a.add(Arguments.of("signal", sig, (Builder) s -> signal("sig-0004", s, "[" + String.join(",", java.util.Collections.nCopies(200, event(1, 1))) + "]"), RejectReason.OVERSIZE));
        a.add(Arguments.of("signal", sig, (Builder) s -> signal("sig-0004", s, "[]").replace("\"v\":1", "\"v\":0"), RejectReason.UNSUPPORTED_VERSION));
        a.add(Arguments.of("signal", sig, (Builder) s -> envelope("sig-0004", s) + "}", RejectReason.MISSING_FIELD));
        a.add(Arguments.of("signal", sig, (Builder) s -> signal("sig-0004", s, "{\"code\":1}"), RejectReason.WRONG_TYPE));
        // a batch is refused whole only when none of its events is good (one bad event among good ones: below)
        a.add(Arguments.of("signal", sig, (Builder) s -> signal("sig-0004", s, "[" + event(70_000, 1) + "]"), RejectReason.OUT_OF_RANGE));
        a.add(Arguments.of("signal", "ioc/v1/signal/cam-0003/events", (Builder) s -> signal("cam-0003", s, "[" + event(1, 1) + "]"), RejectReason.UNKNOWN_DEVICE));
        a.add(Arguments.of("signal", sig, (Builder) s -> signal("sig-0005", s, "[" + event(1, 1) + "]"), RejectReason.DEVICE_MISMATCH));
        // sensors
        String air = "ioc/v1/sensor/aq-0004/air";
        a.add(Arguments.of("sensor", air, (Builder) s -> "pm25=" + s, RejectReason.MALFORMED_JSON));
        a.add(Arguments.of("sensor", air, (Builder) s -> envelope("aq-0004", s) + ",\"pm25\":1,\"pad\":" + big + "}", RejectReason.OVERSIZE));
        a.add(Arguments.of("sensor", air, (Builder) s -> (envelope("aq-0004", s) + ",\"pm25\":1}").replace("\"v\":1", "\"v\":\"1\""), RejectReason.UNSUPPORTED_VERSION));
        a.add(Arguments.of("sensor", air, (Builder) s -> envelope("aq-0004", s) + "}", RejectReason.MISSING_FIELD));
        a.add(Arguments.of("sensor", air, (Builder) s -> envelope("aq-0004", s) + ",\"pm10\":[1]}", RejectReason.WRONG_TYPE));
        a.add(Arguments.of("sensor", "ioc/v1/sensor/wl-0003/water", (Builder) s -> envelope("wl-0003", s) + ",\"waterLevelCm\":900}", RejectReason.OUT_OF_RANGE));
        a.add(Arguments.of("sensor", "ioc/v1/sensor/sig-0001/noise", (Builder) s -> envelope("sig-0001", s) + ",\"laeq\":50}", RejectReason.UNKNOWN_DEVICE));
        a.add(Arguments.of("sensor", "ioc/v1/sensor/ns-0003/air", (Builder) s -> envelope("ns-0003", s) + ",\"pm25\":5}", RejectReason.DEVICE_MISMATCH));
        // status
        String st = "ioc/v1/signal/sig-0006/status";
        a.add(Arguments.of("status", st, (Builder) s -> "{\"state\":\"online\" " + s, RejectReason.MALFORMED_JSON));
        a.add(Arguments.of("status", st, (Builder) s -> envelope("sig-0006", s) + ",\"state\":\"online\",\"pad\":" + big + "}", RejectReason.OVERSIZE));
        a.add(Arguments.of("status", st, (Builder) s -> "{\"deviceId\":\"sig-0006\",\"seq\":" + s + ",\"state\":\"online\"}", RejectReason.MISSING_FIELD));
        a.add(Arguments.of("status", st, (Builder) s -> envelope("sig-0006", s).replace("\"v\":1", "\"v\":9") + ",\"state\":\"online\"}", RejectReason.UNSUPPORTED_VERSION));
        a.add(Arguments.of("status", st, (Builder) s -> envelope("sig-0006", s) + ",\"state\":true}", RejectReason.WRONG_TYPE));
        a.add(Arguments.of("status", st, (Builder) s -> envelope("sig-0006", s) + ",\"state\":\"online\",\"battery\":140}", RejectReason.OUT_OF_RANGE));
        a.add(Arguments.of("status", "ioc/v1/toaster/t-1/status", (Builder) s -> envelope("t-1", s) + ",\"state\":\"online\"}", RejectReason.UNKNOWN_DEVICE));
        a.add(Arguments.of("status", "ioc/v1/camera/sig-0006/status", (Builder) s -> envelope("sig-0006", s) + ",\"state\":\"online\"}", RejectReason.DEVICE_MISMATCH));
        return a.stream();
    }

    /**
     * A real controller log: vendor codes and params above 255 pass and are counted per code; a year-old event, an
     * event with code 70000 and one going backwards are each dead-lettered alone, with the index and field in the
     * reason and the raw event, and the other events of the batch reach Kafka.
     */
    @Test
    void aBatchWithBadEventsForwardsTheRestAndDeadLettersEachBadEventAlone() throws Exception {
        long seq = SEQ.incrementAndGet();
        long now = System.currentTimeMillis();
        long yearAgo = now - Duration.ofDays(365).toMillis();
        long vendorBefore = gateway.metrics().unknownCodeCount(301);
        String events = "[{\"ts\":" + yearAgo + ",\"code\":1,\"param\":2},"
                + "{\"ts\":" + (now - 3000) + ",\"code\":1,\"param\":2},"
                + "{\"ts\":" + (now - 2900) + ",\"code\":301,\"param\":1000},"
                + "{\"ts\":" + (now - 2800) + ",\"code\":70000,\"param\":1},"
                + "{\"ts\":" + (now - 4000) + ",\"code\":8,\"param\":2},"
                + "{\"ts\":" + (now - 2000) + ",\"code\":8,\"param\":2}]";
        publish("ioc/v1/signal/sig-0007/events", signal("sig-0007", seq, events));

        SignalEventBatch batch = Json.fromBytes(firstFor(Topics.SIGNAL_EVENTS, "sig-0007", seq).value(), SignalEventBatch.class);
        assertEquals(List.of(1, 301, 8), batch.events().stream().map(e -> e.code()).toList());
        assertEquals(1000, batch.events().get(1).param());

        List<DeadLetter> mine = deadLetters.until(Duration.ofSeconds(30), rs -> rs.stream()
                        .filter(r -> "sig-0007".equals(r.key())).count() >= 3).stream()
                .filter(r -> "sig-0007".equals(r.key())).map(r -> Json.fromBytes(r.value(), DeadLetter.class)).toList();
        assertEquals(3, mine.size(), mine.toString());
        assertEquals(List.of(RejectReason.OUT_OF_RANGE, RejectReason.OUT_OF_RANGE, RejectReason.OUT_OF_ORDER),
                mine.stream().map(DeadLetter::reason).toList());
        assertTrue(mine.get(0).detail().startsWith("events[0].ts ") && mine.get(0).detail().contains("more than 30 days old"),
                mine.get(0).detail());
        assertEquals("events[3].code = 70000 is outside 0..65535", mine.get(1).detail());
        assertTrue(mine.get(2).detail().startsWith("events[4].ts "), mine.get(2).detail());
        assertEquals("{\"ts\":" + (now - 2800) + ",\"code\":70000,\"param\":1}", new String(mine.get(1).payload(), StandardCharsets.UTF_8));
        assertEquals("ioc/v1/signal/sig-0007/events", mine.get(1).topic());

        Await.until(Duration.ofSeconds(10), "vendor code 301 counted", () -> gateway.metrics().unknownCodeCount(301) == vendorBefore + 1);
        assertTrue(gateway.metrics().scrape().contains("ioc_ingest_signal_unknown_codes_total{code=\"301\"}"));
    }

    interface Builder {
        String build(long seq);
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("refusals")
    void eachRefusalOfEachStreamIsDeadLetteredWithReasonAndRawBytes(String stream, String topic, Builder payload,
                                                                     RejectReason reason) throws Exception {
        byte[] raw = payload.build(SEQ.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
        long before = gateway.metrics().rejectedCount(reason.name());
        device.publish(topic, raw);
        List<ConsumerRecord<String, byte[]>> all = deadLetters.until(Duration.ofSeconds(30), rs -> rs.stream()
                .anyMatch(r -> java.util.Arrays.equals(Json.fromBytes(r.value(), DeadLetter.class).payload(), raw)));
        DeadLetter dl = all.stream().map(r -> Json.fromBytes(r.value(), DeadLetter.class))
                .filter(d -> java.util.Arrays.equals(d.payload(), raw)).findFirst().orElseThrow();
        assertEquals(reason, dl.reason(), dl.detail());
        assertEquals(topic, dl.topic());
        assertEquals("mqtt", dl.source());
        assertArrayEquals(raw, dl.payload());
        assertEquals(raw.length, dl.payloadSize());
        Await.until(Duration.ofSeconds(10), "rejection counted", () -> gateway.metrics().rejectedCount(reason.name()) > before);
    }

    @Test
    void duplicatesAreForwardedMarkedAndGapsAreCounted() throws Exception {
        String cam = "cam-0005";
        long dupBefore = gateway.metrics().duplicateCount();
        long gapsBefore = gateway.metrics().gapCount();
        for (long seq : new long[] {1, 2, 2, 5, 3}) publish(Topics.mqttCameraCounts(cam), camera(cam, seq));
        try (TopicReader reader = new TopicReader(config, Topics.TRAFFIC_OBSERVATIONS)) {
            List<ConsumerRecord<String, byte[]>> mine = reader.until(Duration.ofSeconds(30),
                    rs -> rs.stream().filter(r -> cam.equals(r.key())).count() == 5).stream().filter(r -> cam.equals(r.key())).toList();
            List<Long> seqs = mine.stream().map(r -> Json.fromBytes(r.value(), CameraObservation.class).seq()).toList();
            assertEquals(List.of(1L, 2L, 2L, 5L, 3L), seqs);
            assertNull(header(mine.get(1), IngestGateway.HEADER_DUPLICATE));
            assertEquals("true", header(mine.get(2), IngestGateway.HEADER_DUPLICATE), "the second seq 2");
            assertEquals("2", header(mine.get(3), IngestGateway.HEADER_GAP), "3 and 4 were missing at seq 5");
            assertEquals("true", header(mine.get(4), IngestGateway.HEADER_LATE));
            assertNull(header(mine.get(4), IngestGateway.HEADER_DUPLICATE));
        }
        assertEquals(dupBefore + 1, gateway.metrics().duplicateCount());
        assertEquals(gapsBefore + 2, gateway.metrics().gapCount());
        assertEquals(2, gateway.sequences().gaps(Topics.TRAFFIC_OBSERVATIONS + "|" + cam));
    }

    @Test
    void aLastWillBecomesAnOfflineStatus() throws Exception {
        String topic = "ioc/v1/sensor/aq-0005/status";
        try (DeviceClient sensor = DeviceClient.connect(stack.mosquitto().url(), "aq-0005", o -> {
            o.setKeepAliveInterval(5);
            o.setWill(topic, "{\"v\":1,\"deviceId\":\"aq-0005\",\"state\":\"offline\"}".getBytes(StandardCharsets.UTF_8), 1, true);
        })) {
            sensor.publishRetained(topic, DeviceMessages.status("aq-0005", 1, "online").with("battery", 90));
            // Abruptly: the socket closes without a DISCONNECT packet, so the broker publishes the will.
            sensor.disconnectAbruptly();
        }
        try (TopicReader reader = new TopicReader(config, Topics.DEVICE_STATUS)) {
            List<DeviceStatus> states = reader.until(Duration.ofSeconds(30), rs -> rs.stream()
                            .anyMatch(r -> "aq-0005".equals(r.key()) && "offline".equals(Json.fromBytes(r.value(), DeviceStatus.class).state())))
                    .stream().filter(r -> "aq-0005".equals(r.key())).map(r -> Json.fromBytes(r.value(), DeviceStatus.class)).toList();
            assertEquals("online", states.get(0).state());
            DeviceStatus will = states.get(states.size() - 1);
            assertEquals("offline", will.state());
            assertEquals(-1, will.seq(), "a last will carries no seq");
            assertEquals("sensor", will.type());
            assertEquals("cho-quan", will.ward());
        }
    }

    @Test
    void aRegistryChangeIsPickedUpWithoutRestartAndABadOneIsRefused() throws Exception {
        String json = Files.readString(registryFile);
        String added = json.replaceFirst("\"devices\"\\s*:\\s*\\[",
                "\"devices\": [{\"id\":\"ns-0099\",\"type\":\"sensor\",\"ward\":\"thu-duc\",\"measures\":[\"noise\"],\"lat\":10.8,\"lon\":106.75},");
        Path tmp = registryFile.resolveSibling("registry.next");
        Files.writeString(tmp, "{ not json");
        Files.move(tmp, registryFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        // The bad file is refused: the registry in use still knows every device.
        publish("ioc/v1/sensor/ns-0003/noise", envelope("ns-0003", SEQ.incrementAndGet()) + ",\"laeq\":60}");
        Await.until(Duration.ofSeconds(20), "forwarded with the old registry",
                () -> gateway.metrics().forwardedCount(Topics.ENV_READINGS) > 0 && gateway.registry().device("ns-0003").isPresent());
        Files.writeString(tmp, added);
        Files.move(tmp, registryFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Await.until(Duration.ofSeconds(20), "new registry in use", () -> gateway.registry().device("ns-0099").isPresent());
        long seq = SEQ.incrementAndGet();
        publish("ioc/v1/sensor/ns-0099/noise", envelope("ns-0099", seq) + ",\"laeq\":61}");
        EnvReading r = Json.fromBytes(firstFor(Topics.ENV_READINGS, "ns-0099", seq).value(), EnvReading.class);
        assertEquals("thu-duc", r.ward());
    }

    @Test
    void metricsAndHealthAreServedOverHttp() throws Exception {
        long before = gateway.metrics().forwardedCount(Topics.TRAFFIC_OBSERVATIONS);
        publish(Topics.mqttCameraCounts("cam-0006"), camera("cam-0006", 1));
        Await.until(Duration.ofSeconds(20), "the camera's record forwarded",
                () -> gateway.metrics().forwardedCount(Topics.TRAFFIC_OBSERVATIONS) > before);
        try (IngestHttp http = IngestHttp.start(config.with(Map.of("ingest.http.port", "0")), gateway)) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertTrue(metrics.body().contains("ioc_ingest_received_total"), metrics.body());
            assertTrue(metrics.body().contains("ioc_ingest_forwarded_total{topic=\"ioc.traffic.observations\"}"), metrics.body());
            assertTrue(metrics.body().contains("ioc_ingest_kafka_latency_seconds_count"), metrics.body());
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            var body = Json.mapper().readTree(health.body());
            assertEquals("UP", body.get("status").asText());
            assertTrue(body.get("mqttConnected").asBoolean());
            assertNotNull(Instant.parse(body.get("kafkaLastSuccess").asText()));
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/health"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            assertNull(body.get("calendar"), "no intake calendar given, none reported");
        }
        // with the intake's working-day calendar: whether it covers the next 12 months, said relative to today
        java.time.ZoneId zone = org.iocity.model.registry.WorkingCalendar.CITY_ZONE;
        int year = java.time.LocalDate.now(zone).getYear();
        var shortOne = org.iocity.model.registry.WorkingCalendar.of(zone,
                Map.of(java.time.LocalDate.of(year, 9, 2), "National Day"), Map.of());
        var longOne = org.iocity.model.registry.WorkingCalendar.of(zone,
                Map.of(java.time.LocalDate.of(year + 1, 9, 2), "National Day"), Map.of());
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try (IngestHttp short_ = IngestHttp.start(config.with(Map.of("ingest.http.port", "0")), gateway, vertx, shortOne);
             IngestHttp long_ = IngestHttp.start(config.with(Map.of("ingest.http.port", "0")), gateway, vertx, longOne)) {
            HttpClient client = HttpClient.newHttpClient();
            var s = Json.mapper().readTree(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + short_.port() + "/health"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals("UP", s.get("status").asText(), "a short calendar is a warning, not an outage");
            assertEquals(year + "-12-31", s.get("calendar").get("coversThrough").asText());
            assertFalse(s.get("calendar").get("coversNext12Months").asBoolean());
            assertTrue(s.get("warnings").get(0).asText().contains("add the holidays of " + (year + 1)), s.toString());
            var l = Json.mapper().readTree(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + long_.port() + "/health"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            assertTrue(l.get("calendar").get("coversNext12Months").asBoolean(), l.toString());
            assertNull(l.get("warnings"));
        } finally {
            vertx.close().await();
        }
    }
}
