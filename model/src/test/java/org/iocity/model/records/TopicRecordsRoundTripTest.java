package org.iocity.model.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One sealed type per topic that carries two record types: each record reads back as the sealed type into its own
 * record, and its bytes are the same whether written as itself or as the sealed type, with the {@code kind} values of
 * the wire (a few are pinned byte for byte below).
 */
class TopicRecordsRoundTripTest {
    private static final Instant T = Instant.parse("2026-01-05T01:00:00Z");

    private static <T> T roundTrip(Object record, Class<T> sealed) throws IOException {
        byte[] asItself = Json.toBytes(record);
        byte[] asSealed = Json.mapper().writerFor(sealed).writeValueAsBytes(record);
        assertEquals(new String(asItself, StandardCharsets.UTF_8), new String(asSealed, StandardCharsets.UTF_8));
        T back = Json.mapper().readValue(asItself, sealed);
        assertEquals(record, back);
        assertEquals(record, Json.fromBytes(asItself, record.getClass()), "the record still reads as itself");
        return back;
    }

    static CongestionResult segment() {
        return new CongestionResult("seg-1", "ben-thanh", T.minusSeconds(300), T, 4, 40, 480,
                new VehicleCounts(30, 6, 1, 2, 1), 18.5, 0.3, 40, 0.4625, LevelOfService.D, 2.16);
    }

    static AreaCongestion area() {
        return new AreaCongestion(AreaCongestion.KIND, "ben-thanh", "ward", T.minusSeconds(300), T, 12, 3, 400, 0.25,
                0.25, 0.75);
    }

    @Test
    void congestionCarriesSegmentsWithoutKindAndAreas() throws IOException {
        assertInstanceOf(CongestionResult.class, roundTrip(segment(), CongestionTopicRecord.class));
        assertInstanceOf(AreaCongestion.class, roundTrip(area(), CongestionTopicRecord.class));
        assertEquals("{\"kind\":\"area\",\"area\":\"ben-thanh\",\"areaType\":\"ward\",\"windowStart\":\"2026-01-05T00:55:00Z\","
                        + "\"windowEnd\":\"2026-01-05T01:00:00Z\",\"segments\":12,\"congestedSegments\":3,\"vehicles\":400,"
                        + "\"congestionIndex\":0.25,\"congestedShare\":0.25,\"meanSpeedRatio\":0.75}",
                Json.toString(area()));
        assertTrue(!Json.toString(segment()).contains("\"kind\""), "a segment result has no kind on the wire");
    }

    @Test
    void signalPerformanceCarriesBinsAndCycles() throws IOException {
        SignalPerformance bin = new SignalPerformance(SignalPerformance.KIND, "int-1", "ben-thanh", T.minusSeconds(900), T,
                3, false, List.of(new SignalPerformance.Phase(2, 8, 110, 40, 35, 3, 2, 50, 30, 60, 1.2, 1, 4, 3, 1, 0, 2,
                2, 12.5, 30, 1, 0)), List.of(new SignalPerformance.DetectorHealth(5, 2, "advance", 50, 120.5, 0, "ok")));
        SignalCycle cycle = new SignalCycle(SignalCycle.KIND, "int-1", "ben-thanh", 2, 3, T.minusSeconds(110), T, 35, 3,
                2, 70, 40, 110, "gap-out", 20, 5, 0.6, 0.1, false);
        assertInstanceOf(SignalPerformance.class, roundTrip(bin, SignalPerformanceTopicRecord.class));
        assertInstanceOf(SignalCycle.class, roundTrip(cycle, SignalPerformanceTopicRecord.class));
        assertTrue(Json.toString(bin).startsWith("{\"kind\":\"bin\",\"intersectionId\":\"int-1\""));
        assertTrue(Json.toString(cycle).startsWith("{\"kind\":\"cycle\",\"intersectionId\":\"int-1\""));
    }

    @Test
    void kpiCarriesLiveAndDayKpisAndDailySummaries() throws IOException {
        LocalDate day = LocalDate.parse("2026-01-04");
        ServiceKpi live = new ServiceKpi(ServiceKpi.LIVE, "ward", "ben-thanh", null, 0, false, T, 10, 8, 7, 2, 1, 0,
                3.5, 20.0, 5, 4, 4, 0, 0.875);
        ServiceKpi dayKpi = new ServiceKpi(ServiceKpi.DAY, "city", ServiceKpi.CITY, day, 2, true, T, 10, 8, 7, 2, 1, 0,
                null, null, 5, 4, 4, 0, null);
        DailySummary summary = new DailySummary(DailySummary.KIND, day, "city", "city", 1, T, 10, 8, 7, 0.875, 1, 5, 4,
                4, 12.5, List.of(new DailySummary.Ranked("ben-thanh", 5, 4, 1, 0.75)), List.of(), null);
        assertInstanceOf(ServiceKpi.class, roundTrip(live, KpiTopicRecord.class));
        assertInstanceOf(ServiceKpi.class, roundTrip(dayKpi, KpiTopicRecord.class));
        assertInstanceOf(DailySummary.class, roundTrip(summary, KpiTopicRecord.class));
        assertTrue(Json.toString(live).startsWith("{\"kind\":\"live\",\"areaType\":\"ward\""));
        assertTrue(Json.toString(dayKpi).startsWith("{\"kind\":\"day\",\"areaType\":\"city\""));
        assertTrue(Json.toString(summary).startsWith("{\"kind\":\"daily-summary\",\"day\":\"2026-01-04\""));
    }

    @Test
    void anUnknownOrMissingKindIsRefusedWhereEveryRecordHasOne() {
        InvalidTypeIdException weekly = assertThrows(InvalidTypeIdException.class, () -> Json.mapper().readValue(
                "{\"kind\":\"weekly\"}", KpiTopicRecord.class));
        assertEquals("weekly", weekly.getTypeId());
        assertThrows(InvalidTypeIdException.class, () -> Json.mapper().readValue("{\"intersectionId\":\"x\"}",
                SignalPerformanceTopicRecord.class));
    }
}
