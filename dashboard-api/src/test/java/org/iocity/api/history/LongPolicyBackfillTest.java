package org.iocity.api.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LongPolicyBackfillTest {
    static final Instant NOW = Instant.parse("2026-12-02T10:07:40Z");

    static long ms(String t) {
        return Instant.parse(t).toEpochMilli();
    }

    @Test
    void pointsInOpenBucketsNeedNoBackfill() {
        LongPolicyBackfill b = new LongPolicyBackfill();
        b.add(HistoryMeasure.CONGESTION, Instant.parse("2026-12-02T10:05:00Z")); // bucket 10:05-10:10 still open
        b.add(HistoryMeasure.KPI, Instant.parse("2026-12-02T10:07:00Z"));
        assertEquals(List.of(), b.statements("ioc", NOW));
    }

    @Test
    void lateAndReplayedPointsGetTheirClosedBucketsDownsampledOnce() {
        LongPolicyBackfill b = new LongPolicyBackfill();
        b.add(HistoryMeasure.AREA_CONGESTION, Instant.parse("2026-12-02T09:41:10Z"));
        b.add(HistoryMeasure.AREA_CONGESTION, Instant.parse("2026-12-02T10:02:30Z"));
        b.add(HistoryMeasure.AREA_CONGESTION, Instant.parse("2026-12-02T10:06:00Z")); // open bucket: left to the CQ
        List<String> s = b.statements("ioc", NOW);
        assertEquals(1, s.size(), s.toString());
        assertEquals("SELECT " + HistoryMeasure.AREA_CONGESTION.selectList()
                + " INTO \"ioc\".\"long\".\"area_congestion\" FROM \"ioc\".\"raw\".\"area_congestion\" WHERE time >= "
                + ms("2026-12-02T09:40:00Z") + "ms AND time < " + ms("2026-12-02T10:05:00Z") + "ms GROUP BY time(300s), *",
                s.get(0));
    }

    @Test
    void aBucketEndingWithinTheMarginIsDownsampledToo() {
        // acknowledged at 10:09:59, within the clocks' margin of 10:10: the CQ for 10:05-10:10 may not have seen it
        LongPolicyBackfill b = new LongPolicyBackfill();
        b.add(HistoryMeasure.SIGNAL_PERFORMANCE, Instant.parse("2026-12-02T10:06:00Z"));
        assertEquals(List.of(), b.statements("ioc", Instant.parse("2026-12-02T10:09:50Z")),
                "acknowledged 10 s before the bucket ends: its continuous query sees it");
        List<String> s = b.statements("ioc", Instant.parse("2026-12-02T10:09:59Z"));
        assertEquals(1, s.size());
        assertTrue(s.get(0).contains("time >= " + ms("2026-12-02T10:05:00Z") + "ms AND time < " + ms("2026-12-02T10:10:00Z")
                + "ms"), s.get(0));
    }

    @Test
    void oneStatementPerMeasure() {
        LongPolicyBackfill b = new LongPolicyBackfill();
        b.add(HistoryMeasure.KPI, Instant.parse("2026-12-01T10:00:00Z"));
        b.add(HistoryMeasure.CONGESTION, Instant.parse("2026-12-01T10:00:00Z"));
        b.add(HistoryMeasure.KPI, Instant.parse("2026-12-01T12:00:00Z"));
        List<String> s = b.statements("ioc", NOW);
        assertEquals(2, s.size());
        assertTrue(s.stream().anyMatch(x -> x.contains("INTO \"ioc\".\"long\".\"kpi\"") && x.contains("time < "
                + ms("2026-12-01T12:05:00Z") + "ms")), s.toString());
    }
}
