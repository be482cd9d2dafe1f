package org.iocity.model.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.iocity.model.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {

    @Test
    void cityRegistryLoadsWithEveryCameraOnAKnownSegment() {
        Registry r = Registry.load(Path.of("../config/registry.json"));
        assertEquals("Ho Chi Minh City", r.city());
        assertTrue(r.devices("camera").size() >= 20);
        for (Registry.Device cam : r.devices("camera")) {
            Registry.Segment s = r.segment(cam.segmentId()).orElseThrow();
            assertTrue(s.freeFlowKmh() > 0);
            assertTrue(r.ward(s.ward()).isPresent());
        }
        assertTrue(r.intersections().size() >= 10);
        for (Registry.Device sig : r.devices("signal")) {
            Registry.Intersection x = r.intersection(sig.intersectionId()).orElseThrow();
            assertTrue(x.detectors("stopbar").size() >= 4, x.id());
        }
        assertTrue(r.devices("sensor").stream().anyMatch(d -> d.measures().contains("water")));
    }

    @Test
    void unknownDetectorFunctionIsRefused(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("r.json");
        Files.writeString(f, """
                {"wards":[{"id":"w1","name":"W"}],"segments":[],
                 "intersections":[{"id":"x1","name":"X","ward":"w1","phases":[2],"detectors":[{"channel":1,"phase":2,"function":"radar"}]}],
                 "devices":[]}""");
        ConfigException e = assertThrows(ConfigException.class, () -> Registry.load(f));
        assertTrue(e.getMessage().contains("detector channel 1 has function radar"), e.getMessage());
    }

    @Test
    void danglingReferenceIsAOneLineError(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("r.json");
        Files.writeString(f, """
                {"wards":[{"id":"w1","name":"W"}],
                 "segments":[{"id":"s1","name":"S","ward":"w1","freeFlowKmh":40}],
                 "devices":[{"id":"cam-1","type":"camera","segmentId":"s2"}]}""");
        ConfigException e = assertThrows(ConfigException.class, () -> Registry.load(f));
        assertTrue(e.getMessage().endsWith("device cam-1 names unknown segment s2"), e.getMessage());
    }

    @Test
    void duplicateIdIsRefused(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("r.json");
        Files.writeString(f, """
                {"wards":[{"id":"w1","name":"W"},{"id":"w1","name":"W again"}],"segments":[],"devices":[]}""");
        ConfigException e = assertThrows(ConfigException.class, () -> Registry.load(f));
        assertTrue(e.getMessage().contains("ward id w1 appears twice"), e.getMessage());
    }
}
