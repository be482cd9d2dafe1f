package org.iocity.jobs.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.iocity.model.records.SignalCycle;
import org.iocity.model.records.SignalPerformance;
import org.junit.jupiter.api.Test;

/** The cycle builder and bin sums on hand-computed event sequences. */
class SignalTrackerTest {
    static final long T0 = Instant.parse("2026-11-23T01:00:00Z").toEpochMilli();
    static final String X = "x-1";

    static SignalConfig.Intersection config() {
        HashMap<Integer, SignalConfig.Detector> d = new HashMap<>();
        d.put(1, new SignalConfig.Detector(2, "advance"));
        d.put(5, new SignalConfig.Detector(2, "stopbar"));
        d.put(7, new SignalConfig.Detector(4, "stopbar"));
        return new SignalConfig.Intersection(new ArrayList<>(List.of(2, 4)), d);
    }

    static IntersectionEvent ev(double sec, int code, int param) {
        return new IntersectionEvent(X, "sai-gon", T0 + Math.round(sec * 1000), code, param);
    }

    /** Phase 2: green 0–30 s (max out), yellow 30–33, red clearance 33–35, next green at 60 s. */
    static List<IntersectionEvent> oneCycle(double at) {
        return List.of(ev(at, 1, 2), ev(at + 30, 5, 2), ev(at + 30, 8, 2), ev(at + 33, 10, 2), ev(at + 35, 11, 2));
    }

    static final class Collect implements SignalTracker.Emitter {
        final List<SignalCycle> cycles = new ArrayList<>();
        final List<SignalPerformance> bins = new ArrayList<>();

        @Override
        public void cycle(SignalCycle c) {
            cycles.add(c);
        }

        @Override
        public void bin(SignalPerformance b) {
            bins.add(b);
        }
    }

    @Test
    void aCycleWithArrivalsAndASplitFailure() {
        SignalTracker t = new SignalTracker(X, "sai-gon", config(), Duration.ofMinutes(15).toMillis());
        Collect out = new Collect();
        List<IntersectionEvent> events = new ArrayList<>(oneCycle(0));
        events.addAll(List.of(
                ev(2, 82, 1), ev(2.5, 81, 1), ev(10, 82, 1), ev(10.5, 81, 1),   // 2 arrivals on green
                ev(40, 82, 1), ev(40.5, 81, 1),                                  // 1 arrival on red
                ev(1, 82, 5), ev(36, 81, 5),                                      // stop bar occupied 1–36 s
                ev(31, 82, 7),                                                    // phase 4 stop bar, never off
                ev(45, 45, 2), ev(55, 21, 2)));                                   // ped call 45 s, walk 55 s: 10 s
        events.sort(java.util.Comparator.comparingLong(IntersectionEvent::ts));
        for (IntersectionEvent e : events) t.accept(e, out);
        t.accept(ev(60, 1, 2), out);
        assertEquals(1, out.cycles.size());
        SignalCycle c = out.cycles.get(0);
        assertEquals(30.0, c.greenS());
        assertEquals(3.0, c.yellowS());
        assertEquals(2.0, c.redClearanceS());
        assertEquals(25.0, c.redS());
        assertEquals(35.0, c.splitS());
        assertEquals(60.0, c.cycleS());
        assertEquals("max-out", c.termination());
        assertEquals(2, c.arrivalsOnGreen());
        assertEquals(1, c.arrivalsOnRed());
        assertEquals(0.967, c.greenOccupancy());  // 29 of 30 s
        assertEquals(0.6, c.red5Occupancy());     // 33–36 of 33–38 s
        assertEquals(false, c.splitFailure());

        t.advanceTo(T0 + Duration.ofMinutes(15).toMillis(), out);
        assertEquals(1, out.bins.size());
        SignalPerformance b = out.bins.get(0);
        SignalPerformance.Phase p2 = b.phases().stream().filter(p -> p.phase() == 2).findFirst().orElseThrow();
        assertEquals(1, p2.cycles());
        assertEquals(3, p2.arrivals());
        assertEquals(66.7, p2.percentArrivalsOnGreen());
        assertEquals(1.333, p2.platoonRatio());   // (2/3) / (30/60)
        assertEquals(1, p2.maxOuts());
        assertEquals(10.0, p2.meanPedDelayS());
        assertEquals(0, p2.skips());
        SignalPerformance.Phase p4 = b.phases().stream().filter(p -> p.phase() == 4).findFirst().orElseThrow();
        assertEquals(1, p4.skips());
        var ch7 = b.detectors().stream().filter(d -> d.channel() == 7).findFirst().orElseThrow();
        assertEquals(1, ch7.actuations());
        assertEquals("ok", ch7.status());
        assertEquals(869.0, ch7.onSeconds());     // 31 s to the bin end at 900 s
    }

