package org.iocity.api.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.iocity.model.records.EnvReading;
import org.junit.jupiter.api.Test;

/** The class edges of each kind, each side of the boundary. */
class EnvLevelsTest {
    @Test
    void waterLevelClasses() {
        assertEquals("dry", EnvLevels.water(-3).code());
        assertEquals("dry", EnvLevels.water(0).code());
        assertEquals("under-10cm", EnvLevels.water(0.5).code());
        assertEquals("under-10cm", EnvLevels.water(9.9).code());
        assertEquals("10-30cm", EnvLevels.water(10).code());
        assertEquals("10-30cm", EnvLevels.water(30).code());
        assertEquals("over-30cm", EnvLevels.water(30.1).code());
        assertEquals(3, EnvLevels.water(120).severity());
    }

    @Test
    void pm25OnTheEpa2024Breakpoints() {
        assertEquals("good", EnvLevels.air(0).code());
        assertEquals("good", EnvLevels.air(9.0).code());
        assertEquals("good", EnvLevels.air(9.04).code(), "truncated to one decimal first");
        assertEquals("moderate", EnvLevels.air(9.1).code());
        assertEquals("moderate", EnvLevels.air(35.4).code());
        assertEquals("unhealthy-sensitive", EnvLevels.air(35.5).code());
        assertEquals("unhealthy-sensitive", EnvLevels.air(55.4).code());
        assertEquals("unhealthy", EnvLevels.air(55.5).code());
        assertEquals("unhealthy", EnvLevels.air(125.4).code());
        assertEquals("very-unhealthy", EnvLevels.air(125.5).code());
        assertEquals("very-unhealthy", EnvLevels.air(225.4).code());
        assertEquals("hazardous", EnvLevels.air(225.5).code());
        assertEquals(5, EnvLevels.air(900).severity());
    }

    @Test
    void noiseBands() {
        assertEquals("quiet", EnvLevels.noise(54.9).code());
        assertEquals("moderate", EnvLevels.noise(55).code());
        assertEquals("loud", EnvLevels.noise(70).code());
        assertEquals("very-loud", EnvLevels.noise(85).code());
    }

    @Test
    void aReadingIsClassedByItsKind() {
        Instant t = Instant.parse("2026-11-23T08:00:00Z");
        EnvReading flood = new EnvReading("wl-0001", 1, t, t, "water", "thanh-my-tay", 10.8, 106.7, null, null, null, 25.0, null);
        assertEquals(new EnvLevels.Level("water", "10-30cm", 2), EnvLevels.of(flood));
        EnvReading no2Only = new EnvReading("aq-0001", 1, t, t, "air", "sai-gon", 10.8, 106.7, null, null, 40.0, null, null);
        assertTrue(EnvLevels.hasValue(no2Only));
        assertEquals(EnvLevels.NO_PM25, EnvLevels.of(no2Only).code());
        EnvReading empty = new EnvReading("ns-0001", 1, t, t, "noise", "ben-thanh", 10.8, 106.7, null, null, null, null, null);
        assertFalse(EnvLevels.hasValue(empty));
    }
}
