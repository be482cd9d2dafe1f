package org.iocity.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.Topics;
import org.iocity.parts.Await;
import org.iocity.parts.LocalStack;
import org.iocity.testkit.DeviceClient;
import org.iocity.testkit.DeviceMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway's two kinds of MQTT connection against real Mosquitto and Kafka: cameras and signals on the client id,
 * readings and statuses on {@code <client id>-prompt}, and a persistent session from before the split (one
 * connection subscribed to every stream) no longer gets a second copy of the readings.
 */
@Timeout(120)
class StreamConnectionsIT {

    @Test
    void aSessionFromBeforeTheSplitGivesNoSecondCopyOfAReading() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStack.Part.KAFKA, LocalStack.Part.MOSQUITTO)) {
            String url = stack.mosquitto().url();
            // the old gateway's session: one connection, plain subscriptions to every device stream
            try (DeviceClient old = DeviceClient.connect(url, "ingest-old", o -> o.setCleanSession(false))) {
                for (DeviceStream s : MessageRouter.allStreams()) {
                    for (String f : s.mqttFilters()) old.paho().subscribe(f, 1);
                }
            }

            IocConfig config = stack.config().with(Map.of("mqtt.client.id", "ingest-old",
                    "ingest.shared.group", IngestGateway.PLAIN_SUBSCRIPTION));
            try (IngestGateway gateway = IngestGateway.start(config);
                 DeviceClient device = DeviceClient.connect(url, "device-sim")) {
                assertTrue(gateway.mqttSubscribed());
                long ts = System.currentTimeMillis();
                device.publish("ioc/v1/sensor/wl-0001/water", DeviceMessages.sensorReading("wl-0001", 1, "waterLevelCm", 35).ts(ts));
                // after the reading, on the camera connection: the session's stale copy of the reading would come
                // through that connection before it, and be counted as a duplicate
                device.publish(Topics.mqttCameraCounts("cam-0001"), DeviceMessages.cameraCounts(1).ts(ts).vehicles("motorbike", 3)
                        .with("averageVehicleSpeed", 25.5).with("occupancy", 0.2));
                IngestMetrics m = gateway.metrics();
                Await.until(Duration.ofSeconds(60), "the reading and the camera message in Kafka",
                        () -> m.forwardedCount(Topics.ENV_READINGS) >= 1 && m.forwardedCount(Topics.TRAFFIC_OBSERVATIONS) >= 1);
                assertEquals(1, m.forwardedCount(Topics.ENV_READINGS), "one copy of the reading");
                assertEquals(0, m.duplicateCount(), "no copy from the old session's subscription");
                assertEquals(2, m.receivedCount());
            }
        }
    }
}
