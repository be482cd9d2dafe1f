package org.iocity.jobs.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.iocity.model.records.SignalCycle;
import org.iocity.model.records.SignalPerformance;
import org.junit.jupiter.api.Test;

/**
 * {@link SignalPerformanceFunction} in a keyed operator harness, driven by watermarks: events buffered until the
 * watermark passes them and replayed in time order, late ones sent aside, the bin closed on its end timer, no timer
 * and no buffer left afterwards, and the tracker dropped by the state TTL.
 */
class SignalPerformanceFunctionTest {
    static final long T0 = SignalTrackerTest.T0;
    static final Duration TTL = Duration.ofHours(1);

    static KeyedOneInputStreamOperatorTestHarness<String, IntersectionEvent, SignalPerformance> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new SignalPerformanceFunction(
                new SignalConfig(Map.of(SignalTrackerTest.X, SignalTrackerTest.config())), Duration.ofMinutes(15), TTL)),
                IntersectionEvent::intersectionId, Types.STRING);
        h.open();
        return h;
    }

    static void push(KeyedOneInputStreamOperatorTestHarness<String, IntersectionEvent, SignalPerformance> h,
                     IntersectionEvent... events) throws Exception {
        for (IntersectionEvent e : events) h.processElement(new StreamRecord<>(e, e.ts()));
    }

    static <T> List<T> side(KeyedOneInputStreamOperatorTestHarness<String, IntersectionEvent, SignalPerformance> h,
                            OutputTag<T> tag) {
        var q = h.getSideOutput(tag);
        return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
    }

    static IntersectionEvent ev(double sec, int code, int param) {
        return SignalTrackerTest.ev(sec, code, param);
    }

    @Test
    void eventsAreReplayedInTimeOrderAndTheBinClosesLeavingNoTimerAndNoBuffer() throws Exception {
        try (var h = harness()) {
            // one cycle of phase 2, arriving out of order (the next green and the yellow before the green)
            push(h, ev(60, 1, 2), ev(30, 8, 2), ev(0, 1, 2), ev(33, 10, 2), ev(35, 11, 2), ev(10, 82, 1), ev(10.5, 81, 1));
            assertEquals(6, h.numEventTimeTimers());         // one flush timer per second holding events
            assertEquals(1, h.numKeyedStateEntries());       // the buffer; no tracker yet
            assertEquals(List.of(), side(h, SignalPerformanceFunction.CYCLES));

            h.processWatermark(T0 + 60_999);
            List<SignalCycle> cycles = side(h, SignalPerformanceFunction.CYCLES);
            assertEquals(1, cycles.size());
            SignalCycle c = cycles.get(0);
            assertEquals(Instant.ofEpochMilli(T0), c.start());
            assertEquals(30.0, c.greenS());
            assertEquals(3.0, c.yellowS());
            assertEquals(2.0, c.redClearanceS());
            assertEquals(60.0, c.cycleS());
            assertEquals(1, c.arrivalsOnGreen());
            assertEquals(1, h.numEventTimeTimers());         // only the end of the bin in progress
            assertEquals(1, h.numKeyedStateEntries());       // the tracker; the buffer is cleared

            push(h, ev(45, 82, 1));                          // behind the watermark: late, not counted
            assertEquals(List.of(ev(45, 82, 1)), side(h, SignalPerformanceFunction.LATE));

            h.processWatermark(T0 + Duration.ofMinutes(15).toMillis());
            List<SignalPerformance> bins = h.extractOutputValues();
            assertEquals(1, bins.size());
            SignalPerformance bin = bins.get(0);
            assertEquals(Instant.ofEpochMilli(T0), bin.binStart());
            assertEquals(Instant.ofEpochMilli(T0).plus(Duration.ofMinutes(15)), bin.binEnd());
            SignalPerformance.Phase p2 = bin.phases().stream().filter(p -> p.phase() == 2).findFirst().orElseThrow();
            assertEquals(1, p2.cycles());
            assertEquals(1, p2.arrivals());                 // the late one is not in the bin
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(1, h.numKeyedStateEntries());       // the tracker keeps the phase running into the next bin

            // the next bin carries on from the running phase: the green at 60 s ends a cycle at 16 min
            push(h, ev(960, 1, 2));
            h.processWatermark(T0 + 960_999);
            assertEquals(2, side(h, SignalPerformanceFunction.CYCLES).size());
            assertEquals(900.0, side(h, SignalPerformanceFunction.CYCLES).get(1).cycleS());
        }
    }

    @Test
    void theTrackerOfAnIntersectionNobodyHeardFromIsDroppedByTheTtl() throws Exception {
        try (var h = harness()) {
            h.setStateTtlProcessingTime(0);
            push(h, ev(0, 1, 2), ev(30, 8, 2));
            h.processWatermark(T0 + Duration.ofMinutes(15).toMillis());
            assertEquals(1, h.extractOutputValues().size());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(1, h.numKeyedStateEntries());

            h.setStateTtlProcessingTime(TTL.toMillis() + 1);
            // a green two hours on: with the old tracker it would close a two-hour cycle; after the TTL it starts afresh
            push(h, ev(7200, 1, 2));
            h.processWatermark(T0 + 7_200_999);
            assertEquals(List.of(), side(h, SignalPerformanceFunction.CYCLES));
            assertEquals(1, h.numKeyedStateEntries());       // the new tracker only
            assertEquals(1, h.numEventTimeTimers());         // the end of its bin
            assertNull(h.getSideOutput(SignalPerformanceFunction.LATE));
        }
    }

    /** The events of batch {@code seq} of controller sig-x: the first one marked, all carrying the batch. */
    static IntersectionEvent[] batch(long seq, IntersectionEvent... events) {
        IntersectionEvent[] out = new IntersectionEvent[events.length];
        for (int i = 0; i < events.length; i++) {
            IntersectionEvent e = events[i];
            out[i] = new IntersectionEvent(e.intersectionId(), e.ward(), e.ts(), e.code(), e.param(), "sig-x", seq,
                    events[0].ts(), i == 0);
        }
        return out;
    }

    @Test
    void aRepeatedCopyOfABatchIsDroppedWholeAndCountsNothing() throws Exception {
        List<SignalPerformance> withCopies;
        List<SignalCycle> cyclesWithCopies;
        try (var h = harness()) {
            push(h, batch(1, ev(0, 1, 2), ev(10, 82, 1), ev(30, 8, 2)));
            push(h, batch(1, ev(0, 1, 2), ev(10, 82, 1), ev(30, 8, 2)));       // redelivered at once
            push(h, batch(2, ev(33, 10, 2), ev(35, 11, 2), ev(40, 82, 1)));
            h.processWatermark(T0 + 50_999);
            push(h, batch(1, ev(0, 1, 2), ev(10, 82, 1), ev(30, 8, 2)));       // and again, behind the watermark
            push(h, batch(3, ev(60, 1, 2), ev(61, 82, 1)));
            push(h, batch(2, ev(33, 10, 2), ev(35, 11, 2), ev(40, 82, 1)));
            h.processWatermark(T0 + Duration.ofMinutes(15).toMillis());
            withCopies = h.extractOutputValues();
            cyclesWithCopies = side(h, SignalPerformanceFunction.CYCLES);
            assertEquals(List.of(), side(h, SignalPerformanceFunction.LATE), "a copy is not late: it is dropped");
        }
        try (var h = harness()) {
            push(h, batch(1, ev(0, 1, 2), ev(10, 82, 1), ev(30, 8, 2)));
            push(h, batch(2, ev(33, 10, 2), ev(35, 11, 2), ev(40, 82, 1)));
            h.processWatermark(T0 + 50_999);
            push(h, batch(3, ev(60, 1, 2), ev(61, 82, 1)));
            h.processWatermark(T0 + Duration.ofMinutes(15).toMillis());
            assertEquals(h.extractOutputValues(), withCopies, "the bins as if no copy had come");
            assertEquals(side(h, SignalPerformanceFunction.CYCLES), cyclesWithCopies);
        }
        SignalPerformance.Phase p2 = withCopies.get(0).phases().stream().filter(p -> p.phase() == 2).findFirst().orElseThrow();
        assertEquals(1, p2.cycles());
        assertEquals(3, p2.arrivals(), "each detector call once: 10 s, 40 s and 61 s");
    }

    @Test
    void aBatchIsFlattenedWithItsIdentityOnEveryEventAndTheFirstMarked() {
        var b = new org.iocity.model.records.SignalEventBatch("sig-7", 42, Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0),
                SignalTrackerTest.X, "sai-gon", java.util.Arrays.asList(null,
                        new org.iocity.model.records.SignalEvent(Instant.ofEpochMilli(T0 + 100), 1, 2),
                        new org.iocity.model.records.SignalEvent(Instant.ofEpochMilli(T0 + 200), 82, 1)));
        List<IntersectionEvent> events = IntersectionEvent.Flatten.of(b);
        assertEquals(2, events.size());
        assertEquals(List.of(true, false), events.stream().map(IntersectionEvent::firstOfBatch).toList(),
                "the first event emitted, not the first of the batch's list");
        for (IntersectionEvent e : events) {
            assertEquals("sig-7", e.deviceId());
            assertEquals(42, e.seq());
            assertEquals(T0, e.batchTime());
        }
    }
}
