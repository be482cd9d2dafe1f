package org.iocity.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.DeadLetter;
import org.iocity.model.records.Json;
import org.iocity.model.records.RejectReason;
import org.iocity.parts.LocalStack;
import org.iocity.testkit.DeviceClient;
import org.iocity.testkit.DeviceMessages;
import org.iocity.testkit.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real Mosquitto → gateway → real Kafka: valid records forwarded in order, bad ones dead-lettered, no loss across a Kafka outage. */
@Timeout(240)
class IngestGatewayIT {
    static LocalStack stack;
    static IngestGateway gateway;
    static DeviceClient device;
    static IocConfig config;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(LocalStack.Part.KAFKA, LocalStack.Part.MOSQUITTO);
        config = stack.config().with(Map.of("mqtt.client.id", "ingest-it"));
        gateway = IngestGateway.start(config);
        device = DeviceClient.connect(stack.mosquitto().url(), "cam-0001");
    }

    @AfterAll
    static void stop() throws Exception {
        if (device != null) device.close();
        if (gateway != null) gateway.close();
        if (stack != null) stack.close();
    }

    static String camera(long seq, Instant ts, long motorbikes) {
        return DeviceMessages.cameraCounts(seq).ts(ts.atOffset(ZoneOffset.ofHours(7))).vehicles("motorbike", motorbikes)
                .with("averageVehicleSpeed", 25.5).with("occupancy", 0.2).json();
    }

    static void publish(String payload) throws Exception {
        device.publish(Topics.mqttCameraCounts("cam-0001"), payload);
    }

    @Test
    void goodMessagesAreForwardedAndAMalformedOneIsDeadLetteredWithoutStallingThem() throws Exception {
        Instant now = Instant.now();
        publish(camera(1, now, 11));
        publish("{\"v\":1,\"deviceId\":\"cam-0001\",\"seq\":2,");
        publish(camera(3, now.plusSeconds(1), 13));

        try (TopicReader obs = new TopicReader(config, Topics.TRAFFIC_OBSERVATIONS);
             TopicReader dead = new TopicReader(config, Topics.DEADLETTER)) {
            List<ConsumerRecord<String, byte[]>> good = obs.until(Duration.ofSeconds(30),
                    rs -> rs.stream().anyMatch(r -> Json.fromBytes(r.value(), CameraObservation.class).seq() == 3));
            List<Long> seqs = good.stream().map(r -> Json.fromBytes(r.value(), CameraObservation.class))
                    .filter(o -> o.seq() <= 3).map(CameraObservation::seq).toList();
            assertEquals(List.of(1L, 3L), seqs, "in order, keyed by device");
            assertEquals("cam-0001", good.get(0).key());
            CameraObservation first = Json.fromBytes(good.get(0).value(), CameraObservation.class);
            assertEquals("sai-gon", first.ward());
            assertEquals(11, first.byClass().motorbike());

            DeadLetter dl = Json.fromBytes(dead.atLeast(1, Duration.ofSeconds(30)).get(0).value(), DeadLetter.class);
            assertEquals(RejectReason.MALFORMED_JSON, dl.reason());
            assertEquals("cam-0001", dl.deviceId());
            assertEquals("{\"v\":1,\"deviceId\":\"cam-0001\",\"seq\":2,", new String(dl.payload(), StandardCharsets.UTF_8));
        }
        assertTrue(gateway.metrics().rejectedCount("MALFORMED_JSON") >= 1);
    }

    @Test
    void messagesSentWhileKafkaIsDownArriveWhenItReturns() throws Exception {
        stack.kafka().stop();
        Instant now = Instant.now();
        for (int seq = 100; seq < 120; seq++) publish(camera(seq, now, seq));
        stack.kafka().start();
        try (TopicReader obs = new TopicReader(config, Topics.TRAFFIC_OBSERVATIONS)) {
            List<ConsumerRecord<String, byte[]>> all = obs.until(Duration.ofSeconds(120), rs -> rs.stream()
                    .map(r -> Json.fromBytes(r.value(), CameraObservation.class).seq())
                    .filter(s -> s >= 100).distinct().count() == 20);
            List<Long> seqs = all.stream().map(r -> Json.fromBytes(r.value(), CameraObservation.class).seq())
                    .filter(s -> s >= 100).distinct().toList();
            assertEquals(20, seqs.size());
            for (int i = 1; i < seqs.size(); i++) assertTrue(seqs.get(i) > seqs.get(i - 1), "device order kept: " + seqs);
        }
    }
}
