package org.iocity.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.iocity.model.CameraObservation;
import org.iocity.model.VehicleCounts;
import org.junit.jupiter.api.Test;

/**
 * {@link DropRepeatedSequences} in a keyed harness: the first copy of each (device, seq) passes, later copies do not,
 * devices are apart, the state survives a restore (a copy redelivered after a job restart is still dropped), and the
 * state of a device nobody heard from for the TTL is gone (not restored).
 */
class DropRepeatedSequencesTest {
    static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");
    static final Duration TTL = Duration.ofHours(1);

    static KeyedOneInputStreamOperatorTestHarness<String, CameraObservation, CameraObservation> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new DropRepeatedSequences<>(
                CameraObservation.class, CameraObservation::seq, CameraObservation::eventTime, TTL)),
                CameraObservation::deviceId, Types.STRING);
    }

    static CameraObservation obs(String device, long seq) {
        Instant ts = T0.plusSeconds(10 * seq);
        return new CameraObservation(device, seq, ts, ts, "seg-" + device, "ward", 40, 10, 5,
                new VehicleCounts(5, 0, 0, 0, 0), 30, 0.2);
    }

    static void push(KeyedOneInputStreamOperatorTestHarness<String, CameraObservation, CameraObservation> h,
                     CameraObservation... records) throws Exception {
        for (CameraObservation o : records) h.processElement(new StreamRecord<>(o, o.eventTime().toEpochMilli()));
    }

    static List<String> passed(KeyedOneInputStreamOperatorTestHarness<String, CameraObservation, CameraObservation> h) {
        return h.extractOutputValues().stream().map(o -> o.deviceId() + "/" + o.seq()).toList();
    }

    @Test
    void eachDeviceSequenceNumberPassesOnceWhateverTheCopiesAndTheirOrder() throws Exception {
        try (var h = harness()) {
            h.open();
            push(h, obs("a", 1), obs("a", 2), obs("b", 1), obs("a", 2), obs("a", 3), obs("b", 1), obs("a", 1),
                    obs("b", 3), obs("b", 2), obs("b", 3));
            assertEquals(List.of("a/1", "a/2", "b/1", "a/3", "b/3", "b/2"), passed(h));
            assertEquals(2, h.numKeyedStateEntries(), "one small state per device");
            assertEquals(0, h.numProcessingTimeTimers() + h.numEventTimeTimers(), "no timers");
        }
    }

    @Test
    void aCopyRedeliveredAfterARestoreIsStillDropped() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            push(h, obs("a", 1), obs("a", 2));
            snapshot = h.snapshot(1, 1);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            push(restored, obs("a", 2), obs("a", 3), obs("a", 1));
            assertEquals(List.of("a/3"), passed(restored));
        }
    }

    @Test
    void theStateOfADeviceSilentForTheTtlIsDroppedAndNotRestored() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.setStateTtlProcessingTime(0);
            h.open();
            push(h, obs("quiet", 1), obs("busy", 1));
            h.setStateTtlProcessingTime(TTL.toMillis() / 2);
            push(h, obs("busy", 2));
            h.setStateTtlProcessingTime(TTL.toMillis() + 1);
            // the quiet device's seq 1 again (a replay of the same record after the TTL) is no longer known: passed on
            push(h, obs("quiet", 1), obs("busy", 2));
            assertEquals(List.of("quiet/1", "busy/1", "busy/2", "quiet/1"), passed(h));
            h.setStateTtlProcessingTime(TTL.toMillis() * 3);
            snapshot = h.snapshot(1, 1);
        }
        try (var restored = harness()) {
            restored.setStateTtlProcessingTime(TTL.toMillis() * 3);
            restored.initializeState(snapshot);
            restored.open();
            assertEquals(0, restored.numKeyedStateEntries(), "expired state is left out of the snapshot");
            assertEquals(0, restored.numProcessingTimeTimers() + restored.numEventTimeTimers());
        }
    }
}