    @Test
    void splitFailureWhenGreenAndFirstRedSecondsAreOccupied() {
        SignalTracker t = new SignalTracker(X, "sai-gon", config(), Duration.ofMinutes(15).toMillis());
        Collect out = new Collect();
        List<IntersectionEvent> events = new ArrayList<>(oneCycle(0));
        events.add(ev(0, 82, 5));
        events.add(ev(40, 81, 5));
        events.sort(java.util.Comparator.comparingLong(IntersectionEvent::ts));
        for (IntersectionEvent e : events) t.accept(e, out);
        t.accept(ev(60, 1, 2), out);
        assertTrue(out.cycles.get(0).splitFailure());
        assertEquals(1.0, out.cycles.get(0).greenOccupancy());
        assertEquals(1.0, out.cycles.get(0).red5Occupancy());
    }

    @Test
    void aPatternChangeCutsTheBinAndTheCyclesCarryThePattern() {
        SignalTracker t = new SignalTracker(X, "sai-gon", config(), Duration.ofMinutes(15).toMillis());
        Collect out = new Collect();
        t.accept(ev(0, 131, 3), out);
        for (IntersectionEvent e : oneCycle(0)) t.accept(e, out);
        t.accept(ev(100, 131, 4), out);
        assertEquals(1, out.bins.size());
        assertEquals(3, out.bins.get(0).pattern());
        assertTrue(out.bins.get(0).cutByPatternChange());
        assertEquals(Instant.ofEpochMilli(T0 + 100_000), out.bins.get(0).binEnd());
        t.accept(ev(120, 1, 2), out);
        assertEquals(3, out.cycles.get(0).pattern());
        t.advanceTo(T0 + 900_000, out);
        assertEquals(2, out.bins.size());
        assertEquals(4, out.bins.get(1).pattern());
        assertEquals(Instant.ofEpochMilli(T0 + 100_000), out.bins.get(1).binStart());
        assertEquals(Instant.ofEpochMilli(T0 + 900_000), out.bins.get(1).binEnd());
    }

    @Test
    void detectorHealthStuckOnNoActivityAndChatter() {
        SignalTracker t = new SignalTracker(X, "sai-gon", config(), Duration.ofMinutes(15).toMillis());
        Collect out = new Collect();
        t.accept(ev(0, 82, 7), out);                  // on at bin start 0 and never off
        t.accept(ev(1, 1, 2), out);                   // phase 2 served, advance channel 1 silent
        for (int i = 0; i < 100; i++) {               // channel 5: 100 pulses of 50 ms
            t.accept(ev(100 + i, 82, 5), out);
            t.accept(ev(100 + i + 0.05, 81, 5), out);
        }
        t.advanceTo(T0 + 900_000, out);
        var dets = out.bins.get(0).detectors();
        assertEquals("no-activity", dets.stream().filter(d -> d.channel() == 1).findFirst().orElseThrow().status());
        assertEquals("chatter", dets.stream().filter(d -> d.channel() == 5).findFirst().orElseThrow().status());
        assertEquals("stuck-on", dets.stream().filter(d -> d.channel() == 7).findFirst().orElseThrow().status());
    }

    @Test
    void aTrackerReadBackThroughItsFlinkSerializerCarriesOnTheSame() throws Exception {
        List<IntersectionEvent> events = new ArrayList<>(oneCycle(0));
        events.addAll(List.of(ev(2, 82, 1), ev(2.5, 81, 1), ev(40, 82, 1), ev(1, 82, 5), ev(31, 82, 7), ev(45, 45, 2)));
        events.sort(java.util.Comparator.comparingLong(IntersectionEvent::ts));
        List<IntersectionEvent> rest = List.of(ev(40.5, 81, 1), ev(50, 81, 5), ev(55, 21, 2), ev(60, 1, 2), ev(70, 82, 1));
        SignalTracker original = new SignalTracker(X, "sai-gon", config(), Duration.ofMinutes(15).toMillis());
        Collect before = new Collect();
        for (IntersectionEvent e : events) original.accept(e, before);

        var serializer = org.apache.flink.api.common.typeinfo.TypeInformation.of(SignalTracker.class)
                .createSerializer(new org.apache.flink.api.common.ExecutionConfig().getSerializerConfig());
        var bytes = new org.apache.flink.core.memory.DataOutputSerializer(256);
        serializer.serialize(original, bytes);
        SignalTracker restored = serializer.deserialize(new org.apache.flink.core.memory.DataInputDeserializer(
                bytes.getCopyOfBuffer())).configure(config());

        Collect fromOriginal = new Collect();
        Collect fromRestored = new Collect();
        for (IntersectionEvent e : rest) {
            original.accept(e, fromOriginal);
            restored.accept(e, fromRestored);
        }
        original.advanceTo(T0 + Duration.ofMinutes(15).toMillis(), fromOriginal);
        restored.advanceTo(T0 + Duration.ofMinutes(15).toMillis(), fromRestored);
        assertEquals(1, fromOriginal.cycles.size());
        assertEquals(1, fromOriginal.bins.size());
        assertEquals(fromOriginal.cycles, fromRestored.cycles);
        assertEquals(fromOriginal.bins, fromRestored.bins);
    }
}
