package org.iocity.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.DeadLetter;
import org.iocity.model.records.Json;
import org.iocity.model.records.RejectReason;
import org.iocity.model.registry.Registry;
import org.iocity.testkit.DeviceMessages;
import org.junit.jupiter.api.Test;

class MessageRouterTest {
    static final Instant NOW = Instant.parse("2026-11-23T01:00:30Z");
    static final String GOOD = DeviceMessages.cameraCounts("cam-0003", "seg-le-loi-a", 7).ts("2026-11-23T08:00:00+07:00")
            .vehicles("motorbike", 10, "car", 2).with("averageVehicleSpeed", 21.0).with("occupancy", 0.2).json();

    final MessageRouter router = new MessageRouter(MessageRouter.allStreams(),
            Registry.load(Path.of("../config/registry.json")), 4096);

    @Test
    void validCameraMessageIsForwardedKeyedByDevice() {
        Decision d = router.route("ioc/v1/camera/cam-0003/counts", GOOD.getBytes(StandardCharsets.UTF_8), NOW);
        assertFalse(d.rejected());
        assertEquals(Topics.TRAFFIC_OBSERVATIONS, d.kafkaTopic());
        assertEquals("cam-0003", d.key());
        CameraObservation o = Json.fromBytes(d.value(), CameraObservation.class);
        assertEquals("ben-thanh", o.ward());
        assertEquals(7, o.seq());
    }

    @Test
    void malformedMessageBecomesADeadLetterWithTheRawBytes() {
        byte[] raw = "{\"v\":1,\"deviceId\":".getBytes(StandardCharsets.UTF_8);
        Decision d = router.route("ioc/v1/camera/cam-0003/counts", raw, NOW);
        assertTrue(d.rejected());
        assertEquals(Topics.DEADLETTER, d.kafkaTopic());
        assertEquals("cam-0003", d.key());
        DeadLetter dl = Json.fromBytes(d.value(), DeadLetter.class);
        assertEquals(RejectReason.MALFORMED_JSON, dl.reason());
        assertEquals("ioc/v1/camera/cam-0003/counts", dl.topic());
        assertEquals("mqtt", dl.source());
        assertEquals(NOW, dl.receivedAt());
        assertArrayEquals(raw, dl.payload());
    }

    @Test
    void topicOutsideTheContractIsRefused() {
        Decision d = router.route("ioc/v1/camera/cam-0003/selfie", GOOD.getBytes(StandardCharsets.UTF_8), NOW);
        assertTrue(d.rejected());
        assertEquals(RejectReason.UNKNOWN_TOPIC, Json.fromBytes(d.value(), DeadLetter.class).reason());
    }

    @Test
    void reloadedRegistryIsUsedForTheNextMessage() {
        Registry empty = Registry.load(Path.of("src/test/resources/empty-registry.json"));
        router.registry(empty);
        Decision d = router.route("ioc/v1/camera/cam-0003/counts", GOOD.getBytes(StandardCharsets.UTF_8), NOW);
        assertEquals(RejectReason.UNKNOWN_DEVICE, Json.fromBytes(d.value(), DeadLetter.class).reason());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "ioc/v1/signal/sig-0001/events | {\"v\":1,\"deviceId\":\"sig-0001\",\"seq\":3,\"ts\":\"2026-11-23T08:00:00+07:00\",\"events\":[{\"ts\":\"2026-11-23T08:00:00+07:00\",\"code\":1,\"param\":2}]} | ioc.signal.events | 3",
            "ioc/v1/sensor/aq-0001/air     | {\"v\":1,\"deviceId\":\"aq-0001\",\"seq\":4,\"ts\":\"2026-11-23T08:00:00+07:00\",\"pm25\":12.5} | ioc.env.readings | 4",
            "ioc/v1/sensor/wl-0001/water   | {\"v\":1,\"deviceId\":\"wl-0001\",\"seq\":5,\"ts\":\"2026-11-23T08:00:00+07:00\",\"waterLevelCm\":20} | ioc.env.readings | 5",
            "ioc/v1/sensor/ns-0001/noise   | {\"v\":1,\"deviceId\":\"ns-0001\",\"seq\":6,\"ts\":\"2026-11-23T08:00:00+07:00\",\"laeq\":70} | ioc.env.readings | 6",
            "ioc/v1/sensor/ns-0001/status  | {\"v\":1,\"deviceId\":\"ns-0001\",\"state\":\"offline\"} | ioc.device.status | -1",
            "ioc/v1/camera/cam-0003/status | {\"v\":1,\"deviceId\":\"cam-0003\",\"seq\":8,\"state\":\"online\",\"battery\":50} | ioc.device.status | 8",
    })
    void everyStreamForwardsToItsTopicKeyedByDevice(String topic, String json, String kafkaTopic, long seq) {
        Decision d = router.route(topic, json.getBytes(StandardCharsets.UTF_8), NOW);
        assertFalse(d.rejected(), () -> new String(d.value(), StandardCharsets.UTF_8));
        assertEquals(kafkaTopic, d.kafkaTopic());
        assertEquals(topic.split("/")[3], d.key());
        assertEquals(seq, d.seq());
    }

    @Test
    void noTwoStreamsClaimTheSameTopic() {
        for (String topic : List.of("ioc/v1/sensor/aq-0001/status", "ioc/v1/sensor/aq-0001/air", "ioc/v1/signal/sig-0001/events",
                "ioc/v1/signal/sig-0001/status", "ioc/v1/camera/cam-0001/counts")) {
            String[] levels = topic.split("/");
            assertEquals(1, router.streams().stream().filter(s -> s.handles(levels)).count(), topic);
        }
        List<String> filters = router.streams().stream().flatMap(s -> s.mqttFilters().stream()).toList();
        assertFalse(filters.contains("ioc/v1/sensor/+/+"), "would match a sensor's status a second time");
    }
}
