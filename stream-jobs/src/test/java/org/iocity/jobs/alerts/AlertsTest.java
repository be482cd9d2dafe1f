package org.iocity.jobs.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.iocity.model.records.Alert;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.LevelOfService;
import org.iocity.model.records.VehicleCounts;
import org.junit.jupiter.api.Test;

/** The alert functions in a keyed operator harness, driven by watermarks; state and timers are cleaned up. */
class AlertsTest {
    static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");

    static CongestionResult result(String seg, long endSec, LevelOfService los) {
        return new CongestionResult(seg, "sai-gon", T0.plusSeconds(endSec - 300), T0.plusSeconds(endSec), 1, 10, 100,
                VehicleCounts.ZERO, 10, 0.5, 40, los == LevelOfService.F ? 0.2 : los == LevelOfService.E ? 0.35 : 0.9, los, 2);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, CongestionResult, Alert> congestionHarness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new CongestionAlerts(Duration.ofMinutes(10), Duration.ofDays(1))), CongestionResult::segmentId,
                org.apache.flink.api.common.typeinfo.Types.STRING);
        h.open();
        return h;
    }

    static void push(KeyedOneInputStreamOperatorTestHarness<String, CongestionResult, Alert> h, CongestionResult r)
            throws Exception {
        h.processElement(new StreamRecord<>(r, r.windowEnd().toEpochMilli() - 1));
        h.processWatermark(r.windowEnd().toEpochMilli() - 1);
    }

    @Test
    void congestionLongerThanTheThresholdRaisesAndRecoveryClears() throws Exception {
        try (var h = congestionHarness()) {
            push(h, result("s1", 0, LevelOfService.E));        // since T0
            push(h, result("s1", 300, LevelOfService.F));
            assertEquals(List.of(), h.extractOutputValues());
            assertEquals(1, h.numEventTimeTimers());
            push(h, result("s1", 630, LevelOfService.F));      // watermark passes 600 s: the timer fires
            List<Alert> raised = h.extractOutputValues();
            assertEquals(1, raised.size());
            Alert a = raised.get(0);
            assertEquals(Alert.RAISED, a.state());
            assertEquals("congestion", a.kind());
            assertEquals("s1", a.entity());
            assertEquals(Alert.CRITICAL, a.severity());
            assertEquals(T0, a.since());
            assertEquals(T0.plusSeconds(600), a.at());
            push(h, result("s1", 660, LevelOfService.C));
            List<Alert> all = h.extractOutputValues();
            assertEquals(2, all.size());
            assertEquals(Alert.CLEARED, all.get(1).state());
            assertEquals(a.id(), all.get(1).id());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void aShortCongestionRaisesNothingAndLeavesNoTimer() throws Exception {
        try (var h = congestionHarness()) {
            push(h, result("s1", 0, LevelOfService.E));
            push(h, result("s1", 300, LevelOfService.D));
            h.processWatermark(T0.plusSeconds(3600).toEpochMilli());
            assertEquals(List.of(), h.extractOutputValues());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    static CameraObservation obs(String cam, long atSec) {
        return new CameraObservation(cam, atSec, T0.plusSeconds(atSec), T0.plusSeconds(atSec), "seg-1", "sai-gon", 40, 10,
                5, VehicleCounts.ZERO, 30, 0.1);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, CameraObservation, Alert> silenceHarness() throws Exception {
        var h = unopenedSilenceHarness();
        h.open();
        return h;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, CameraObservation, Alert> unopenedSilenceHarness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new DeviceSilenceAlerts(Duration.ofMinutes(3), Duration.ofDays(1))), CameraObservation::deviceId,
                org.apache.flink.api.common.typeinfo.Types.STRING);
    }

    static void observe(KeyedOneInputStreamOperatorTestHarness<String, CameraObservation, Alert> h, String cam, long atSec)
            throws Exception {
        h.processElement(new StreamRecord<>(obs(cam, atSec), T0.plusSeconds(atSec).toEpochMilli()));
    }

    @Test
    void eachCameraKeepsOneStateAndAnAlertRaisedBeforeARestoreIsClearedAfterIt() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = silenceHarness()) {
            observe(h, "cam-1", 0);
            observe(h, "cam-2", 0);
            observe(h, "cam-2", 0); // a copy: moves nothing
            assertEquals(2, h.numKeyedStateEntries(), "one state per camera");
            observe(h, "cam-2", 200);
            h.processWatermark(T0.plusSeconds(180).toEpochMilli());
            assertEquals(List.of("cam-1 raised since 0 s"), describe(h.extractOutputValues()));
            assertEquals(2, h.numKeyedStateEntries());
            snapshot = h.snapshot(1, 1);
        }
        try (var restored = unopenedSilenceHarness()) {
            restored.initializeState(snapshot);
            restored.open();
            observe(restored, "cam-1", 600);
            restored.processWatermark(T0.plusSeconds(380).toEpochMilli()); // 200 s + 3 min
            assertEquals(List.of("cam-1 cleared since 0 s", "cam-2 raised since 200 s"),
                    describe(restored.extractOutputValues()));
            assertEquals("sai-gon", restored.extractOutputValues().get(1).ward());
        }
    }

    static List<String> describe(List<Alert> alerts) {
        return alerts.stream().map(a -> a.entity() + " " + a.state() + " since "
                + Duration.between(T0, a.since()).toSeconds() + " s").toList();
    }

    @Test
    void aSilentCameraRaisesAnAlertClearedWhenItReportsAgain() throws Exception {
        try (var h = silenceHarness()) {
            h.processElement(new StreamRecord<>(obs("cam-1", 0), T0.toEpochMilli()));
            h.processElement(new StreamRecord<>(obs("cam-1", 60), T0.plusSeconds(60).toEpochMilli()));
            h.processElement(new StreamRecord<>(obs("cam-1", 30), T0.plusSeconds(30).toEpochMilli())); // out of order
            assertEquals(1, h.numEventTimeTimers());
            h.processWatermark(T0.plusSeconds(239).toEpochMilli());
            assertEquals(List.of(), h.extractOutputValues());
            h.processWatermark(T0.plusSeconds(240).toEpochMilli());   // 60 s + 3 min
            List<Alert> out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertEquals(Alert.DEVICE_SILENT, out.get(0).kind());
            assertEquals(Alert.RAISED, out.get(0).state());
            assertEquals(T0.plusSeconds(60), out.get(0).since());
            assertEquals(0, h.numEventTimeTimers());
            h.processElement(new StreamRecord<>(obs("cam-1", 900), T0.plusSeconds(900).toEpochMilli()));
            out = h.extractOutputValues();
            assertEquals(2, out.size());
            assertEquals(Alert.CLEARED, out.get(1).state());
            assertEquals(out.get(0).id(), out.get(1).id());
            assertEquals(1, h.numEventTimeTimers()); // watching again from 900 s
        }
    }
    @Test
    void aCameraReportingSteadilyKeepsOneTimerThatFollowsItAndRaisesOnlyWhenItStops() throws Exception {
        try (var h = silenceHarness()) {
            for (long s = 0; s <= 600; s += 10) {
                h.processElement(new StreamRecord<>(obs("cam-1", s), T0.plusSeconds(s).toEpochMilli()));
                h.processWatermark(T0.plusSeconds(s).toEpochMilli());
                assertEquals(1, h.numEventTimeTimers());
            }
            h.processWatermark(T0.plusSeconds(779).toEpochMilli());
            assertEquals(List.of(), h.extractOutputValues());
            h.processWatermark(T0.plusSeconds(780).toEpochMilli()); // 600 s + 3 min, to the millisecond
            List<Alert> out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertEquals(T0.plusSeconds(600), out.get(0).since());
            assertEquals(T0.plusSeconds(780), out.get(0).at());
            assertEquals(0, h.numEventTimeTimers());
        }
    }
}
