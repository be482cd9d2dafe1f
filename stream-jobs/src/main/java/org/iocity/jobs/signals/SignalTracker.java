package org.iocity.jobs.signals;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.iocity.model.records.SignalCycle;
import org.iocity.model.records.SignalPerformance;

/**
 * The signal performance of one intersection, fed its hi-res events in time order (no Flink in here, so it is tested
 * by calling it). It follows each phase through green, yellow, red clearance and red, closes a {@link SignalCycle} at
 * each new begin green, and sums 15-minute {@link SignalPerformance} bins, cut where the coordination pattern changes.
 * Definitions follow UDOT ATSPM (see docs/engineers.md, "Signal performance").
 */
public final class SignalTracker implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where the tracker's records go. */
    public interface Emitter {
        void cycle(SignalCycle cycle);

        void bin(SignalPerformance bin);
    }

    public static final double SPLIT_FAILURE_OCCUPANCY = 0.80;
    public static final long RED_OCCUPANCY_WINDOW_MS = 5_000;
    public static final long SHORT_PULSE_MS = 100;
    public static final int CHATTER_ACTUATIONS = 2_000;
    public static final int CHATTER_SHORT_PULSES = 100;

    static final int UNKNOWN = 0, GREEN = 1, YELLOW = 2, RED_CLEARANCE = 3, RED = 4;

    /** A phase as it runs now. */
    public static final class PhaseLive implements Serializable {
        private static final long serialVersionUID = 1L;
        public int state = UNKNOWN;
        public long greenStart = -1, yellowStart = -1, redClearanceStart = -1, redClearanceEnd = -1;
        public String termination = "unknown";
        public int pattern;
        public int arrivalsOnGreen, arrivalsOnRed;
        /** Per stop-bar channel: {occupied ms in green, occupied ms in the first 5 s of red}. */
        public Map<Integer, long[]> occupancy = new HashMap<>();
        public long pedCallAt = -1;
    }

    /** A phase's sums over the current bin. */
    public static final class PhaseBin implements Serializable {
        private static final long serialVersionUID = 1L;
        public int greens, cycles, splitFailures, gapOuts, maxOuts, forceOffs, arrivals, arrivalsOnGreen;
        public long cycleMs, splitMs, greenMs, yellowMs, redClearanceMs;
        public int pedCalls, pedWalks, pedDelays, yellowActuations, redActuations;
        public long pedDelayMs, pedDelayMaxMs;
    }

    /** A detector channel's sums over the current bin. */
    public static final class DetectorBin implements Serializable {
        private static final long serialVersionUID = 1L;
        public int actuations, shortPulses;
        public long onMs;
    }

    public String intersectionId;
    public String ward;
    /** Not part of the state: set again from the job's registry each time the tracker is read. */
    private transient SignalConfig.Intersection config;
    public long binMs;
    public int pattern;

    public long binStart = -1, binEnd = -1;
    public boolean binStartsAtPatternChange;
    public Map<Integer, PhaseBin> phaseBins = new HashMap<>();
    public Map<Integer, DetectorBin> detectorBins = new HashMap<>();

    public Map<Integer, PhaseLive> phases = new HashMap<>();
    public Map<Integer, Long> detectorOnSince = new HashMap<>();

    /** For Flink's POJO serializer (the tracker is keyed state): use the other constructor. */
    public SignalTracker() {}

    public SignalTracker(String intersectionId, String ward, SignalConfig.Intersection config, long binMs) {
        this.intersectionId = intersectionId;
        this.ward = ward;
        this.config = config;
        this.binMs = binMs;
    }

    /** Sets the detector configuration (after the tracker was read back from state). */
    public SignalTracker configure(SignalConfig.Intersection config) {
        this.config = config;
        return this;
    }

    /** End of the bin in progress, or -1 when none is. */
    public long binEnd() {
        return binEnd;
    }

    public int pattern() {
        return pattern;
    }

    /** Takes the next event (events come in time order). */
    public void accept(IntersectionEvent e, Emitter out) {
        if (e.ward() != null) ward = e.ward();
        long t = e.ts();
        if (binStart >= 0 && t >= binEnd) closeBin(binEnd, false, out);
        if (binStart < 0) startBin(align(t), false);
        switch (e.code()) {
            case 1 -> beginGreen(e.param(), t, out);
            case 4 -> terminate(e.param(), "gap-out").gapOuts++;
            case 5 -> terminate(e.param(), "max-out").maxOuts++;
            case 6 -> terminate(e.param(), "force-off").forceOffs++;
            case 8 -> {
                PhaseLive p = live(e.param());
                p.state = YELLOW;
                p.yellowStart = t;
            }
            case 9, 10 -> {
                PhaseLive p = live(e.param());
                if (p.state != RED_CLEARANCE && p.state != RED) {
                    p.state = RED_CLEARANCE;
                    p.redClearanceStart = t;
                }
            }
            case 11 -> {
                PhaseLive p = live(e.param());
                p.state = RED;
                p.redClearanceEnd = t;
            }
            case 21 -> pedWalk(e.param(), t);
            case 45 -> {
                phaseBin(e.param()).pedCalls++;
                PhaseLive p = live(e.param());
                if (p.pedCallAt < 0) p.pedCallAt = t;
            }
            case 81 -> detectorOff(e.param(), t);
            case 82 -> detectorOn(e.param(), t);
            case 90 -> detectorBin(e.param()).actuations++;
            case 131 -> patternChange(e.param(), t, out);
            default -> { } // 7, 22, 23, 102, 105 and others carry nothing these measures use
        }
    }

    /** Event time has passed {@code t} (the watermark): closes the bin in progress if it ended by then. */
    public void advanceTo(long t, Emitter out) {
        if (binStart >= 0 && binEnd <= t) closeBin(binEnd, false, out);
    }

    private long align(long t) {
        return Math.floorDiv(t, binMs) * binMs;
    }

    private void startBin(long start, boolean atPatternChange) {
        binStart = start;
        binEnd = align(start) + binMs;
        binStartsAtPatternChange = atPatternChange;
        phaseBins.clear();
        detectorBins.clear();
    }

    private PhaseLive live(int phase) {
        return phases.computeIfAbsent(phase, k -> new PhaseLive());
    }

    private PhaseBin phaseBin(int phase) {
        return phaseBins.computeIfAbsent(phase, k -> new PhaseBin());
    }

    private DetectorBin detectorBin(int channel) {
        return detectorBins.computeIfAbsent(channel, k -> new DetectorBin());
    }

    private PhaseBin terminate(int phase, String how) {
        live(phase).termination = how;
        return phaseBin(phase);
    }

    private void beginGreen(int phase, long t, Emitter out) {
        PhaseLive p = live(phase);
        if (p.greenStart >= 0) closeCycle(phase, p, t, out);
        p.state = GREEN;
        p.greenStart = t;
        p.yellowStart = p.redClearanceStart = p.redClearanceEnd = -1;
        p.termination = "unknown";
        p.pattern = pattern;
        p.arrivalsOnGreen = p.arrivalsOnRed = 0;
        p.occupancy.clear();
        phaseBin(phase).greens++;
    }

    private void closeCycle(int phase, PhaseLive p, long end, Emitter out) {
        for (Map.Entry<Integer, Long> on : detectorOnSince.entrySet()) {
            SignalConfig.Detector d = config.detectors().get(on.getKey());
            if (d != null && d.phase() == phase && SignalConfig.Detector.STOPBAR.equals(d.function())) {
                addOccupancy(p, on.getKey(), on.getValue(), end);
            }
        }
        long yellowAt = p.yellowStart >= 0 ? p.yellowStart : end;
        long green = yellowAt - p.greenStart;
        long rcStart = p.redClearanceStart >= 0 ? p.redClearanceStart : -1;
        long yellow = p.yellowStart >= 0 ? (rcStart >= 0 ? rcStart : end) - p.yellowStart : 0;
        long rc = rcStart >= 0 ? (p.redClearanceEnd >= 0 ? p.redClearanceEnd : end) - rcStart : 0;
        long cycle = end - p.greenStart;
        long red = Math.max(0, cycle - green - yellow - rc);
        double gor = 0, ror5 = 0;
        long redWindow = rcStart >= 0 ? Math.min(RED_OCCUPANCY_WINDOW_MS, end - rcStart) : 0;
        for (long[] occ : p.occupancy.values()) {
            if (green > 0) gor = Math.max(gor, (double) occ[0] / green);
            if (redWindow > 0) ror5 = Math.max(ror5, (double) occ[1] / redWindow);
        }
        boolean failure = gor >= SPLIT_FAILURE_OCCUPANCY && ror5 >= SPLIT_FAILURE_OCCUPANCY;
        out.cycle(new SignalCycle(SignalCycle.KIND, intersectionId, ward, phase, p.pattern, Instant.ofEpochMilli(p.greenStart),
                Instant.ofEpochMilli(end), s(green), s(yellow), s(rc), s(red), s(green + yellow + rc), s(cycle), p.termination,
                p.arrivalsOnGreen, p.arrivalsOnRed, round(gor, 3), round(ror5, 3), failure));
        PhaseBin b = phaseBin(phase);
        b.cycles++;
        b.cycleMs += cycle;
        b.splitMs += green + yellow + rc;
        b.greenMs += green;
        b.yellowMs += yellow;
        b.redClearanceMs += rc;
        if (failure) b.splitFailures++;
    }

    private void addOccupancy(PhaseLive p, int channel, long from, long to) {
        if (p.greenStart < 0) return;
        long[] occ = p.occupancy.computeIfAbsent(channel, k -> new long[2]);
        occ[0] += overlap(from, to, p.greenStart, p.yellowStart >= 0 ? p.yellowStart : Long.MAX_VALUE);
        if (p.redClearanceStart >= 0) {
            occ[1] += overlap(from, to, p.redClearanceStart, p.redClearanceStart + RED_OCCUPANCY_WINDOW_MS);
        }
    }

    static long overlap(long a0, long a1, long b0, long b1) {
        return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
    }

    private void pedWalk(int phase, long t) {
        PhaseLive p = live(phase);
        PhaseBin b = phaseBin(phase);
        b.pedWalks++;
        if (p.pedCallAt >= 0) {
            long delay = t - p.pedCallAt;
            b.pedDelays++;
            b.pedDelayMs += delay;
            b.pedDelayMaxMs = Math.max(b.pedDelayMaxMs, delay);
            p.pedCallAt = -1;
        }
    }

    private void detectorOn(int channel, long t) {
        detectorBin(channel).actuations++;
        detectorOnSince.putIfAbsent(channel, t);
        SignalConfig.Detector d = config.detectors().get(channel);
        if (d == null) return;
        PhaseLive p = live(d.phase());
        if (SignalConfig.Detector.ADVANCE.equals(d.function())) {
            PhaseBin b = phaseBin(d.phase());
            b.arrivals++;
            if (p.state == GREEN) {
                b.arrivalsOnGreen++;
                p.arrivalsOnGreen++;
            } else if (p.greenStart >= 0) {
                p.arrivalsOnRed++;
            }
        } else if (SignalConfig.Detector.STOPBAR.equals(d.function())) {
            if (p.state == YELLOW) phaseBin(d.phase()).yellowActuations++;
            else if (p.state == RED_CLEARANCE || p.state == RED) phaseBin(d.phase()).redActuations++;
        }
    }

    private void detectorOff(int channel, long t) {
        Long on = detectorOnSince.remove(channel);
        if (on == null) return;
        DetectorBin db = detectorBin(channel);
        if (t - on < SHORT_PULSE_MS) db.shortPulses++;
        db.onMs += t - Math.max(on, binStart);
        SignalConfig.Detector d = config.detectors().get(channel);
        if (d != null && SignalConfig.Detector.STOPBAR.equals(d.function())) addOccupancy(live(d.phase()), channel, on, t);
    }

    private void patternChange(int newPattern, long t, Emitter out) {
        if (newPattern == pattern) return;
        if (t > binStart) {
            long end = binEnd;
            closeBin(t, true, out);
            binStart = t;
            binEnd = end;
            binStartsAtPatternChange = true;
        } else {
            binStartsAtPatternChange = true;
        }
        pattern = newPattern;
    }

    private void closeBin(long end, boolean atPatternChange, Emitter out) {
        TreeSet<Integer> phaseIds = new TreeSet<>(config.phases());
        phaseIds.addAll(phaseBins.keySet());
        phaseIds.remove(0);
        int mostCycles = phaseBins.values().stream().mapToInt(b -> b.cycles).max().orElse(0);
        List<SignalPerformance.Phase> phaseList = new ArrayList<>();
        for (int id : phaseIds) {
            PhaseBin b = phaseBins.getOrDefault(id, new PhaseBin());
            double aog = b.arrivals > 0 ? (double) b.arrivalsOnGreen / b.arrivals : 0;
            double greenShare = b.cycleMs > 0 ? (double) b.greenMs / b.cycleMs : 0;
            phaseList.add(new SignalPerformance.Phase(id, b.cycles, b.cycles > 0 ? s(b.cycleMs / b.cycles) : 0,
                    b.cycles > 0 ? s(b.splitMs / b.cycles) : 0, s(b.greenMs), s(b.yellowMs), s(b.redClearanceMs),
                    b.arrivals, b.arrivalsOnGreen, round(100 * aog, 1), greenShare > 0 ? round(aog / greenShare, 3) : 0,
                    b.splitFailures, b.gapOuts, b.maxOuts, b.forceOffs,
                    config.phases().contains(id) ? Math.max(0, mostCycles - b.cycles) : 0,
                    b.pedCalls, b.pedWalks, b.pedDelays > 0 ? round(b.pedDelayMs / 1000.0 / b.pedDelays, 1) : 0,
                    s(b.pedDelayMaxMs), b.yellowActuations, b.redActuations));
        }
        TreeSet<Integer> channels = new TreeSet<>(config.detectors().keySet());
        channels.addAll(detectorBins.keySet());
        List<SignalPerformance.DetectorHealth> detectorList = new ArrayList<>();
        for (int ch : channels) {
            DetectorBin b = detectorBins.getOrDefault(ch, new DetectorBin());
            Long on = detectorOnSince.get(ch);
            long onMs = b.onMs + (on != null ? end - Math.max(on, binStart) : 0);
            SignalConfig.Detector d = config.detectors().get(ch);
            boolean served = d != null && phaseBins.containsKey(d.phase()) && phaseBins.get(d.phase()).greens > 0;
            String status;
            if (b.actuations > CHATTER_ACTUATIONS || b.shortPulses >= CHATTER_SHORT_PULSES) status = "chatter";
            else if (on != null && on <= binStart) status = "stuck-on";
            else if (b.actuations == 0 && served) status = "no-activity";
            else status = "ok";
            detectorList.add(new SignalPerformance.DetectorHealth(ch, d == null ? 0 : d.phase(),
                    d == null ? "unknown" : d.function(), b.actuations, s(onMs), b.shortPulses, status));
        }
        out.bin(new SignalPerformance(SignalPerformance.KIND, intersectionId, ward, Instant.ofEpochMilli(binStart),
                Instant.ofEpochMilli(end), pattern, binStartsAtPatternChange || atPatternChange, phaseList, detectorList));
        binStart = -1;
        binEnd = -1;
        phaseBins.clear();
        detectorBins.clear();
    }

    private static double s(long ms) {
        return ms / 1000.0;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
