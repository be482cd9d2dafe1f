package org.iocity.jobs.congestion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.VehicleCounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Repeated copies of a camera's (device, seq) inside {@link SlidingSegmentWindows}, in a keyed harness driven by
 * watermarks: each interval counts once in its windows whatever the copies and their order (counted in
 * {@code duplicateRecords}), cameras and segments apart; a late copy is still a copy while its segment keeps its
 * sequences, late after that; a restarted counter counts again; a copy redelivered after a restore is still dropped; a camera silent for the TTL is
 * forgotten (and left out of the snapshot); the sequences go with the segment's last window.
 */
class SlidingSegmentWindowsCopiesTest {
    static final Instant T0 = CongestionMeasuresTest.T0;
    static final Duration TTL = Duration.ofHours(1);
    static final CongestionPipeline.Windows MINUTE_BY_HALF = new CongestionPipeline.Windows(Duration.ofSeconds(60),
            Duration.ofSeconds(30));

    /** A harness and the operator's metrics. */
    record Windows(KeyedOneInputStreamOperatorTestHarness<String, CameraObservation, CongestionResult> h,
                   InterceptingOperatorMetricGroup metrics, MockEnvironment env) implements AutoCloseable {
        long count(String metric) {
            Counter c = (Counter) metrics.get(metric);
            return c == null ? 0 : c.getCount();
        }

        @Override
        public void close() throws Exception {
            h.close();
            env.close();
        }
    }

