package org.iocity.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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
import org.iocity.parts.Await;
import org.iocity.parts.LocalStack;
import org.iocity.testkit.DeviceClient;
import org.iocity.testkit.DeviceMessages;
import org.iocity.testkit.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole bad-input corpus over real Mosquitto → gateway → real Kafka, each bad message followed by a good one:
 * every bad message is in {@code ioc.deadletter} with its expected reason and counted, every good one arrives with its
 * values, in order. Lines on topics outside the contract ({@code UNKNOWN_TOPIC}) never reach the gateway, which
 * subscribes only to the contract's filters: for those, no dead letter and no count.
 */
@Timeout(240)
class BadInputCorpusIT {
    @Test
    void theCorpusIsDeadLetteredWithItsReasonsAndGoodTrafficIsUnaffected() throws Exception {
        List<BadInputCorpus> corpus = BadInputCorpus.load();
        List<BadInputCorpus> delivered = corpus.stream().filter(c -> c.expectedReason() != RejectReason.UNKNOWN_TOPIC).toList();
        try (LocalStack stack = LocalStack.start(LocalStack.Part.KAFKA, LocalStack.Part.MOSQUITTO)) {
            Path registry = stack.dir().resolve("registry.json");
            Files.copy(LocalStack.repoRoot().resolve("config/registry.json"), registry);
            IocConfig config = stack.config().with(Map.of("mqtt.client.id", "ingest-corpus-it",
                    "ingest.max.payload.bytes", "4096", "registry.file", registry.toString()));
            try (IngestGateway gateway = IngestGateway.start(config)) {
                AtomicLong badSeq = new AtomicLong(1_000_000);
                List<byte[]> sent = new ArrayList<>();
                long goodSeq = 0;
                try (DeviceClient device = DeviceClient.connect(stack.mosquitto().url(), "corpus-sim")) {
                    for (BadInputCorpus c : corpus) {
                        byte[] raw = c.build(Instant.now(), badSeq::incrementAndGet);
                        sent.add(raw);
                        device.publish(c.topic(), raw);
                        goodSeq++;
                        device.publish(Topics.mqttCameraCounts("cam-0001"), good(goodSeq));
                    }
                }
                assertEquals(corpus.size(), new HashSet<>(sent.stream().map(Arrays::toString).toList()).size(), "every bad payload is distinct");

                try (TopicReader reader = new TopicReader(config, Topics.DEADLETTER)) {
                    List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
                    try {
                        reader.until(Duration.ofSeconds(60), rs -> {
                            seen.clear();
                            seen.addAll(rs);
                            return rs.size() >= delivered.size();
                        });
                    } catch (AssertionError timedOut) {
                        // reported below, by which corpus lines have no dead letter
                    }
                    List<DeadLetter> dead = seen.stream().map(r -> Json.fromBytes(r.value(), DeadLetter.class)).toList();
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < corpus.size(); i++) {
                        byte[] raw = sent.get(i);
                        BadInputCorpus c = corpus.get(i);
                        DeadLetter dl = dead.stream().filter(d -> Arrays.equals(d.payload(), raw)).findFirst().orElse(null);
                        if (c.expectedReason() == RejectReason.UNKNOWN_TOPIC) {
                            if (dl != null) wrong.add(c.note() + ": reached the gateway");
                        } else if (dl == null) wrong.add(c.note() + ": no dead letter");
                        else if (dl.reason() != c.expectedReason() || !c.topic().equals(dl.topic())) {
                            wrong.add(c.note() + ": " + dl.reason() + " on " + dl.topic() + " (" + dl.detail() + ")");
                        }
                    }
                    assertEquals(List.of(), wrong);
                    assertEquals(delivered.size(), dead.size());
                }
                for (Map.Entry<RejectReason, Long> e : BadInputCorpus.countsByReason(delivered).entrySet()) {
                    Await.until(Duration.ofSeconds(10), "rejections counted",
                            () -> gateway.metrics().rejectedCount(e.getKey().name()) == e.getValue());
                }
                long goods = goodSeq;
                try (TopicReader reader = new TopicReader(config, Topics.TRAFFIC_OBSERVATIONS)) {
                    List<ConsumerRecord<String, byte[]>> all = reader.until(Duration.ofSeconds(60), rs -> rs.size() >= goods);
                    assertEquals(goods, all.size());
                    for (int i = 0; i < all.size(); i++) {
                        CameraObservation obs = Json.fromBytes(all.get(i).value(), CameraObservation.class);
                        assertEquals("cam-0001", all.get(i).key());
                        assertEquals(i + 1, obs.seq(), "in order, none lost");
                        assertEquals(100 + i + 1, obs.intensity());
                        assertEquals(0.3, obs.occupancy());
                        assertEquals("seg-nguyen-hue-a", obs.segmentId());
                    }
                }
                assertEquals(delivered.size(), gateway.metrics().rejectedTotal());
            }
        }
    }

    static byte[] good(long seq) {
        return DeviceMessages.cameraCounts(seq).with("intervalSec", 60).with("intensity", 100 + seq)
                .with("byClass", Map.of("motorbike", 80, "car", 15)).with("averageVehicleSpeed", 24.5).with("occupancy", 0.3).bytes();
    }
}
