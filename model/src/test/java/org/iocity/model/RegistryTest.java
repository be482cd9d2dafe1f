package org.iocity.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