    final List<Windows> opened = new java.util.ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (Windows w : opened) w.close();
    }

    /** A harness not yet opened (so a test may restore a snapshot or set the TTL clock first). */
    Windows windows() throws Exception {
        InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
        MockEnvironment env = new MockEnvironmentBuilder().setMetricGroup(new InterceptingTaskMetricGroup() {
            @Override
            public InternalOperatorMetricGroup getOrAddOperator(OperatorID id, String name, Map<String, String> info) {
                return metrics;
            }
        }).build();
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new SlidingSegmentWindows(MINUTE_BY_HALF, TTL)), CameraObservation::segmentId, Types.STRING, env);
        Windows w = new Windows(h, metrics, env);
        opened.add(w);
        return w;
    }

    Windows open() throws Exception {
        Windows w = windows();
        w.h().open();
        return w;
    }

    /** Interval {@code seq} of {@code camera} on {@code segment}, at T0 + 10 × seq s, with seq vehicles. */
    static CameraObservation obs(String camera, String segment, long seq) {
        return at(camera, segment, seq, T0.plusSeconds(10 * seq));
    }

    static CameraObservation at(String camera, String segment, long seq, Instant ts) {
        return new CameraObservation(camera, seq, ts, ts, segment, "ward", 40, 10, seq,
                new VehicleCounts(seq, 0, 0, 0, 0), 30, 0.2);
    }

    static void push(Windows w, CameraObservation... records) throws Exception {
        for (CameraObservation o : records) w.h().processElement(new StreamRecord<>(o, o.eventTime().toEpochMilli()));
    }

    /** Each window as "segment start+vehicles/observations" (start in seconds from T0), sorted. */
    static List<String> results(Windows w) {
        return w.h().extractOutputValues().stream()
                .map(r -> r.segmentId() + " " + Duration.between(T0, r.windowStart()).toSeconds() + "+" + r.vehicles()
                        + "/" + r.observations())
                .sorted().toList();
    }

    static long at(long seconds) {
        return T0.plusSeconds(seconds).toEpochMilli();
    }

    @Test
    void eachCameraIntervalCountsOnceWhateverTheCopiesAndTheirOrder() throws Exception {
        Windows once = open();
        push(once, obs("a", "seg-1", 1), obs("a", "seg-1", 2), obs("b", "seg-1", 1), obs("a", "seg-1", 3),
                obs("b", "seg-1", 3), obs("b", "seg-1", 2), obs("c", "seg-2", 1), obs("c", "seg-2", 2));
        once.h().processWatermark(at(3600));
        assertEquals(List.of("seg-1 -30+6/4", "seg-1 0+12/6", "seg-1 30+6/2", "seg-2 -30+3/2", "seg-2 0+3/2"),
                results(once));

        Windows copies = open();
        push(copies, obs("a", "seg-1", 1), obs("a", "seg-1", 2), obs("b", "seg-1", 1), obs("a", "seg-1", 2),
                obs("c", "seg-2", 1), obs("a", "seg-1", 3), obs("b", "seg-1", 1), obs("a", "seg-1", 1),
                obs("b", "seg-1", 3), obs("b", "seg-1", 2), obs("b", "seg-1", 3), obs("c", "seg-2", 2),
                obs("c", "seg-2", 1)); // c sends a's and b's numbers: another camera, another segment
        assertEquals(4, copies.h().numKeyedStateEntries(), "per segment: its slides and its cameras' sequences");
        copies.h().processWatermark(at(3600));

        assertEquals(results(once), results(copies));
        assertEquals(5, copies.count("duplicateRecords"));
        assertEquals(0, copies.h().numKeyedStateEntries(), "slides and sequences gone with the last window");
        assertEquals(0, copies.h().numEventTimeTimers());
    }

    @Test
    void aCopyIsDroppedWhileItsSegmentHasAnOpenWindowEvenIfItIsLateAndIsLateAfterTheLastOne() throws Exception {
        Windows w = open();
        push(w, obs("a", "seg-1", 1), obs("a", "seg-1", 4));
        w.h().processWatermark(at(30) - 1);          // [-30 s, 30 s) fires with seq 1
        push(w, obs("a", "seg-1", 1));                // [0, 60) still holds its slide: a copy, dropped
        w.h().processWatermark(at(60) - 1);          // [0, 60) fires: seq 1 and 4
        push(w, obs("a", "seg-1", 1), obs("a", "seg-1", 4)); // 1: late, but a known copy; 4: [30, 90) open: dropped
        push(w, obs("a", "seg-1", 2));                // late and never seen: late
        w.h().processWatermark(at(3600));            // [30, 90) fires, the segment's last: its sequences go too
        push(w, obs("a", "seg-1", 4));                // a copy, but nothing is kept to tell: late
        assertEquals(0, w.h().numKeyedStateEntries(), "a late interval records nothing");

        assertEquals(List.of("seg-1 -30+1/1", "seg-1 0+5/2", "seg-1 30+4/1"), results(w));
        assertEquals(3, w.count("duplicateRecords"));
        assertEquals(List.of(2L, 4L), w.h().getSideOutput(CongestionPipeline.LATE).stream()
                .map(r -> r.getValue().seq()).toList(), "late intervals go where late intervals go, counted there");
    }

    @Test
    void aRestartedCounterCountsAgainAndItsOwnCopiesAreDropped() throws Exception {
        Windows w = open();
        push(w, at("a", "seg-1", 100, T0.plusSeconds(10)), at("a", "seg-1", 101, T0.plusSeconds(20)),
                at("a", "seg-1", 1, T0.plusSeconds(30)),   // lower number, newer event time: the camera restarted
                at("a", "seg-1", 1, T0.plusSeconds(30)),   // a copy of the new 1
                at("a", "seg-1", 2, T0.plusSeconds(40)));
        w.h().processWatermark(at(3600));

        assertEquals(List.of("seg-1 -30+201/2", "seg-1 0+204/4", "seg-1 30+3/2"), results(w));
        assertEquals(1, w.count("sequenceRestarts"));
        assertEquals(1, w.count("duplicateRecords"));
    }

    @Test
    void aCopyRedeliveredAfterARestoreIsStillDropped() throws Exception {
        OperatorSubtaskState snapshot;
        Windows before = open();
        push(before, obs("a", "seg-1", 1), obs("a", "seg-1", 2));
        snapshot = before.h().snapshot(1, 1);

        Windows restored = windows();
        restored.h().initializeState(snapshot);
        restored.h().open();
        push(restored, obs("a", "seg-1", 2), obs("a", "seg-1", 3), obs("a", "seg-1", 1));
        restored.h().processWatermark(at(3600));
        assertEquals(List.of("seg-1 -30+3/2", "seg-1 0+6/3", "seg-1 30+3/1"), results(restored));
        assertEquals(2, restored.count("duplicateRecords"));
    }

    @Test
    void aCameraSilentForTheTtlIsForgottenAndLeftOutOfTheSnapshot() throws Exception {
        OperatorSubtaskState snapshot;
        Windows w = windows();
        w.h().setStateTtlProcessingTime(0);
        w.h().open();
        push(w, obs("quiet", "seg-1", 1), obs("busy", "seg-1", 1));
        w.h().setStateTtlProcessingTime(TTL.toMillis() / 2);
        push(w, obs("busy", "seg-1", 2));
        w.h().setStateTtlProcessingTime(TTL.toMillis() + 1);
        // the windows are still open (event time stands still); quiet's number is no longer known, busy's is
        push(w, obs("quiet", "seg-1", 1), obs("busy", "seg-1", 2));
        assertEquals(1, w.count("duplicateRecords"));
        w.h().setStateTtlProcessingTime(TTL.toMillis() * 3);
        assertEquals(2, w.h().numKeyedStateEntries(), "the segment's slides and its cameras' sequences");
        snapshot = w.h().snapshot(1, 1);

        Windows restored = windows();
        restored.h().setStateTtlProcessingTime(TTL.toMillis() * 3);
        restored.h().initializeState(snapshot);
        restored.h().open();
        assertEquals(1, restored.h().numKeyedStateEntries(), "expired sequences are left out of the snapshot");
        restored.h().processWatermark(at(3600));
        assertEquals(List.of("seg-1 -30+5/4", "seg-1 0+5/4"), results(restored)); // quiet's 1 twice: past the TTL
        assertEquals(0, restored.h().numKeyedStateEntries());
    }
}
