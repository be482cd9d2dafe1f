package org.iocity.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.Json;
import org.iocity.parts.Await;
import org.iocity.parts.LocalStack;
import org.iocity.testkit.DeviceClient;
import org.iocity.testkit.DeviceMessages;
import org.iocity.testkit.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two gateway instances in one MQTT shared subscription group share the load; every message is forwarded exactly once. */
@Timeout(180)
class ScaleOutIT {
    static final int DEVICES = 5;
    static final int PER_DEVICE = 400;

    @Test
    void twoInstancesShareTheMessagesAndForwardEachExactlyOnce() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStack.Part.KAFKA, LocalStack.Part.MOSQUITTO)) {
            IocConfig base = stack.config();
            try (IngestGateway a = IngestGateway.start(base.with(Map.of("mqtt.client.id", "ingest-a")));
                 IngestGateway b = IngestGateway.start(base.with(Map.of("mqtt.client.id", "ingest-b")))) {
                try (DeviceClient pub = DeviceClient.connect(stack.mosquitto().url(), "scale-publisher")) {
                    for (int seq = 1; seq <= PER_DEVICE; seq++) {
                        for (int d = 1; d <= DEVICES; d++) {
                            String cam = "cam-000" + d;
                            String seg = a.registry().device(cam).orElseThrow().segmentId();
                            pub.publish(Topics.mqttCameraCounts(cam), DeviceMessages.cameraCounts(cam, seg, seq).vehicles("car", 3)
                                    .with("averageVehicleSpeed", 30));
                        }
                    }
                }
                int total = DEVICES * PER_DEVICE;
                Await.until(Duration.ofSeconds(60), "all forwarded",
                        () -> a.metrics().forwardedCount() + b.metrics().forwardedCount() >= total);
                try (TopicReader reader = new TopicReader(base, Topics.TRAFFIC_OBSERVATIONS)) {
                    List<ConsumerRecord<String, byte[]>> all = reader.atLeast(total, Duration.ofSeconds(60));
                    Set<String> distinct = new HashSet<>();
                    long unmarked = 0;
                    for (ConsumerRecord<String, byte[]> r : all) {
                        CameraObservation obs = Json.fromBytes(r.value(), CameraObservation.class);
                        distinct.add(obs.deviceId() + "/" + obs.seq());
                        if (r.headers().lastHeader(IngestGateway.HEADER_DUPLICATE) == null) unmarked++;
                    }
                    assertEquals(total, distinct.size(), "every (device, seq) in Kafka");
                    assertEquals(total, unmarked, "exactly once: any extra copy is marked as a duplicate");
                }
                assertEquals(total, a.metrics().receivedCount() + b.metrics().receivedCount(), "each message to one member");
                assertTrue(a.metrics().receivedCount() > 0 && b.metrics().receivedCount() > 0,
                        "both shared: a=" + a.metrics().receivedCount() + " b=" + b.metrics().receivedCount());
            }
        }
    }
}
