package org.iocity.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.iocity.ingest.contract.CameraCounts;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.Json;
import org.iocity.model.records.Rejection;
import org.iocity.model.registry.Registry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CameraMessageFactoryTest {
    static Registry registry;
    static CameraMessageFactory factory;

    @BeforeAll
    static void load() {
        registry = Registry.load(Path.of("../config/registry.json"));
        factory = new CameraMessageFactory(new CityTrafficModel(registry.segments(), 42, 0.1));
    }

    @Test
    void everyCameraMessageOfADayPassesTheGatewaysValidator() throws Rejection {
        List<Registry.Device> cameras = CameraSimulator.cameras(registry, Integer.MAX_VALUE);
        assertEquals(28, cameras.size());
        Instant start = Instant.parse("2026-11-22T17:00:00Z"); // midnight in the city
        long seq = 0;
        for (int minute = 10; minute <= 24 * 60; minute += 10) {
            Instant end = start.plus(Duration.ofMinutes(minute));
            for (int interval : new int[] {10, 600}) {
                for (Registry.Device cam : cameras) {
                    byte[] payload = factory.payload(cam, ++seq, end, interval);
                    CameraObservation o = CameraCounts.parse(payload, cam.id(), registry, 4096, end.plusSeconds(1));
                    assertEquals(cam.id(), o.deviceId());
                    assertEquals(seq, o.seq());
                    assertEquals(end, o.eventTime());
                    assertEquals(cam.segmentId(), o.segmentId());
                    assertEquals(interval, o.intervalSec());
                    assertEquals(o.intensity(), o.byClass().total(), new String(payload));
                }
            }
        }
    }

    @Test
    void theMessageHasExactlyTheContractsFieldsAndALocalTimestamp() throws Exception {
        Registry.Device cam = registry.device("cam-0001").orElseThrow();
        byte[] payload = factory.payload(cam, 7, Instant.parse("2026-11-23T01:00:00Z"), 10);
        JsonNode root = Json.mapper().readTree(payload);
        List<String> fields = new ArrayList<>();
        root.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("v", "deviceId", "seq", "ts", "segmentId", "intervalSec", "intensity", "byClass",
                "averageVehicleSpeed", "occupancy"), fields);
        List<String> classes = new ArrayList<>();
        root.get("byClass").fieldNames().forEachRemaining(classes::add);
        assertEquals(List.of("motorbike", "car", "bus", "truck", "bicycle"), classes);
        assertEquals(1, root.get("v").asInt());
        assertEquals("cam-0001", root.get("deviceId").asText());
        assertEquals(7, root.get("seq").asLong());
        assertEquals("2026-11-23T08:00:00+07:00", root.get("ts").asText());
        assertEquals("seg-nguyen-hue-a", root.get("segmentId").asText());
        assertEquals(10, root.get("intervalSec").asInt());
        assertTrue(root.get("intensity").isIntegralNumber());
        assertTrue(root.get("averageVehicleSpeed").isNumber());
        assertEquals("ioc/v1/camera/cam-0001/counts", CameraMessageFactory.topic(cam));
    }

    @Test
    void timestampsCarryTheCityOffsetToTheMillisecond() {
        assertEquals("2026-11-23T08:00:00.123+07:00", CameraMessageFactory.timestamp(Instant.parse("2026-11-23T01:00:00.123456Z")));
        assertEquals("2026-11-24T06:59:59+07:00", CameraMessageFactory.timestamp(Instant.parse("2026-11-23T23:59:59Z")));
    }
}
