package org.iocity.jobs.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.iocity.model.records.Alert;
import org.iocity.model.records.DeviceStatus;
import org.iocity.model.records.EnvReading;
import org.junit.jupiter.api.Test;

/**
 * The per-event alerts in a keyed operator harness: raised and cleared by the record itself (no timer, no window),
 * late records routed aside, no state left once an alert clears.
 */
class PerEventAlertsTest {
    static final Instant T0 = AlertsTest.T0;

    static EnvReading water(String sensor, long atSec, double cm) {
        return new EnvReading(sensor, atSec, T0.plusSeconds(atSec), T0.plusSeconds(atSec), "water", "sai-gon", 10.77,
                106.70, null, null, null, cm, null);
    }

    static DeviceStatus status(String device, long atSec, String state) {
        return new DeviceStatus(device, -1, "sensor", state, null, null, T0.plusSeconds(atSec), T0.plusSeconds(atSec), "sai-gon");
    }

    static KeyedOneInputStreamOperatorTestHarness<String, EnvReading, Alert> floodHarness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new FloodAlerts(FloodAlerts.Thresholds.DEFAULT, Duration.ofDays(1))), EnvReading::deviceId, Types.STRING);
        h.open();
        return h;
    }

    static <I> void push(KeyedOneInputStreamOperatorTestHarness<String, I, Alert> h, I record, Instant at) throws Exception {
        h.processElement(new StreamRecord<>(record, at.toEpochMilli()));
    }

    @Test
    void waterOverTheThresholdRaisesAtOnceAndEscalatesUnderTheSameId() throws Exception {
        try (var h = floodHarness()) {
            push(h, water("wl-1", 0, 4), T0);
            push(h, water("wl-1", 60, 12), T0.plusSeconds(60));      // no watermark at all: raised by the reading
            List<Alert> out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertEquals(Alert.FLOOD, out.get(0).kind());
            assertEquals(Alert.RAISED, out.get(0).state());
            assertEquals(Alert.WARNING, out.get(0).severity());
            assertEquals(T0.plusSeconds(60), out.get(0).since());
            assertEquals(0, h.numEventTimeTimers());
            push(h, water("wl-1", 120, 25), T0.plusSeconds(120));    // still 10-30 cm: nothing new
            push(h, water("wl-1", 180, 34), T0.plusSeconds(180));    // impassable
            out = h.extractOutputValues();
            assertEquals(2, out.size());
            assertEquals(Alert.CRITICAL, out.get(1).severity());
            assertEquals(out.get(0).id(), out.get(1).id());
            push(h, water("wl-1", 240, 20), T0.plusSeconds(240));    // down, but not cleared: no downgrade either
            assertEquals(2, h.extractOutputValues().size());
        }
    }

    @Test
    void aLevelWobblingAroundTheThresholdRaisesOnceAndClearsOnlyBelowTheHysteresis() throws Exception {
        try (var h = floodHarness()) {
            double[] levels = {11, 9, 10.5, 9.5, 11, 8.5, 12, 7.9};
            for (int i = 0; i < levels.length; i++) push(h, water("wl-1", i * 60L, levels[i]), T0.plusSeconds(i * 60L));
            List<Alert> out = h.extractOutputValues();
            assertEquals(2, out.size(), out.toString());
            assertEquals(Alert.RAISED, out.get(0).state());
            assertEquals(Alert.CLEARED, out.get(1).state());
            assertEquals(out.get(0).id(), out.get(1).id());
            assertEquals(T0.plusSeconds(420), out.get(1).at());
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void aReadingBehindTheWatermarkIsRoutedAsLateAndChangesNothing() throws Exception {
        try (var h = floodHarness()) {
            h.processWatermark(T0.plusSeconds(100).toEpochMilli());
            push(h, water("wl-1", 50, 40), T0.plusSeconds(50));
            assertEquals(List.of(), h.extractOutputValues());
            assertEquals(1, h.getSideOutput(FloodAlerts.LATE).size());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void thresholdsOutOfOrderAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FloodAlerts.Thresholds(10, 30, 12));
        assertThrows(IllegalArgumentException.class, () -> new FloodAlerts.Thresholds(10, 5, 8));
    }

    @Test
    void anOfflineStatusRaisesAtOnceAndTheNextOnlineClears() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new DeviceOfflineAlerts(Duration.ofDays(1))), DeviceStatus::deviceId, Types.STRING)) {
            h.open();
            push(h, status("aq-1", 0, "online"), T0);
            assertEquals(List.of(), h.extractOutputValues());
            push(h, status("aq-1", 30, "offline"), T0.plusSeconds(30));
            push(h, status("aq-1", 31, "offline"), T0.plusSeconds(31));   // a second will changes nothing
            List<Alert> out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertEquals(Alert.DEVICE_OFFLINE, out.get(0).kind());
            assertEquals(Alert.RAISED, out.get(0).state());
            assertEquals("aq-1", out.get(0).entity());
            assertEquals(1, h.numKeyedStateEntries());
            h.processWatermark(T0.plusSeconds(100).toEpochMilli());
            push(h, status("aq-1", 40, "online"), T0.plusSeconds(40));    // late: routed, the alert stays open
            assertEquals(1, h.getSideOutput(DeviceOfflineAlerts.LATE).size());
            push(h, status("aq-1", 120, "online"), T0.plusSeconds(120));
            out = h.extractOutputValues();
            assertEquals(2, out.size());
            assertEquals(Alert.CLEARED, out.get(1).state());
            assertEquals(out.get(0).id(), out.get(1).id());
            assertEquals(T0.plusSeconds(30), out.get(1).since());
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
        }
    }
}
