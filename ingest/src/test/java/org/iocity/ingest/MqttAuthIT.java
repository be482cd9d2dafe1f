package org.iocity.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.Json;
import org.iocity.parts.Await;
import org.iocity.parts.LocalStack;
import org.iocity.parts.MqttAuth;
import org.iocity.testkit.DeviceClient;
import org.iocity.testkit.DeviceMessages;
import org.iocity.testkit.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mosquitto with per-device passwords and topic ACLs: a device publishes under its own id only, wrong passwords and
 * anonymous clients are refused at connect, and the gateway reads with its own credentials.
 */
@Timeout(120)
class MqttAuthIT {
    static LocalStack stack;
    static MqttAuth auth;
    static IocConfig config;
    static IngestGateway gateway;
    static DeviceClient spy;
    static final List<String> seen = new CopyOnWriteArrayList<>();
    final List<DeviceClient> clients = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.builder().parts(LocalStack.Part.KAFKA, LocalStack.Part.MOSQUITTO).mqttAuth().start();
        auth = stack.mosquitto().auth();
        config = stack.config().with(Map.of("mqtt.client.id", "ingest-auth-it"));
        gateway = IngestGateway.start(config);
        // a second reader with the gateway's credentials, to see exactly what the broker delivers
        spy = DeviceClient.connect(stack.mosquitto().url(), "auth-it-spy", options(MqttAuth.INGEST, auth.password(MqttAuth.INGEST)));
        spy.paho().subscribe("ioc/v1/#", 1, (topic, m) -> seen.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (spy != null) spy.close();
        if (gateway != null) gateway.close();
        if (stack != null) stack.close();
    }

    @AfterEach
    void closeClients() throws MqttException {
        for (DeviceClient c : clients) c.close();
    }

    static Consumer<MqttConnectOptions> options(String user, String password) {
        return o -> {
            o.setConnectionTimeout(5);
            if (user != null) o.setUserName(user);
            if (password != null) o.setPassword(password.toCharArray());
        };
    }

    DeviceClient connect(String clientId, String user, String password) throws MqttException {
        DeviceClient c = DeviceClient.connect(stack.mosquitto().url(), clientId, options(user, password));
        clients.add(c);
        return c;
    }

    static String counts(String camera, String segment, long seq) {
        return DeviceMessages.cameraCounts(camera, segment, seq).ts(Instant.now().atOffset(ZoneOffset.ofHours(7)))
                .vehicles("motorbike", 7).with("averageVehicleSpeed", 30).json();
    }

    @Test
    void aDevicePublishesUnderItsOwnIdAndTheGatewayForwardsIt() throws Exception {
        DeviceClient cam = connect("cam-0001", "cam-0001", auth.password("cam-0001"));
        cam.publish(Topics.mqttCameraCounts("cam-0001"), counts("cam-0001", "seg-nguyen-hue-a", 501));
        try (TopicReader obs = new TopicReader(config, Topics.TRAFFIC_OBSERVATIONS)) {
            var rs = obs.until(Duration.ofSeconds(30), all -> all.stream()
                    .anyMatch(r -> Json.fromBytes(r.value(), CameraObservation.class).seq() == 501));
            assertEquals("cam-0001", rs.stream().filter(r -> Json.fromBytes(r.value(), CameraObservation.class).seq() == 501)
                    .findFirst().orElseThrow().key());
        }
    }

    @Test
    void publishingUnderAnotherDevicesIdIsNotDelivered() throws Exception {
        DeviceClient cam = connect("cam-0001-b", "cam-0001", auth.password("cam-0001"));
        String forged = Topics.mqttCameraCounts("cam-0002");
        String own = Topics.mqttCameraCounts("cam-0001");
        // QoS 1 from one client keeps its order: once the allowed message (sent second) has arrived, the forged one
        // (sent first) would have arrived before it had the broker let it through.
        cam.publish(forged, "forged-marker");
        cam.publish(own, "own-marker");
        Await.until(Duration.ofSeconds(20), "the allowed message", () -> seen.contains(own + " own-marker"));
        assertFalse(seen.stream().anyMatch(s -> s.contains("forged-marker")), seen.toString());
        // and a device may not send a timing plan either
        cam.publish(Topics.mqttSignalPlanSet("sig-0001"), "plan-marker");
        cam.publish(own, "own-marker-2");
        Await.until(Duration.ofSeconds(20), "the second allowed message", () -> seen.contains(own + " own-marker-2"));
        assertFalse(seen.stream().anyMatch(s -> s.contains("plan-marker")), seen.toString());
    }

    @Test
    void theDashboardSendsAPlanThatOnlyItsControllerMayRead() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        DeviceClient controller = connect("sig-0001", "sig-0001", auth.password("sig-0001"));
        controller.paho().subscribe(Topics.mqttSignalPlanSet("sig-0001"), 1, (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
        DeviceClient dashboard = connect("dashboard-auth-it", MqttAuth.DASHBOARD, auth.password(MqttAuth.DASHBOARD));
        dashboard.publish(Topics.mqttSignalPlanSet("sig-0001"), "{\"plan\":3}");
        Await.until(Duration.ofSeconds(20), "the plan at the controller", () -> got.contains("{\"plan\":3}"));
        // the spy is another connection: the plan reaches it in its own time, not necessarily before the controller
        Await.until(Duration.ofSeconds(20), "the plan at the gateway's user (it reads ioc/v1/#)",
                () -> seen.contains(Topics.mqttSignalPlanSet("sig-0001") + " {\"plan\":3}"));
    }

    @Test
    void aWrongPasswordIsRefusedAtConnect() {
        MqttException e = assertThrows(MqttException.class, () -> connect("cam-0003", "cam-0003", auth.password("cam-0004")));
        assertTrue(e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED
                || e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION, "reason " + e.getReasonCode());
    }

    @Test
    void anonymousClientsAreRefused() {
        MqttException e = assertThrows(MqttException.class, () -> connect("anonymous-it", null, null));
        assertTrue(e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED
                || e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION, "reason " + e.getReasonCode());
    }

    @Test
    void theGatewayFailsFastWithAWrongPassword() {
        var e = assertThrows(org.iocity.model.config.ConfigException.class, () -> IngestGateway.start(config.with(Map.of(
                "mqtt.client.id", "ingest-wrong-password", "mqtt.password", "not-the-password"))));
        assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
    }
}
