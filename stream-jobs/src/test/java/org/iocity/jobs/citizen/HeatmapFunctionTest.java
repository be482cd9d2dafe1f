package org.iocity.jobs.citizen;

import static org.iocity.jobs.citizen.CaseSnapshotTest.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.iocity.model.records.Alert;
import org.iocity.model.records.HeatmapCell;
import org.junit.jupiter.api.Test;

/** Rolling counts, a hot spot raised and cleared, late complaints aside and the state gone after 7 days. */
class HeatmapFunctionTest {
    static HeatmapEntry ward(String at) {
        return new HeatmapEntry(HeatmapCell.WARD, "ward-1", null, HeatmapCell.ALL, "ward-1", ms(at), "r");
    }

    static HeatmapEntry cell7(String at) {
        return new HeatmapEntry(HeatmapCell.H3, "8765", 7, HeatmapCell.ALL, "ward-1", ms(at), "r");
    }

    static void push(KeyedOneInputStreamOperatorTestHarness<String, HeatmapEntry, HeatmapCell> h, HeatmapEntry e)
            throws Exception {
        h.processElement(new StreamRecord<>(e, e.time()));
        h.processWatermark(e.time());
    }

    @Test
    void fiveComplaintsInAnHourOfAQuietWardAreAHotSpotUntilTheyLeaveTheWindow() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new HeatmapFunction(HeatmapSettings.DEFAULT)), HeatmapEntry::key, Types.STRING)) {
            h.open();
            for (int s = 10; s <= 50; s += 10) {
                push(h, ward("2026-11-23T01:00:" + s + "Z"));
                push(h, cell7("2026-11-23T01:00:" + s + "Z"));
            }
            h.processWatermark(ms("2026-11-23T01:01:00Z"));
            List<HeatmapCell> cells = h.extractOutputValues();
            // both keys: 5 in the last hour, baseline 0 over the 24 h before (floored at 0.5): P(X >= 5) = 0.00017
            assertEquals(2, cells.size());
            HeatmapCell w = cells.stream().filter(c -> c.areaType().equals(HeatmapCell.WARD)).findFirst().orElseThrow();
            assertEquals("1h", w.window());
            assertEquals(5, w.count());
            assertTrue(w.hot());
            assertEquals(0.0, w.baselineMean());
            assertEquals(Instant.parse("2026-11-23T00:01:00Z"), w.windowStart());
            assertEquals(Instant.parse("2026-11-23T01:01:00Z"), w.windowEnd());
            assertTrue(cells.stream().allMatch(HeatmapCell::hot));
            List<Alert> alerts = alerts(h);
            assertEquals(1, alerts.size());     // the ward only: resolution 7 cells are flagged but do not alert
            assertEquals(Alert.RAISED, alerts.get(0).state());
            assertEquals(Alert.COMPLAINT_HOTSPOT, alerts.get(0).kind());
            assertEquals("ward:ward-1:all", alerts.get(0).entity());

            h.processWatermark(ms("2026-11-23T02:00:00Z"));   // hour bucket 01:00 counted in 24 h and 7 d
            cells = h.extractOutputValues();
            assertEquals(List.of("24h", "7d", "24h", "7d"), cells.subList(2, 6).stream().map(HeatmapCell::window).toList());
            assertTrue(cells.subList(2, 6).stream().allMatch(c -> c.count() == 5));

            h.processWatermark(ms("2026-11-23T02:01:00Z"));   // the minute leaves the 1 h window: not hot any more
            cells = h.extractOutputValues();
            HeatmapCell cleared = cells.get(6);
            assertEquals("1h", cleared.window());
            assertEquals(0, cleared.count());
            assertFalse(cleared.hot());
            assertEquals(5 / 24.0, cleared.baselineMean(), 1e-12);
            alerts = alerts(h);
            assertEquals(2, alerts.size());
            assertEquals(Alert.CLEARED, alerts.get(1).state());
            assertEquals(alerts.get(0).id(), alerts.get(1).id());

            // a complaint more than the allowed hour behind event time goes aside
            h.processElement(new StreamRecord<>(ward("2026-11-23T00:30:00Z"), ms("2026-11-23T00:30:00Z")));
            assertEquals(1, h.getSideOutput(HeatmapFunction.LATE).size());

            h.processWatermark(ms("2026-11-30T02:00:00Z"));   // 7 days after the hour: every window back to 0
            cells = h.extractOutputValues();
            List<HeatmapCell> last = cells.subList(cells.size() - 2, cells.size());
            assertTrue(last.stream().allMatch(c -> c.window().equals("7d") && c.count() == 0), last.toString());
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    static List<Alert> alerts(KeyedOneInputStreamOperatorTestHarness<String, HeatmapEntry, HeatmapCell> h) {
        return h.getSideOutput(HeatmapFunction.ALERTS).stream().map(StreamRecord::getValue).toList();
    }
}
