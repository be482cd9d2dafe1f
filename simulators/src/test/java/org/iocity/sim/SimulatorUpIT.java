package org.iocity.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.iocity.launcher.ServiceCommands;
import org.iocity.model.config.IocConfig;
import org.iocity.parts.Await;
import org.iocity.parts.LocalStack;
import org.iocity.parts.MqttAuth;
import org.iocity.testkit.DeviceClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@code ./ioc up} runs, as the {@code ioc-simulator} user of a Mosquitto with credentials and ACLs. */
@Timeout(120)
class SimulatorUpIT {

    @Test
    void theUpCommandLinePublishesEveryStreamThroughTheSimulatorsAcl() throws Exception {
        try (LocalStack stack = LocalStack.builder().parts(LocalStack.Part.MOSQUITTO).mqttAuth().start()) {
            Set<String> kinds = ConcurrentHashMap.newKeySet();
            try (DeviceClient sub = DeviceClient.connect(stack.mosquitto().url(), "it-up-sub", MqttAuth.INGEST,
                    stack.mosquitto().auth().password(MqttAuth.INGEST))) {
                sub.paho().setCallback(new MqttCallback() {
                    @Override
                    public void connectionLost(Throwable cause) {}

                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        String[] t = topic.split("/");
                        kinds.add(t[2] + "/" + t[4]);
                    }

                    @Override
                    public void deliveryComplete(IMqttDeliveryToken token) {}
                });
                sub.paho().subscribe("ioc/v1/#", 1);
                List<String> args = new ArrayList<>(ServiceCommands.all().get(ServiceCommands.SIMULATORS));
                args = new ArrayList<>(args.subList(args.indexOf("-jar") + 2, args.size()));
                // the MQTT streams only: citizens post over HTTP to an Open311 intake (ScenarioEndToEndIT)
                int streams = args.indexOf("--streams") + 1;
                args.set(streams, args.get(streams).replace(",citizens", ""));
                args.addAll(List.of("--start", CameraMessageFactory.timestamp(Instant.now().minus(Duration.ofMinutes(5))),
                        "--speedup", "100", "--duration", "6s", "--client-id", "it-up"));
                IocConfig config = stack.config().with(Map.of("mqtt.username", MqttAuth.SIMULATOR,
                        "mqtt.password", stack.mosquitto().auth().password(MqttAuth.SIMULATOR)));
                StringWriter err = new StringWriter();
                int code = SimulatorMain.execute(config, new PrintWriter(new StringWriter()), new PrintWriter(err),
                        args.toArray(String[]::new));
                assertEquals(0, code, err.toString());
                Set<String> expected = Set.of("camera/counts", "camera/status", "signal/events", "signal/status",
                        "sensor/air", "sensor/water", "sensor/noise", "sensor/status");
                Await.until(Duration.ofSeconds(30), "every stream at the ingest user's subscription", () -> kinds.containsAll(expected));
                assertTrue(kinds.containsAll(expected), kinds.toString());
            }
        }
    }
}
