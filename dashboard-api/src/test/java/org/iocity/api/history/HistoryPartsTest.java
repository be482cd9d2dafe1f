package org.iocity.api.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.iocity.api.TestData;
import org.iocity.api.state.CongestionRecords;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.Json;
import org.iocity.model.records.LevelOfService;
import org.junit.jupiter.api.Test;

/** The framework-free parts of the history path: record parsing, the InfluxDB point, the back-off. */
class HistoryPartsTest {

    @Test
    void pointIsTheCongestionMeasurementAtWindowEndInMs() {
        Instant end = Instant.parse("2025-07-01T01:05:00.250Z");
        String line = CongestionPoints.toPoint(TestData.result("seg-le-loi-a", "ben-thanh", end, LevelOfService.E, 12))
                .lineProtocol();
        assertTrue(line.startsWith("congestion,segment=seg-le-loi-a,ward=ben-thanh "), line);
        assertTrue(line.contains("los=\"E\""), line);
        assertTrue(line.contains("vehicles=240i"), line);
        assertTrue(line.contains("meanSpeedKmh=12.0"), line);
        for (String f : InfluxHistory.FIELDS) assertTrue(line.contains(f + "="), f);
        assertTrue(line.endsWith(" " + end.toEpochMilli() * 1_000_000L) || line.endsWith(" " + end.toEpochMilli()), line);
    }

    @Test
    void nonFiniteNumbersAreLeftOut() {
        CongestionResult r = TestData.result("seg-le-loi-a", null, Instant.EPOCH, LevelOfService.F, 0);
        r = new CongestionResult(r.segmentId(), null, r.windowStart(), r.windowEnd(), 0, 0, 0, r.flowByClass(), 0, 0,
                35, 0, LevelOfService.F, Double.POSITIVE_INFINITY);
        String line = CongestionPoints.toPoint(r).lineProtocol();
        assertTrue(!line.contains("travelTimeIndex") && !line.contains("ward="), line);
    }

    @Test
    void recordsParseOrSayWhyNot() {
        CongestionResult r = TestData.result("seg-le-loi-a", "ben-thanh", Instant.EPOCH, LevelOfService.A, 30);
        assertEquals(r, CongestionRecords.parse(Json.toBytes(r)).result());
        for (String bad : new String[] {"", "{", "[1]", "{\"segmentId\":\"x\"}", "{\"windowEnd\":\"2025-07-01T00:00:00Z\",\"los\":\"A\"}",
                "{\"segmentId\":\"x\",\"windowEnd\":\"yesterday\",\"los\":\"A\"}",
                "{\"segmentId\":\"x\",\"windowEnd\":\"2025-07-01T00:00:00Z\",\"los\":\"Z\"}"}) {
            CongestionRecords.Parsed p = CongestionRecords.parse(bad.getBytes(StandardCharsets.UTF_8));
            assertNull(p.result(), bad);
            assertNotNull(p.error(), bad);
            assertTrue(!p.error().contains("\n"), p.error());
        }
        assertNotNull(CongestionRecords.parse(null).error());
    }

    @Test
    void backoffDoublesUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertEquals(Duration.ofMillis(200), b.delay(0));
        assertEquals(Duration.ofMillis(400), b.delay(1));
        assertEquals(Duration.ofMillis(3200), b.delay(4));
        assertEquals(Duration.ofSeconds(5), b.delay(5));
        assertEquals(Duration.ofSeconds(5), b.delay(1000));
    }
}
