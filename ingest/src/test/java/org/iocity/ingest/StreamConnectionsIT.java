package org.iocity.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.iocity.model.IocConfig;
import org.iocity.model.Topics;
import org.iocity.parts.Await;
import org.iocity.parts.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway's two kinds of MQTT connection against real Mosquitto and Kafka: cameras and signals on the client id,
 * readings and statuses on {@code <client id>-prompt}, and a persistent session from before the split (one
 * connection subscribed to every stream) no longer gets a second copy of the readings.
 */
@Timeout(120)
class StreamConnectionsIT {

    private static MqttConnectOptions options(boolean cleanSession) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(cleanSession);
        return o;
    }

    @Test
    void aSessionFromBeforeTheSplitGivesNoSecondCopyOfAReading() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStack.Part.KAFKA, LocalStack.Part.MOSQUITTO)) {
            String url = stack.mosquitto().url();
            // the old gateway's session: one connection, plain subscriptions to every device stream
            MqttClient old = new MqttClient(url, "ingest-old", new MemoryPersistence());
            old.connect(options(false));
            for (DeviceStream s : MessageRouter.allStreams()) {
                for (String f : s.mqttFilters()) old.subscribe(f, 1);
            }
            old.disconnect();
            old.close();

            IocConfig config = stack.config().with(Map.of("mqtt.client.id", "ingest-old",
                    "ingest.shared.group", IngestGateway.PLAIN_SUBSCRIPTION));
            MqttClient device = new MqttClient(url, "device-sim", new MemoryPersistence());
            try (IngestGateway gateway = IngestGateway.start(config)) {
                assertTrue(gateway.mqttSubscribed());
                device.connect(options(true));
                long ts = System.currentTimeMillis();
                device.publish("ioc/v1/sensor/wl-0001/water", ("{\"v\":1,\"deviceId\":\"wl-0001\",\"seq\":1,\"ts\":" + ts
                        + ",\"waterLevelCm\":35}").getBytes(StandardCharsets.UTF_8), 1, false);
                // after the reading, on the camera connection: the session's stale copy of the reading would come
                // through that connection before it, and be counted as a duplicate
                device.publish(Topics.mqttCameraCounts("cam-0001"), ("{\"v\":1,\"deviceId\":\"cam-0001\",\"seq\":1,\"ts\":"
                        + ts + ",\"segmentId\":\"seg-nguyen-hue-a\",\"intervalSec\":10,\"intensity\":3,\"byClass\":{\"motorbike\":3},"
                        + "\"averageVehicleSpeed\":25.5,\"occupancy\":0.2}").getBytes(StandardCharsets.UTF_8), 1, false);
                IngestMetrics m = gateway.metrics();
                Await.until(Duration.ofSeconds(60), "the reading and the camera message in Kafka",
                        () -> m.forwardedCount(Topics.ENV_READINGS) >= 1 && m.forwardedCount(Topics.TRAFFIC_OBSERVATIONS) >= 1);
                assertEquals(1, m.forwardedCount(Topics.ENV_READINGS), "one copy of the reading");
                assertEquals(0, m.duplicateCount(), "no copy from the old session's subscription");
                assertEquals(2, m.receivedCount());
            } finally {
                if (device.isConnected()) device.disconnect();
                device.close();
            }
        }
    }
}
