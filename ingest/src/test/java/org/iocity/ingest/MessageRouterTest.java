package org.iocity.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.iocity.model.CameraObservation;
import org.iocity.model.DeadLetter;
import org.iocity.model.Json;
import org.iocity.model.Registry;
import org.iocity.model.RejectReason;
import org.iocity.model.Topics;
import org.junit.jupiter.api.Test;

class MessageRouterTest {
    static final Instant NOW = Instant.parse("2026-11-23T01:00:30Z");
    static final String GOOD = """
            {"v":1,"deviceId":"cam-0003","seq":7,"ts":"2026-11-23T08:00:00+07:00","segmentId":"seg-le-loi-a",
             "intervalSec":10,"intensity":12,"byClass":{"motorbike":10,"car":2},"averageVehicleSpeed":21.0,"occupancy":0.2}""";

    final MessageRouter router = new MessageRouter(List.of(new CameraCountsStream()),
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
}
