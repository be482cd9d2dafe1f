package org.iocity.jobs.citizen;

import static org.iocity.jobs.citizen.CaseSnapshotTest.VN;
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
import org.iocity.model.records.ServiceKpi;
import org.junit.jupiter.api.Test;

/**
 * The per-area KPIs in a keyed harness driven by watermarks: the day cut at midnight Asia/Ho_Chi_Minh (16:59:59Z is
 * still the 23rd, 17:00:00Z the 24th), revision 0 at day end + 1 h, a late case revising the closed day (revision 1),
 * and all state gone once the days are forgotten.
 */
class AreaKpiFunctionTest {
    static final KpiSettings SETTINGS = new KpiSettings(VN, 5, Duration.ofHours(1), Duration.ofDays(2),
            Duration.ofMinutes(1), Duration.ofDays(90));

    static CaseSnapshot snap(String id, String received, String due, String resolved) {
        return new CaseSnapshot(CaseEvent.COMPLAINT, id, ms(received), ms(due), resolved == null ? null : ms(resolved),
                List.of(), "environment", "ward-1", null);
    }

    static void change(KeyedOneInputStreamOperatorTestHarness<String, CaseChange, ServiceKpi> h, CaseSnapshot before,
                       CaseSnapshot after, String at) throws Exception {
        h.processElement(new StreamRecord<>(new CaseChange("city:city", "city", "city", before, after), ms(at)));
    }

    static List<ServiceKpi> of(List<ServiceKpi> out, String kind) {
        return out.stream().filter(k -> k.kind().equals(kind)).toList();
    }

    @Test
    void daysCutAtMidnightInTheCityFinalThenRevisedByALateCase() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new AreaKpiFunction(SETTINGS)),
                CaseChange::area, Types.STRING)) {
            h.open();
            CaseSnapshot a = snap("a", "2026-11-23T16:59:59Z", "2026-11-24T03:00:00Z", null);   // 23:59:59 on the 23rd
            CaseSnapshot b = snap("b", "2026-11-23T17:00:00Z", "2026-11-24T05:00:00Z", null);   // 00:00:00 on the 24th
            change(h, null, a, "2026-11-23T16:59:59Z");
            h.processWatermark(ms("2026-11-23T16:59:59Z"));
            change(h, null, b, "2026-11-23T17:00:00Z");
            h.processWatermark(ms("2026-11-23T17:00:00Z"));
            h.processWatermark(ms("2026-11-23T17:01:00Z"));
            List<ServiceKpi> live = of(h.extractOutputValues(), ServiceKpi.LIVE);
            assertEquals(2, live.size());
            // at 17:00:00Z: the 23rd's counts, open = a only (b was received at, not before, 17:00:00Z)
            assertEquals(Instant.parse("2026-11-23T17:00:00Z"), live.get(0).asOf());
            assertEquals(1, live.get(0).complaintsReceived());
            assertEquals(1, live.get(0).complaintsOpen());
            // at 17:01:00Z: the 24th has b, both open
            assertEquals(1, live.get(1).complaintsReceived());
            assertEquals(2, live.get(1).complaintsOpen());

            // a resolved 1 s before its due time, b 1 s after
            change(h, a, snap("a", "2026-11-23T16:59:59Z", "2026-11-24T03:00:00Z", "2026-11-24T02:59:59Z"), "2026-11-24T02:59:59Z");
            h.processWatermark(ms("2026-11-24T02:59:59Z"));   // past the 23rd's end + 1 h: final
            List<ServiceKpi> days = of(h.extractOutputValues(), ServiceKpi.DAY);
            assertEquals(1, days.size());
            ServiceKpi d23 = days.get(0);
            assertEquals(LocalDate.parse("2026-11-23"), d23.day());
            assertEquals(0, d23.revision());
            assertEquals(Instant.parse("2026-11-23T17:00:00Z"), d23.asOf());
            assertEquals(1, d23.complaintsReceived());
            assertEquals(1, d23.complaintsOpen());
            assertEquals(0, d23.complaintsResolved());
            assertNull(d23.onTimeRate());
            change(h, b, snap("b", "2026-11-23T17:00:00Z", "2026-11-24T05:00:00Z", "2026-11-24T05:00:01Z"), "2026-11-24T05:00:01Z");
            h.processWatermark(ms("2026-11-24T05:00:01Z"));

            // a case of the 23rd arrives now: the closed day is revised at the next watermark
            CaseSnapshot c = snap("c", "2026-11-23T10:00:00Z", "2026-11-24T10:00:00Z", null);
            change(h, null, c, "2026-11-23T10:00:00Z");
            h.processWatermark(ms("2026-11-24T05:00:02Z"));
            days = of(h.extractOutputValues(), ServiceKpi.DAY);
            assertEquals(2, days.size());
            ServiceKpi revised = days.get(1);
            assertEquals(LocalDate.parse("2026-11-23"), revised.day());
            assertEquals(1, revised.revision());
            assertEquals(2, revised.complaintsReceived());
            assertEquals(2, revised.complaintsOpen());

            h.processWatermark(ms("2026-11-24T18:00:00Z"));   // the 24th's end + 1 h
            days = of(h.extractOutputValues(), ServiceKpi.DAY);
            ServiceKpi d24 = days.get(2);
            assertEquals(LocalDate.parse("2026-11-24"), d24.day());
            assertEquals(0, d24.revision());
            assertEquals(1, d24.complaintsReceived());
            assertEquals(2, d24.complaintsResolved());
            assertEquals(1, d24.complaintsResolvedOnTime());
            assertEquals(0.5, d24.onTimeRate());
            // 10 h 00 min 00 s and 12 h 00 min 01 s: median the mean of the two, p90 the larger
            assertEquals((10 * 3600 + 12 * 3600 + 1) / 2.0 / 3600, d24.medianResolveHours(), 1e-9);
            assertEquals((12 * 3600 + 1) / 3600.0, d24.p90ResolveHours(), 1e-9);
            assertEquals(1, d24.complaintsOpen());      // c
            assertEquals(1, d24.complaintsOverdue());   // c was due 10:00Z on the 24th
            assertEquals(3, days.size());

            change(h, c, snap("c", "2026-11-23T10:00:00Z", "2026-11-24T10:00:00Z", "2026-11-25T01:00:00Z"), "2026-11-25T01:00:00Z");
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
        }
    }
}
