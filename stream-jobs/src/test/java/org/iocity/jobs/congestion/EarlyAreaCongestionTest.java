package org.iocity.jobs.congestion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.iocity.model.records.AreaCongestion;
import org.iocity.model.records.CongestionResult;
import org.junit.jupiter.api.Test;

/** The early ward and city results in a keyed harness driven by the processing clock. */
class EarlyAreaCongestionTest {
    static KeyedOneInputStreamOperatorTestHarness<String, AreaSegmentResult, AreaCongestion> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new EarlyAreaCongestion(Duration.ofMillis(200), Duration.ofDays(1))), AreaSegmentResult::area, Types.STRING);
        h.open();
        return h;
    }

    /** The segment's early result, to its ward and to the city. */
    static void push(KeyedOneInputStreamOperatorTestHarness<String, AreaSegmentResult, AreaCongestion> h,
                     CongestionResult r) throws Exception {
        for (AreaSegmentResult a : AreaSegmentResult.ToAreas.of(r)) h.processElement(new StreamRecord<>(a));
    }

    static CongestionResult seg(String id, String ward, long vehicles, double ratio, long windowShift) {
        CongestionResult r = AreaCongestionAggregateTest.seg(id, ward, vehicles, ratio);
        return new CongestionResult(r.segmentId(), r.ward(), r.windowStart().plusSeconds(windowShift),
                r.windowEnd().plusSeconds(windowShift), r.observations(), r.vehicles(), r.flowPerHour(), r.flowByClass(),
                r.meanSpeedKmh(), r.occupancy(), r.freeFlowKmh(), r.speedRatio(), r.los(), r.travelTimeIndex());
    }

    @Test
    void eachAreaSendsAWindowOnceItsEarlySegmentResultsSettledAndAgainWholeWhenOneComesLate() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(1_000);
            push(h, seg("a", "w1", 30, 0.25, 0));
            h.setProcessingTime(1_150);
            push(h, seg("b", "w1", 10, 1.0, 0));
            push(h, seg("c", "w2", 5, 0.5, 0));
            h.setProcessingTime(1_199);
            assertEquals(List.of(), h.extractOutputValues(), "still settling");
            h.setProcessingTime(1_350);                         // w1 and the city at 1,200, w2 at 1,350

            List<AreaCongestion> out = h.extractOutputValues();
            assertEquals(List.of("w1", "city", "w2"), out.stream().map(AreaCongestion::area).toList());
            assertEquals(0.5625, out.get(0).congestionIndex());  // as the final aggregate computes it
            assertEquals(2, out.get(0).segments());
            assertEquals(3, out.get(1).segments());
            assertEquals(45, out.get(1).vehicles());

            push(h, seg("d", "w1", 20, 0.1, 0));                // late for the window sent: it is sent again, whole
            h.setProcessingTime(1_400);
            h.setProcessingTime(1_600);
            List<AreaCongestion> again = h.extractOutputValues().subList(3, h.extractOutputValues().size());
            assertEquals(List.of("w1", "city"), again.stream().map(AreaCongestion::area).toList());
            assertEquals(List.of(3L, 4L), again.stream().map(AreaCongestion::segments).toList());
            assertEquals(List.of(60L, 65L), again.stream().map(AreaCongestion::vehicles).toList());

            push(h, seg("a", "w1", 20, 0.9, 30));               // the next window
            h.setProcessingTime(2_000);
            push(h, seg("e", "w1", 1, 0.9, 0));                 // older than the last window sent: left to the final
            h.setProcessingTime(3_000);
            List<AreaCongestion> next = h.extractOutputValues().subList(5, h.extractOutputValues().size());
            assertEquals(List.of("w1", "city"), next.stream().map(AreaCongestion::area).toList());
            assertEquals(List.of(20L, 20L), next.stream().map(AreaCongestion::vehicles).toList());
            assertEquals(0, h.numProcessingTimeTimers());
            assertEquals(3 * 2, h.numKeyedStateEntries(), "per area: the last window sent and its totals");
        }
    }
}
