package org.iocity.jobs.congestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.iocity.jobs.common.StateTtl;
import org.iocity.model.config.ConfigException;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.VehicleCounts;
import org.junit.jupiter.api.Test;

/**
 * The per-slide windows in a keyed operator harness driven by watermarks: hand-computed windows, late intervals, state
 * and timers gone at the end; and the same results, timestamps and late intervals as Flink's own sliding windows on
 * seeded random out-of-order input.
 */
class SlidingSegmentWindowsTest {
    static final Instant T0 = CongestionMeasuresTest.T0;
    static final CongestionPipeline.Windows MINUTE_BY_HALF = new CongestionPipeline.Windows(Duration.ofSeconds(60),
            Duration.ofSeconds(30));

    static KeyedOneInputStreamOperatorTestHarness<String, CameraObservation, CongestionResult> harness(
            OneInputStreamOperator<CameraObservation, CongestionResult> operator) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(operator, CameraObservation::segmentId, Types.STRING);
        h.open();
        return h;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, CameraObservation, CongestionResult> slides(
            CongestionPipeline.Windows windows) throws Exception {
        return harness(new KeyedProcessOperator<>(new SlidingSegmentWindows(windows)));
    }

    /** Flink's sliding event-time windows with the same totals: the reference the slides must match. */
    static KeyedOneInputStreamOperatorTestHarness<String, CameraObservation, CongestionResult> flinkWindows(
            CongestionPipeline.Windows windows) throws Exception {
        var builder = new WindowOperatorBuilder<>(SlidingEventTimeWindows.of(windows.size(), windows.slide()),
                EventTimeTrigger.create(), new ExecutionConfig(), TypeInformation.of(CameraObservation.class),
                CameraObservation::segmentId, Types.STRING);
        builder.sideOutputLateData(CongestionPipeline.LATE);
        return harness(builder.aggregate(new SegmentTrafficAggregate(), new WindowResult(),
                TypeInformation.of(SegmentTraffic.class)));
    }

    static final class WindowResult extends ProcessWindowFunction<SegmentTraffic, CongestionResult, String, TimeWindow> {
        @Override
        public void process(String segment, Context ctx, Iterable<SegmentTraffic> totals, Collector<CongestionResult> out) {
            for (SegmentTraffic t : totals) {
                out.collect(CongestionMeasures.of(t, Instant.ofEpochMilli(ctx.window().getStart()),
                        Instant.ofEpochMilli(ctx.window().getEnd())));
            }
        }
    }

    static void push(KeyedOneInputStreamOperatorTestHarness<String, CameraObservation, CongestionResult> h,
                     CameraObservation o) throws Exception {
        h.processElement(new StreamRecord<>(o, o.eventTime().toEpochMilli()));
    }

    static long at(long seconds) {
        return T0.plusSeconds(seconds).toEpochMilli();
    }

