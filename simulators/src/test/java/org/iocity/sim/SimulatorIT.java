package org.iocity.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.iocity.ingest.contract.CameraCounts;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.Rejection;
import org.iocity.model.registry.Registry;
import org.iocity.parts.Await;
import org.iocity.parts.LocalStack.Part;
import org.iocity.parts.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/** The simulator against a real Mosquitto: what it publishes arrives, in order, valid for the gateway. */
@Timeout(120)
class SimulatorIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static LocalStack stack;
    static Registry registry;
    Subscriber subscriber;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(Part.MOSQUITTO);
        registry = Registry.load(java.nio.file.Path.of(stack.config().string("registry.file")));
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    @BeforeEach
    void subscribe(TestInfo test) throws MqttException {
        subscriber = new Subscriber("it-sub-" + test.getTestMethod().orElseThrow().getName().hashCode());
    }

    @AfterEach
    void unsubscribe() {
        if (subscriber != null) subscriber.close();
    }

    /** A QoS 1 subscriber on every camera topic with a persistent session; resubscribes after reconnecting. */
    static final class Subscriber implements MqttCallbackExtended, AutoCloseable {
        record Received(String topic, byte[] payload, Instant at) {}

        final MqttAsyncClient client;
        final List<Received> received = new CopyOnWriteArrayList<>();
        final AtomicBoolean subscribed = new AtomicBoolean();

        Subscriber(String clientId) throws MqttException {
            client = new MqttAsyncClient(stack.mosquitto().url(), clientId, new MemoryPersistence());
            client.setCallback(this);
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(false);
            o.setAutomaticReconnect(true);
            o.setMaxReconnectDelay(1000);
            o.setMaxInflight(1000);
            client.connect(o).waitForCompletion(10_000);
            Await.until(WAIT, "subscription", subscribed::get);
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            try {
                client.subscribe("ioc/v1/#", 1, null, new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
                    @Override
                    public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken t) {
                        subscribed.set(true);
                    }

                    @Override
                    public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken t, Throwable e) {
                        subscribed.set(false);
                    }
                });
            } catch (MqttException e) {
                subscribed.set(false);
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            subscribed.set(false);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new Received(topic, message.getPayload(), Instant.now()));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}

        /** Publishes a marker behind everything the simulator has had acknowledged, and waits for it. */
        void awaitMarker() throws MqttException {
            String topic = Topics.mqttCameraCounts("marker-" + System.nanoTime());
            client.publish(topic, new byte[] {'{', '}'}, 1, false).waitForCompletion(10_000);
            Await.until(WAIT, "the marker " + topic, () -> received.stream().anyMatch(r -> r.topic().equals(topic)));
        }

        List<Received> fromCameras() {
            return received.stream().filter(r -> r.topic().endsWith("/counts") && !r.topic().contains("/marker-")).toList();
        }

        @Override
        public void close() {
            try {
                client.disconnect().waitForCompletion(5_000);
            } catch (MqttException e) {
                // closing anyway
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                // closing anyway
            }
        }
    }

    /** Every message valid for the gateway; per camera, sequence numbers as listed. */
    static Map<String, List<Long>> checkedSequences(List<Subscriber.Received> messages) throws Rejection {
        Map<String, List<Long>> seqs = new TreeMap<>();
        for (Subscriber.Received r : messages) {
            String device = r.topic().split("/")[3];
            CameraObservation o = CameraCounts.parse(r.payload(), device, registry, 64 * 1024, r.at());
            seqs.computeIfAbsent(o.deviceId(), k -> new ArrayList<>()).add(o.seq());
        }
        return seqs;
    }

    static List<Long> range(long from, long to) {
        List<Long> l = new ArrayList<>();
        for (long i = from; i <= to; i++) l.add(i);
        return l;
    }

    @Test
    void theCommandLineWithCountNPublishesExactlyNValidMessages() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        IocConfig config = stack.config().with(Map.of("sim.client.id", "it-cli"));
        int code = SimulatorMain.execute(config, new PrintWriter(out), new PrintWriter(err),
                "--count", "40", "--interval", "1", "--seed", "7");
        assertEquals(0, code, err.toString());
        assertEquals("", err.toString());

        subscriber.awaitMarker();
        List<Subscriber.Received> got = subscriber.fromCameras();
        assertEquals(40, got.size());
        Map<String, List<Long>> seqs = checkedSequences(got);
        assertEquals(28, seqs.size());
        for (int i = 1; i <= 28; i++) {
            String id = String.format("cam-%04d", i);
            assertEquals(i <= 12 ? List.of(1L, 2L) : List.of(1L), seqs.get(id), id);
        }
    }

    @Test
    void scenarioModeDeliversExactlyNVehiclesPerWindowPerSegment() throws Exception {
        StringWriter err = new StringWriter();
        IocConfig config = stack.config().with(Map.of("sim.client.id", "it-scenario"));
        Instant from = Instant.now().minus(Duration.ofHours(2));
        int code = SimulatorMain.execute(config, new PrintWriter(new StringWriter()), new PrintWriter(err), "--scenario", "120/60s",
                "--interval", "10", "--cameras", "3", "--count", "90", "--speedup", "10000", "--start",
                CameraMessageFactory.timestamp(from));
        assertEquals(0, code, err.toString());
        subscriber.awaitMarker();
        List<Subscriber.Received> got = subscriber.fromCameras();
        assertEquals(90, got.size());
        Map<String, Long> perWindow = new TreeMap<>();
        for (Subscriber.Received r : got) {
            var json = org.iocity.model.records.Json.mapper().readTree(r.payload());
            CameraObservation o = CameraCounts.parse(r.payload(), json.get("deviceId").asText(), registry, 64 * 1024, r.at());
            long intervalStart = o.eventTime().getEpochSecond() - 10;
            String key = json.get("segmentId").asText() + "@" + Math.floorDiv(intervalStart, 60);
            perWindow.merge(key, json.get("intensity").asLong(), Long::sum);
        }
        assertEquals(15, perWindow.size(), perWindow.toString());
        for (var e : perWindow.entrySet()) assertEquals(120L, e.getValue(), e.getKey());
    }

    @Test
    void signalsAndSensorsGoOutValidWithStatusesAndAPlanOnTheCommandTopicChangesThePattern() throws Exception {
        Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Registry.Device sig = registry.device("sig-0001").orElseThrow();
        MqttPublisher publisher = MqttPublisher.connect(new MqttPublisher.Settings(stack.mosquitto().url(), "it-city"));
        var signals = (CitySimulator.SignalStream) CitySimulator.signals(List.of(sig), d -> SignalController.of(
                registry.intersection(d.intersectionId()).orElseThrow(), d.id(), 2, start), 10);
        List<Registry.Device> sensors = registry.devices("sensor");
        Registry.Device aq = registry.device("aq-0001").orElseThrow();
        try (CitySimulator sim = new CitySimulator(List.of(signals, CitySimulator.sensors(sensors, new EnvironmentModel(2, true), 60)),
                publisher, new CitySimulator.Faults(0, 0, Map.of("aq-0001", start.plusSeconds(1200))), 2)) {
            sim.ownConnection("aq-0001", MqttPublisher.connect(new MqttPublisher.Settings(stack.mosquitto().url(), "it-city-aq"),
                    null, null, CitySimulator.lastWill(aq)));
            publisher.subscribe("ioc/v1/signal/+/plan/set", signals::onPlan);
            String plan = "{\"planNumber\":7,\"cycleSec\":80,\"offsetSec\":0,\"splits\":[{\"phase\":2,\"seconds\":40},"
                    + "{\"phase\":4,\"seconds\":30}],\"effectiveAt\":\"" + CameraMessageFactory.timestamp(start.plusSeconds(600)) + "\"}";
            subscriber.client.publish(org.iocity.model.kafka.Topics.mqttSignalPlanSet("sig-0001"), plan.getBytes(), 1, false).waitForCompletion(10_000);
            Await.until(WAIT, "the plan at the controller", () -> signals.controller("sig-0001").nextPlan() != null);
            var result = sim.run(new CameraSimulator.RunPlan(start, 10_000, null, 0, null).withMaxDuration(Duration.ofSeconds(3)));
            assertTrue(result.rounds() > 60, "rounds " + result.rounds());
        }
        subscriber.awaitMarker();
        // the silent sensor's connection was dropped without DISCONNECT: the broker publishes its last will
        Await.until(WAIT, "the last will of aq-0001", () -> subscriber.received.stream().anyMatch(r ->
                r.topic().equals("ioc/v1/sensor/aq-0001/status") && !new String(r.payload()).contains("\"seq\"")));
        int batches = 0;
        int readings = 0;
        List<String> states = new ArrayList<>();
        List<String> aqStates = new ArrayList<>();
        Instant lastAq = Instant.MIN;
        boolean patternChange = false;
        for (Subscriber.Received r : subscriber.received) {
            String[] t = r.topic().split("/");
            if (r.topic().contains("/marker-") || t[2].equals("camera") || t.length != 5) continue;
            switch (t[4]) {
                case "events" -> {
                    var b = org.iocity.ingest.contract.SignalEvents.parse(r.payload(), t[3], registry, 1 << 20, r.at());
                    batches++;
                    patternChange |= b.events().stream().anyMatch(e -> e.code() == 131 && e.param() == 7);
                }
                case "status" -> {
                    var s = org.iocity.ingest.contract.DeviceStatuses.parse(r.payload(), t[2], t[3], registry, 1 << 20, r.at());
                    if (s.deviceId().equals("sig-0001")) states.add(s.state());
                    if (s.deviceId().equals("aq-0001")) aqStates.add(s.state() + (s.seq() > 0 ? "" : " (will)"));
                }
                default -> {
                    var reading = org.iocity.ingest.contract.EnvReadings.parse(r.payload(), t[3], t[4], registry, 1 << 20, r.at());
                    readings++;
                    if (reading.deviceId().equals("aq-0001") && reading.eventTime().isAfter(lastAq)) lastAq = reading.eventTime();
                }
            }
        }
        assertTrue(batches > 60, "event batches " + batches);
        assertTrue(readings >= sensors.size() * 10, "sensor readings " + readings);
        assertTrue(patternChange, "the controller logged pattern 7 after the plan arrived over MQTT");
        assertEquals(List.of("online", "offline"), states);
        assertEquals(List.of("online", "offline (will)"), aqStates, "the silent sensor: online, then its last will");
        assertTrue(lastAq.isBefore(start.plusSeconds(1200)), "nothing from aq-0001 after it went silent: " + lastAq);
    }

    @Test
    void theApiPublishesRoundsWhoseNumbersCarryOnAcrossABrokerRestart() throws Exception {
        List<Registry.Device> cameras = CameraSimulator.cameras(registry, 10);
        MqttPublisher publisher = MqttPublisher.connect(new MqttPublisher.Settings(stack.mosquitto().url(), "it-api", 12,
                Duration.ofSeconds(5), Duration.ofSeconds(10)));
        try (CameraSimulator sim = new CameraSimulator(cameras, new CameraMessageFactory(CityTrafficModel.of(registry, 3)),
                publisher, 10)) {
            Instant t = Instant.now().minusSeconds(60);
            for (int round = 0; round < 3; round++) assertEquals(10, sim.publishRound(t.plusSeconds(10L * round)));
            assertTrue(publisher.awaitIdle(WAIT));
            assertEquals(30, publisher.published());

            // the broker goes away: one round waits in Paho's buffer, the connection comes back, numbering goes on
            stack.mosquitto().stop();
            try {
                Await.until(WAIT, "the publisher to notice", () -> !publisher.isConnected());
                assertEquals(10, sim.publishRound(t.plusSeconds(30)));
                // the window (12) holds the 10 waiting messages; more are dropped at once, and the gap shows it
                assertEquals(0, publisher.failed());
                assertEquals(2, sim.publishRound(t.plusSeconds(40), 3));
                assertEquals(1, publisher.failed());
            } finally {
                stack.mosquitto().start();
            }
            Await.until(WAIT, "the publisher to reconnect", publisher::isConnected);
            Await.until(WAIT, "the subscriber to resubscribe", subscriber.subscribed::get);
            assertEquals(10, sim.publishRound(t.plusSeconds(50)));
            assertTrue(publisher.awaitIdle(WAIT), publisher.inFlight() + " in flight");
            assertEquals(52, publisher.published());
            assertEquals(1, publisher.failed());
        }
        subscriber.awaitMarker();
        Map<String, List<Long>> seqs = checkedSequences(subscriber.fromCameras());
        assertEquals(10, seqs.size());
        for (Map.Entry<String, List<Long>> e : seqs.entrySet()) {
            // QoS 1 allows a redelivery across the restart; order and completeness are what matter
            List<Long> distinct = e.getValue().stream().distinct().toList();
            List<Long> expected = switch (e.getKey()) {
                case "cam-0001", "cam-0002" -> range(1, 6);
                case "cam-0003" -> List.of(1L, 2L, 3L, 4L, 6L); // its 5th was dropped while the broker was away
                default -> List.of(1L, 2L, 3L, 4L, 5L);
            };
            assertEquals(expected, distinct, e.getKey() + " got " + e.getValue());
        }
    }

    @Test
    void manyMessagesThroughASmallInFlightWindowAllArrive() throws Exception {
        List<Registry.Device> cameras = CameraSimulator.cameras(registry, 28);
        MqttPublisher publisher = MqttPublisher.connect(new MqttPublisher.Settings(stack.mosquitto().url(), "it-window", 4,
                Duration.ofSeconds(5), Duration.ofSeconds(10)));
        try (CameraSimulator sim = new CameraSimulator(cameras, new CameraMessageFactory(CityTrafficModel.of(registry, 5)),
                publisher, 10)) {
            CameraSimulator.RunResult r = sim.run(CameraSimulator.RunPlan.live()
                    .replayingFrom(Instant.now().minus(Duration.ofDays(1)), 10_000).withMaxMessages(2_000));
            assertEquals(2_000, r.messages());
            assertEquals(2_000, r.published());
            assertEquals(0, r.failed());
        }
        subscriber.awaitMarker();
        List<Subscriber.Received> got = subscriber.fromCameras();
        assertEquals(2_000, got.size());
        Map<String, List<Long>> seqs = checkedSequences(got);
        for (Map.Entry<String, List<Long>> e : seqs.entrySet()) {
            int n = e.getKey().compareTo("cam-0012") <= 0 ? 72 : 71; // 2000 = 71 rounds of 28 + 12
            assertEquals(range(1, n), e.getValue(), e.getKey());
        }
    }

    @Test
    void closingWhileTheBrokerIsAwayLeavesNoPahoThreads() throws Exception {
        MqttPublisher publisher = MqttPublisher.connect(new MqttPublisher.Settings(stack.mosquitto().url(), "it-close-away"));
        assertTrue(pahoThreads("it-close-away") > 0);
        stack.mosquitto().stop();
        try {
            Await.until(WAIT, "the publisher to notice", () -> !publisher.isConnected());
            assertTrue(publisher.publish(Topics.mqttCameraCounts("cam-0001"), new byte[] {'{', '}'}), "buffered");
            assertEquals(1, publisher.inFlight());
            publisher.close();
            Await.until(WAIT, "Paho's threads to end", () -> pahoThreads("it-close-away") == 0);
            // what waited for the broker is counted as failed, not lost from the books
            assertEquals(0, publisher.inFlight());
            assertEquals(1, publisher.failed());
            assertEquals(0, publisher.published());
        } finally {
            stack.mosquitto().start();
        }
        Await.until(WAIT, "the subscriber to resubscribe", subscriber.subscribed::get);
        assertFalse(publisher.publish(Topics.mqttCameraCounts("cam-0001"), new byte[0]), "closed");
        assertEquals(2, publisher.failed());
    }

    static long pahoThreads(String clientId) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().contains(clientId)).count();
    }
}
