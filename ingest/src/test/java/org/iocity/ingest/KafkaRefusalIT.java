package org.iocity.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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

/**
 * Kafka away for longer than a (deliberately short) producer delivery timeout: the records are refused, their MQTT
 * messages stay unacknowledged and the gateway keeps sending them again; every one arrives once Kafka is back.
 * (Within the default delivery timeout, 60 s, the producer itself retries in order: {@link IngestGatewayIT}.)
 */
@Timeout(240)
class KafkaRefusalIT {

    @Test
    void refusedRecordsAreRedeliveredByTheBrokerAndArriveWhenKafkaReturns() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStack.Part.KAFKA, LocalStack.Part.MOSQUITTO)) {
            IocConfig config = stack.config().with(Map.of("mqtt.client.id", "refusal-it",
                    "kafka.producer.delivery.timeout.ms", "3000", "kafka.producer.request.timeout.ms", "1000",
                    "kafka.producer.max.block.ms", "2000"));
            try (DeviceClient device = DeviceClient.connect(stack.mosquitto().url(), "cam-0001");
                 IngestGateway gateway = IngestGateway.start(config)) {
                publish(device, 1);
                Await.until(Duration.ofSeconds(30), "the first record in Kafka", () -> gateway.metrics().forwardedCount() == 1);

                stack.kafka().stop();
                for (int seq = 2; seq <= 11; seq++) publish(device, seq);
                Await.until(Duration.ofSeconds(60), "Kafka refusing records", () -> gateway.metrics().kafkaFailureCount() > 0);
                stack.kafka().start();

                try (TopicReader obs = new TopicReader(config, Topics.TRAFFIC_OBSERVATIONS)) {
                    List<Long> seqs = obs.until(Duration.ofSeconds(120), rs -> rs.stream()
                                    .map(r -> Json.fromBytes(r.value(), CameraObservation.class).seq()).distinct().count() == 11)
                            .stream().map(r -> Json.fromBytes(r.value(), CameraObservation.class).seq()).distinct().sorted().toList();
                    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), seqs, "none lost");
                }
                assertTrue(gateway.mqttConnected());
            }
        }
    }

    static void publish(DeviceClient device, long seq) throws Exception {
        device.publish(Topics.mqttCameraCounts("cam-0001"), DeviceMessages.cameraCounts(seq));
    }
}
