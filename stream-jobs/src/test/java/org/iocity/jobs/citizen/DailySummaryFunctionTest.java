package org.iocity.jobs.citizen;

import static org.iocity.jobs.citizen.CaseSnapshotTest.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.DailySummary;
import org.iocity.model.records.LevelOfService;
import org.iocity.model.records.ServiceKpi;
import org.iocity.model.records.VehicleCounts;
import org.junit.jupiter.api.Test;

/** The leaders' summary: issued at day end + lateness, revised once by a revised KPI record, then forgotten. */
class DailySummaryFunctionTest {
    static final LocalDate DAY = LocalDate.parse("2026-11-23");

    static ServiceKpi kpi(String type, String area, int revision, long received, long resolved, long onTime, long overdue) {
        return new ServiceKpi(ServiceKpi.DAY, type, area, DAY, revision, true, Instant.parse("2026-11-23T17:00:00Z"),
                received, resolved, onTime, overdue, overdue, 0, null, null, 1, 1, 1, 0,
                resolved == 0 ? null : (double) onTime / resolved);
    }

    static CongestionResult congested(String seg, String ward, String end, LevelOfService los) {
        Instant e = Instant.parse(end);
        return new CongestionResult(seg, ward, e.minusSeconds(300), e, 1, 10, 100, VehicleCounts.ZERO, 10, 0.5, 40, 0.2,
                los, 4);
    }

    static void push(KeyedOneInputStreamOperatorTestHarness<String, SummaryInput, DailySummary> h, ServiceKpi k)
            throws Exception {
        h.processElement(new StreamRecord<>(new SummaryInput(DAY.toString(), k, null), ms("2026-11-23T18:00:00Z")));
    }

    @Test
    void revisionZeroThenOneWithTheReason() throws Exception {
        var settings = AreaKpiFunctionTest.SETTINGS;
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new DailySummaryFunction(settings, Duration.ofMinutes(30))), SummaryInput::day, Types.STRING)) {
            h.open();
            var toSummary = new SummaryInput.OfCongestion(settings);
            var inputs = new java.util.ArrayList<SummaryInput>();
            org.apache.flink.util.Collector<SummaryInput> collect = new org.apache.flink.api.common.functions.util.ListCollector<>(inputs);
            toSummary.flatMap(congested("s1", "ward-1", "2026-11-23T10:00:00Z", LevelOfService.F), collect);
            toSummary.flatMap(congested("s1", "ward-1", "2026-11-23T10:30:00Z", LevelOfService.E), collect);
            toSummary.flatMap(congested("s1", "ward-1", "2026-11-23T11:00:00Z", LevelOfService.C), collect);  // not congested
            toSummary.flatMap(congested("s2", "ward-2", "2026-11-23T17:00:00Z", LevelOfService.F), collect);  // ends 00:00 (+07): the 23rd
            assertEquals(3, inputs.size());
            for (SummaryInput in : inputs) h.processElement(new StreamRecord<>(in, in.congestion().windowEnd().toEpochMilli() - 1));

            push(h, kpi("city", "city", 0, 10, 8, 6, 2));
            push(h, kpi("ward", "ward-1", 0, 6, 5, 3, 2));
            push(h, kpi("ward", "ward-2", 0, 4, 3, 3, 0));
            push(h, kpi("category", "environment", 0, 10, 8, 6, 2));
            h.processWatermark(ms("2026-11-23T18:00:00Z"));
            List<DailySummary> out = h.extractOutputValues();
            assertEquals(3, out.size());
            DailySummary city = out.get(0);
            assertEquals("city", city.area());
            assertEquals(0, city.revision());
            assertEquals(10, city.complaintsReceived());
            assertEquals(0.75, city.onTimeRate());
            assertEquals(1.5, city.congestionHours());    // three E/F windows of a 30 min slide
            assertEquals(List.of("ward-1"), city.worstWards().stream().map(DailySummary.Ranked::id).toList());
            assertEquals(List.of("environment"), city.worstCategories().stream().map(DailySummary.Ranked::id).toList());
            assertNull(city.revisedBecause());
            assertEquals(1.0, out.get(1).congestionHours());   // ward-1
            assertEquals(List.of(), out.get(1).worstWards());

            push(h, kpi("city", "city", 1, 10, 9, 7, 1));    // a late resolution revised the city's day
            h.processWatermark(ms("2026-11-23T18:00:01Z"));
            out = h.extractOutputValues();
            assertEquals(4, out.size());
            DailySummary revised = out.get(3);
            assertEquals("city", revised.area());
            assertEquals(1, revised.revision());
            assertEquals(9, revised.complaintsResolved());
            assertEquals("late events changed: resolved 8 -> 9; resolved on time 6 -> 7; overdue 2 -> 1",
                    revised.revisedBecause());

            h.processWatermark(Long.MAX_VALUE);
            assertEquals(4, h.extractOutputValues().size());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }
}