    @Test
    void eachWindowSumsItsSlidesAndAnIntervalWhoseWindowsAllFiredIsLate() throws Exception {
        try (var h = slides(MINUTE_BY_HALF)) {
            push(h, CongestionMeasuresTest.obs("seg-s", 10, 10, 20, 0.2));
            push(h, CongestionMeasuresTest.obs("seg-s", 40, 30, 40, 0.4));
            h.processWatermark(at(30) - 1);                          // [-30 s, 30 s) fires: the 10 s interval
            push(h, CongestionMeasuresTest.obs("seg-s", 20, 20, 30, 0.3)); // [0, 60) has not fired: counts there only
            h.processWatermark(at(60) - 1);                          // [0, 60): 10 s, 20 s and 40 s
            push(h, CongestionMeasuresTest.obs("seg-s", 25, 99, 5, 0.9));  // both its windows fired: late
            h.processWatermark(at(3600));

            List<StreamRecord<? extends CongestionResult>> out = new ArrayList<>();
            h.getOutput().forEach(e -> {
                if (e instanceof StreamRecord<?> r) out.add((StreamRecord<? extends CongestionResult>) r);
            });
            assertEquals(List.of(at(30) - 1, at(60) - 1, at(90) - 1), out.stream().map(StreamRecord::getTimestamp).toList());
            List<CongestionResult> windows = out.stream().<CongestionResult>map(StreamRecord::getValue).toList();
            assertEquals(List.of(T0.minusSeconds(30), T0, T0.plusSeconds(30)),
                    windows.stream().map(CongestionResult::windowStart).toList());
            assertEquals(List.of(10L, 60L, 30L), windows.stream().map(CongestionResult::vehicles).toList());
            assertEquals(List.of(1L, 3L, 1L), windows.stream().map(CongestionResult::observations).toList());
            assertEquals(3600.0, windows.get(0).flowPerHour());        // 10 vehicles in 10 s of counting
            assertEquals((10 * 20 + 20 * 30 + 30 * 40) / 60.0, windows.get(1).meanSpeedKmh(), 0.005);

            var late = h.getSideOutput(CongestionPipeline.LATE);
            assertEquals(1, late.size());
            assertEquals(T0.plusSeconds(25), late.peek().getValue().eventTime());
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void aSlideAheadOfTheWatermarkWaitsForItsOwnWindowsAndLeavesNothingBehind() throws Exception {
        try (var h = slides(MINUTE_BY_HALF)) {
            push(h, CongestionMeasuresTest.obs("seg-s", 5, 10, 20, 0.2));
            push(h, CongestionMeasuresTest.obs("seg-s", 500, 10, 20, 0.2)); // far ahead: no empty window between
            assertEquals(2, h.numEventTimeTimers());
            h.processWatermark(at(3600));
            assertEquals(4, h.extractOutputValues().size());           // two windows each, nothing in between
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void sameWindowsTimestampsAndLateIntervalsAsFlinksSlidingWindows() throws Exception {
        for (CongestionPipeline.Windows windows : List.of(CongestionPipeline.Windows.DEFAULT, MINUTE_BY_HALF,
                new CongestionPipeline.Windows(Duration.ofSeconds(20), Duration.ofSeconds(20)))) {
            Random random = new Random(42);
            try (var ours = slides(windows); var flink = flinkWindows(windows)) {
                long watermark = Long.MIN_VALUE;
                for (int i = 0; i < 5_000; i++) {
                    long seconds = i / 4 + random.nextInt(800) - 400;     // about 4 intervals a second, ±400 s out of order
                    int segment = random.nextInt(3);
                    var o = new CameraObservation("cam-" + random.nextInt(9), i, T0.plusSeconds(seconds),
                            T0.plusSeconds(seconds), "seg-" + segment, "ward-" + segment % 2, 40, 10,
                            random.nextInt(20), new VehicleCounts(random.nextInt(5), random.nextInt(5), 0, 1, 0),
                            random.nextInt(60), random.nextInt(9) / 8.0); // whole speeds, occupancy in eighths: exact sums
                    push(ours, o);
                    push(flink, o);
                    if (random.nextInt(10) == 0) {
                        watermark = Math.max(watermark, at(i / 4 - random.nextInt(40)) - random.nextInt(2)); // on window ends too
                        ours.processWatermark(watermark);
                        flink.processWatermark(watermark);
                    }
                }
                ours.processWatermark(Long.MAX_VALUE);
                flink.processWatermark(Long.MAX_VALUE);
                List<String> expected = results(flink);
                assertTrue(expected.size() > 150, "the reference emitted windows: " + expected.size());
                assertEquals(expected, results(ours), windows.toString());
                var late = flink.getSideOutput(CongestionPipeline.LATE);
                assertTrue(late != null && late.size() > 10, "some intervals were late");
                assertEquals(List.copyOf(late), List.copyOf(ours.getSideOutput(CongestionPipeline.LATE)));
                assertEquals(0, ours.numKeyedStateEntries());
                assertEquals(0, ours.numEventTimeTimers());
            }
        }
    }

    /** Each window result with its timestamp, in a fixed order (segment, window) since keys may fire in any order. */
    static List<String> results(KeyedOneInputStreamOperatorTestHarness<String, CameraObservation, CongestionResult> h) {
        List<String> all = new ArrayList<>();
        h.getOutput().forEach(e -> {
            if (e instanceof StreamRecord<?> r) all.add(r.getTimestamp() + " " + r.getValue());
        });
        all.sort(Comparator.naturalOrder());
        return all;
    }

    static final Duration LIVE = Duration.ofMillis(300);

    static KeyedOneInputStreamOperatorTestHarness<String, CameraObservation, CongestionResult> live() throws Exception {
        return harness(new KeyedProcessOperator<>(new SlidingSegmentWindows(MINUTE_BY_HALF, StateTtl.DEFAULT, LIVE)));
    }

    /** Pushes an interval as it arrives live: the processing clock one second after its event time. */
    static void pushLive(KeyedOneInputStreamOperatorTestHarness<String, CameraObservation, CongestionResult> h,
                         CameraObservation o) throws Exception {
        h.setProcessingTime(Math.max(h.getProcessingTime(), o.eventTime().toEpochMilli() + 1_000));
        push(h, o);
    }

    static List<CongestionResult> early(KeyedOneInputStreamOperatorTestHarness<String, CameraObservation, CongestionResult> h) {
        var q = h.getSideOutput(CongestionPipeline.EARLY);
        return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aLiveWindowGoesOutEarlyAtItsEndPlusTheDelayAndFinallyAtTheWatermarkWithTheSameTotals() throws Exception {
        try (var h = live()) {
            pushLive(h, CongestionMeasuresTest.obs("seg-s", 10, 10, 20, 0.2));
            pushLive(h, CongestionMeasuresTest.obs("seg-s", 20, 20, 30, 0.3));
            h.setProcessingTime(at(30) + LIVE.toMillis() - 1);
            assertEquals(List.of(), early(h), "not before the window's end + the delay");
            h.setProcessingTime(at(30) + LIVE.toMillis());               // [-30 s, 30 s): the 10 s and 20 s intervals
            pushLive(h, CongestionMeasuresTest.obs("seg-s", 40, 30, 40, 0.4));
            h.setProcessingTime(at(60) + LIVE.toMillis());               // [0, 60): all three
            assertEquals(List.of(T0.plusSeconds(30), T0.plusSeconds(60)), early(h).stream().map(CongestionResult::windowEnd).toList());
            assertEquals(List.of(30L, 60L), early(h).stream().map(CongestionResult::vehicles).toList());
            assertEquals(List.of(), h.extractOutputValues(), "nothing final before the watermark");

            h.processWatermark(at(60) - 1);                              // the finals of both: the same totals
            assertEquals(early(h), h.extractOutputValues());
            h.processWatermark(at(90) - 1);                              // [30 s, 90 s) is final first:
            h.setProcessingTime(at(90) + LIVE.toMillis());               // no early copy after it
            assertEquals(2, early(h).size());
            assertEquals(3, h.extractOutputValues().size());
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numProcessingTimeTimers());
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void aBacklogOrAFarFutureClockSetsNoEarlyTimer() throws Exception {
        try (var h = live()) {
            h.setProcessingTime(at(3600));                               // an hour behind: replayed, not live
            push(h, CongestionMeasuresTest.obs("seg-s", 10, 10, 20, 0.2));
            h.setProcessingTime(at(-3600));                              // a device clock an hour ahead
            push(h, CongestionMeasuresTest.obs("seg-t", 10, 10, 20, 0.2));
            assertEquals(0, h.numProcessingTimeTimers());
            assertEquals(2, h.numEventTimeTimers());
        }
    }

    @Test
    void anEarlyTimerMoreThanASlideOverdueSendsNothing() throws Exception {
        try (var h = live()) {
            pushLive(h, CongestionMeasuresTest.obs("seg-s", 10, 10, 20, 0.2));
            h.setProcessingTime(at(30) + LIVE.toMillis() + 30_001);     // e.g. restored after a stop: stale
            assertEquals(List.of(), early(h));
            h.processWatermark(at(3600));
            assertEquals(2, h.extractOutputValues().size());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void aLiveDelayOfASlideOrMoreIsAConfigurationError() {
        assertThrows(ConfigException.class, () -> new SlidingSegmentWindows(MINUTE_BY_HALF, StateTtl.DEFAULT, Duration.ofSeconds(30)));
        assertThrows(ConfigException.class, () -> new SlidingSegmentWindows(MINUTE_BY_HALF, StateTtl.DEFAULT, Duration.ofMillis(-1)));
    }

    @Test
    void aWindowThatIsNotAWholeNumberOfSlidesIsAConfigurationError() {
        assertThrows(ConfigException.class, () -> new CongestionPipeline.Windows(Duration.ofSeconds(50), Duration.ofSeconds(30)));
    }
}
