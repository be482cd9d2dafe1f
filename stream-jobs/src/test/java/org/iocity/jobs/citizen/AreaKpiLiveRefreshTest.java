package org.iocity.jobs.citizen;

import static org.iocity.jobs.citizen.AreaKpiFunctionTest.change;
import static org.iocity.jobs.citizen.AreaKpiFunctionTest.of;
import static org.iocity.jobs.citizen.AreaKpiFunctionTest.snap;
import static org.iocity.jobs.citizen.CaseSnapshotTest.VN;
import static org.iocity.jobs.citizen.CaseSnapshotTest.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.iocity.model.records.ServiceKpi;
import org.junit.jupiter.api.Test;

/**
 * The live KPI follows processing time when nothing arrives: with the watermark held (no new event), each refresh
 * (30 s of processing time) issues the live record again with {@code asOf} moved on by the time passed since the
 * area's newest event, and the overdue count moves when a case's due time passes. The day records are the same as
 * in a run where processing time never moves; once the area's state is gone, so is its refresh timer.
 */
class AreaKpiLiveRefreshTest {
    static final KpiSettings SETTINGS = new KpiSettings(VN, 5, Duration.ofHours(1), Duration.ofDays(2),
            Duration.ofMinutes(1), Duration.ofDays(90), Duration.ofSeconds(30));
    static final long REFRESH = 30_000;

    // the 23rd (city time): y received 10:00 and resolved 12:00, on time
    static final CaseSnapshot Y = snap("y", "2026-11-23T03:00:00Z", "2026-11-24T03:00:00Z", null);
    static final CaseSnapshot Y_RESOLVED = snap("y", "2026-11-23T03:00:00Z", "2026-11-24T03:00:00Z", "2026-11-23T05:00:00Z");
    // the 24th, 08:00: a received, due 2.5 minutes later (the 5-minute forwarding rule half gone, say), not resolved
    static final CaseSnapshot A = snap("a", "2026-11-24T01:00:00Z", "2026-11-24T01:02:30Z", null);
    static final CaseSnapshot A_RESOLVED = snap("a", "2026-11-24T01:00:00Z", "2026-11-24T01:02:30Z", "2026-11-24T01:05:00Z");

    static KeyedOneInputStreamOperatorTestHarness<String, CaseChange, ServiceKpi> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new AreaKpiFunction(SETTINGS)),
                CaseChange::area, Types.STRING);
        h.open();
        return h;
    }

    /** The 23rd closes (its day record), then a arrives on the 24th and nothing more: the watermark stays put. */
    static void dayThenQuiet(KeyedOneInputStreamOperatorTestHarness<String, CaseChange, ServiceKpi> h) throws Exception {
        change(h, null, Y, "2026-11-23T03:00:00Z");
        change(h, Y, Y_RESOLVED, "2026-11-23T05:00:00Z");
        h.processWatermark(ms("2026-11-23T18:00:00Z"));   // the 23rd's end + 1 h: its day record, revision 0
        change(h, null, A, "2026-11-24T01:00:00Z");
        h.processWatermark(ms("2026-11-24T00:59:50Z"));   // a's time − the out-of-orderness; then nothing arrives
    }

    /** Then a is resolved and event time runs out: every day final, every day forgotten. */
    static void resolveAndEnd(KeyedOneInputStreamOperatorTestHarness<String, CaseChange, ServiceKpi> h) throws Exception {
        change(h, A, A_RESOLVED, "2026-11-24T01:05:00Z");
        h.processWatermark(Long.MAX_VALUE);
    }

    @Test
    void withNoNewEventTheLiveKpiAdvancesWithProcessingTimeAndTheOverdueCountMoves() throws Exception {
        List<ServiceKpi> daysWithRefresh;
        try (var h = harness()) {
            h.setProcessingTime(0);
            dayThenQuiet(h);
            int before = of(h.extractOutputValues(), ServiceKpi.LIVE).size();
            assertEquals(1, h.numProcessingTimeTimers());

            List<ServiceKpi> refreshed = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                h.setProcessingTime(i * REFRESH);
                List<ServiceKpi> live = of(h.extractOutputValues(), ServiceKpi.LIVE);
                assertEquals(before + i, live.size(), "one live record per refresh, changed or not");
                refreshed.add(live.get(live.size() - 1));
            }
            for (int i = 0; i < refreshed.size(); i++) {
                ServiceKpi k = refreshed.get(i);
                // a arrived at processing time 0; each refresh is 30 s of processing time later
                assertEquals(Instant.parse("2026-11-24T01:00:00Z").plusSeconds(30L * (i + 1)), k.asOf());
                assertEquals(1, k.complaintsReceived(), "the 24th so far");
                assertEquals(1, k.complaintsOpen());
            }
            // due at 01:02:30Z: not overdue at 01:00:30 … 01:02:30 (the backlog counts steps before asOf), then overdue
            assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 1L), refreshed.stream().map(ServiceKpi::complaintsOverdue).toList());
            assertEquals(1, h.numProcessingTimeTimers(), "the next refresh");

            // the 23rd's day record was issued once, before the refreshes, and they added none
            List<ServiceKpi> days = of(h.extractOutputValues(), ServiceKpi.DAY);
            assertEquals(1, days.size());
            assertEquals(LocalDate.parse("2026-11-23"), days.get(0).day());
            assertEquals(1, days.get(0).complaintsResolvedOnTime());

            resolveAndEnd(h);
            daysWithRefresh = of(h.extractOutputValues(), ServiceKpi.DAY);
            assertEquals(0, h.numKeyedStateEntries());
            h.setProcessingTime(100 * REFRESH);   // the last refresh finds the state gone: no record, no next timer
            assertEquals(0, h.numProcessingTimeTimers());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(daysWithRefresh, of(h.extractOutputValues(), ServiceKpi.DAY));
        }

        try (var h = harness()) {   // the same events, processing time never moves
            dayThenQuiet(h);
            assertTrue(of(h.extractOutputValues(), ServiceKpi.LIVE).stream()
                    .noneMatch(k -> k.asOf().isAfter(Instant.parse("2026-11-24T00:59:50Z"))));
            resolveAndEnd(h);
            List<ServiceKpi> days = of(h.extractOutputValues(), ServiceKpi.DAY);
            assertEquals(daysWithRefresh, days, "closed days do not depend on processing time");
            assertFalse(days.isEmpty());
            assertEquals(List.of(LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-24")),
                    days.stream().map(ServiceKpi::day).toList());
        }
    }

    @Test
    void aRefreshNeverGoesBehindTheLastLiveRecord() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(0);
            dayThenQuiet(h);
            h.setProcessingTime(2 * REFRESH);   // live records at 01:00:30 and 01:01:00
            // a new event (newer than a) that took a while to arrive: its time + 30 s is 01:00:31, behind 01:01:00
            change(h, null, snap("b", "2026-11-24T01:00:01Z", "2026-11-24T02:00:00Z", null), "2026-11-24T01:00:01Z");
            h.setProcessingTime(3 * REFRESH);
            List<ServiceKpi> live = of(h.extractOutputValues(), ServiceKpi.LIVE);
            ServiceKpi last = live.get(live.size() - 1);
            assertEquals(Instant.parse("2026-11-24T01:01:00Z"), last.asOf());
            assertEquals(2, last.complaintsReceived());
            assertEquals(2, last.complaintsOpen());
        }
    }
}
