package org.iocity.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.iocity.model.records.Json;
import org.iocity.model.records.SignalEvent;
import org.iocity.model.registry.Registry;

/**
 * One actuated-coordinated signal controller, framework-free and seeded: it runs an intersection's NEMA phases and
 * logs what a real controller logs, as Indiana hi-res events.
 *
 * <p>The cycle: the coordinated phases 2/6 are forced off at each cycle boundary (aligned to the plan's offset from local
 * midnight), then the cross street 4/8 and the protected lefts 1/5 (if the intersection has them) are served in turn,
 * each up to its split and ending early by gap-out when its queue is gone, and the coordinated phases take the rest
 * until the next boundary. A phase with neither a waiting vehicle nor a pedestrian call is skipped. Phases of one group
 * (2+6, 4+8, 1+5) run together and never overlap another group: a group starts only after every phase of the group
 * before has ended its red clearance (the barrier).
 *
 * <p>Events: 1 begin green, 4 gap-out / 5 max-out / 6 force-off then 7 green termination, 8 begin yellow (3 s), 9 end
 * yellow and 10 begin red clearance (2 s), 11 end red clearance; 21 walk, 22 pedestrian clearance, 23 don't walk;
 * 45 pedestrian call with 90/89 button on/off; 82/81 detector on/off for each vehicle on the advance and the stop-bar
 * detector; 131 coordination pattern change when a new plan takes over. Vehicles arrive per phase as a Poisson
 * stream whose rate follows {@link DailyProfile}, 80% motorbikes (short pulses), cross the advance detector, reach the
 * stop bar a few seconds later, and queue at red; a queue leaves at one vehicle per 1.2 s.
 */
public final class SignalController {
    static final long YELLOW_MS = 3_000;
    static final long RED_CLEARANCE_MS = 2_000;
    static final long WALK_MS = 7_000;
    static final long PED_CLEARANCE_MS = 10_000;
    static final long MIN_GREEN_MS = 7_000;
    static final long MIN_COORD_GREEN_MS = 20_000;
    static final long PASSAGE_MS = 3_000;
    static final long HEADWAY_MS = 1_200;
    static final long TRAVEL_TO_STOPBAR_MS = 6_000;
    /**
     * Vehicles per hour per phase at the weekday evening peak (main street, cross street, protected left), mostly
     * motorbikes, which stream over the detectors far more densely than cars; a queue leaves at 3,000 an hour.
     */
    static final double MAIN_VPH = 2000;
    static final double CROSS_VPH = 1600;
    static final double LEFT_VPH = 300;
    static final double PEDESTRIANS_PER_HOUR = 40;

    static final int BEGIN_GREEN = 1, GAP_OUT = 4, MAX_OUT = 5, FORCE_OFF = 6, GREEN_TERMINATION = 7, BEGIN_YELLOW = 8,
            END_YELLOW = 9, BEGIN_RED_CLEARANCE = 10, END_RED_CLEARANCE = 11, BEGIN_WALK = 21, BEGIN_PED_CLEARANCE = 22,
            BEGIN_DONT_WALK = 23, PED_CALL = 45, DETECTOR_OFF = 81, DETECTOR_ON = 82, PED_DETECTOR_OFF = 89,
            PED_DETECTOR_ON = 90, PATTERN_CHANGE = 131;

    /**
     * A timing plan as the dashboard sends it on {@code ioc/v1/signal/{id}/plan/set}.
     *
     * @param splits seconds per phase (green + yellow + red clearance)
     */
    public record Plan(int planNumber, int cycleSec, int offsetSec, Map<Integer, Integer> splits, Instant effectiveAt) {
        public Plan {
            if (planNumber < 1 || planNumber > 255) throw new IllegalArgumentException("planNumber must be 1..255, was " + planNumber);
            if (cycleSec < 20 || cycleSec > 300) throw new IllegalArgumentException("cycleSec must be 20..300, was " + cycleSec);
            if (offsetSec < 0 || offsetSec >= cycleSec) throw new IllegalArgumentException("offsetSec must be 0..cycleSec-1, was " + offsetSec);
            splits = Map.copyOf(splits);
        }

        /** The controller's own plan 1: 100 s (120 s with protected lefts), the main street gets most of it. */
        public static Plan standard(List<Integer> phases, int offsetSec) {
            boolean lefts = phases.contains(1) || phases.contains(5);
            Map<Integer, Integer> splits = new TreeMap<>(lefts ? Map.of(1, 15, 5, 15, 2, 55, 6, 55, 4, 50, 8, 50)
                    : Map.of(2, 55, 6, 55, 4, 45, 8, 45));
            int cycle = lefts ? 120 : 100;
            return new Plan(1, cycle, Math.floorMod(offsetSec, cycle), splits, Instant.EPOCH);
        }

        /** Reads the plan JSON of dashboard-api's {@code TimingPlan}; throws {@link IllegalArgumentException} naming the fault. */
        public static Plan parse(byte[] json) {
            JsonNode root;
            try {
                root = Json.mapper().readTree(json);
            } catch (IOException e) {
                throw new IllegalArgumentException("a plan must be JSON: " + SimulatorMain.oneLine(e.getMessage()));
            }
            if (root == null || !root.isObject()) throw new IllegalArgumentException("a plan must be a JSON object");
            Map<Integer, Integer> splits = new TreeMap<>();
            JsonNode s = root.path("splits");
            if (!s.isArray() || s.isEmpty()) throw new IllegalArgumentException("a plan needs splits [{phase, seconds}]");
            for (JsonNode split : s) {
                int phase = split.path("phase").asInt(-1);
                int seconds = split.path("seconds").asInt(-1);
                if (phase < 1 || phase > 16 || seconds < 3) throw new IllegalArgumentException("bad split " + split);
                splits.put(phase, seconds);
            }
            Instant at;
            try {
                at = OffsetDateTime.parse(root.path("effectiveAt").asText()).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("effectiveAt must be ISO-8601 with offset, was " + root.path("effectiveAt"));
            }
            return new Plan(root.path("planNumber").asInt(-1), root.path("cycleSec").asInt(-1), root.path("offsetSec").asInt(-1),
                    splits, at);
        }
    }

    private record Ev(long ts, long order, int code, int param) {}

    private record Vehicle(long atStopBar, long occupancyMs) {}

    /** What a phase carries from cycle to cycle. */
    private static final class Phase {
        final int number;
        final Integer advance;
        final Integer stopbar;
        final Integer pedButton;
        final double peakVph;
        final Deque<Vehicle> queue = new ArrayDeque<>();
        final List<Long> pedCalls = new ArrayList<>();
        long lastStopbarOff;
        boolean headOn;
        long lastAdvanceOff;

        Phase(int number, Registry.Intersection x) {
            this.number = number;
            this.advance = channel(x, number, "advance");
            this.stopbar = channel(x, number, "stopbar");
            this.pedButton = channel(x, number, "pedestrian");
            this.peakVph = number == 2 || number == 6 ? MAIN_VPH : number == 4 || number == 8 ? CROSS_VPH : LEFT_VPH;
        }

        private static Integer channel(Registry.Intersection x, int phase, String function) {
            return x.detectors(function).stream().filter(d -> d.phase() == phase).map(Registry.Detector::channel).findFirst().orElse(null);
        }
    }

    private final String deviceId;
    private final long seed;
    private final Map<Integer, Phase> phases = new LinkedHashMap<>();
    private final List<List<Integer>> nonCoordGroups = new ArrayList<>();
    private final List<Integer> coord = new ArrayList<>();
    private final PriorityQueue<Ev> buffer = new PriorityQueue<>((a, b) -> a.ts != b.ts ? Long.compare(a.ts, b.ts) : Long.compare(a.order, b.order));
    private long order;
    private Plan plan;
    private Plan pending;
    /** Start of the next cycle not yet worked out; every event before it is final. */
    private long boundary;

    /**
     * @param start when the controller starts: the coordinated phases turn green then
     */
    public SignalController(Registry.Intersection intersection, String deviceId, long seed, Plan plan, Instant start) {
        this.deviceId = deviceId;
        this.seed = seed;
        for (int p : intersection.phases()) phases.put(p, new Phase(p, intersection));
        for (int p : List.of(2, 6)) if (phases.containsKey(p)) coord.add(p);
        if (coord.isEmpty()) throw new IllegalArgumentException("intersection " + intersection.id() + " has no main-street phase 2 or 6");
        for (List<Integer> g : List.of(List.of(4, 8), List.of(1, 5))) {
            List<Integer> present = g.stream().filter(phases::containsKey).toList();
            if (!present.isEmpty()) nonCoordGroups.add(present);
        }
        this.plan = plan;
        long s = start.toEpochMilli();
        boundary = aligned(plan, s + MIN_COORD_GREEN_MS);
        arrivals(s, boundary, s / 1000);
        coordinatedGreen(s, boundary);
    }

    /** A controller for a smart intersection with the {@link Plan#standard standard} plan and a seeded offset. */
    public static SignalController of(Registry.Intersection x, String deviceId, long seed, Instant start) {
        int offset = SeededRandom.of(seed, deviceId, 0, 1).nextInt(300);
        return new SignalController(x, deviceId, seed, Plan.standard(x.phases(), offset), start);
    }

    public String deviceId() {
        return deviceId;
    }

    public Plan plan() {
        return plan;
    }

    /** The plan waiting for its cycle boundary; null when none. */
    public synchronized Plan nextPlan() {
        return pending;
    }

    /** Takes a new plan; it runs from the first cycle boundary at or after its {@code effectiveAt}. */
    public synchronized void setPlan(Plan next) {
        this.pending = next;
    }

    /** Every event before {@code t}, in time order; each event is returned once. */
    public synchronized List<SignalEvent> advanceTo(Instant t) {
        long until = t.toEpochMilli();
        while (boundary <= until) runCycle();
        List<SignalEvent> out = new ArrayList<>();
        while (!buffer.isEmpty() && buffer.peek().ts < until) {
            Ev e = buffer.poll();
            out.add(new SignalEvent(Instant.ofEpochMilli(e.ts), e.code, e.param));
        }
        return out;
    }

    /** The cycle from {@code boundary} to the next one. */
    private void runCycle() {
        long t0 = boundary;
        long next = t0 + plan.cycleSec() * 1000L;
        if (pending != null && pending.effectiveAt().toEpochMilli() <= t0) {
            plan = pending;
            pending = null;
            add(t0, PATTERN_CHANGE, plan.planNumber());
            next = aligned(plan, t0 + MIN_COORD_GREEN_MS + YELLOW_MS + RED_CLEARANCE_MS + nonCoordSplitsMs());
        }
        arrivals(t0, next, t0 / 1000);
        for (int p : coord) terminate(p, t0, FORCE_OFF);
        long t = t0 + YELLOW_MS + RED_CLEARANCE_MS;
        long budget = next - t - MIN_COORD_GREEN_MS;
        for (List<Integer> group : nonCoordGroups) {
            long groupEnd = t;
            for (int p : group) {
                Phase ph = phases.get(p);
                boolean ped = pedCalled(ph, t);
                boolean called = ped || !ph.queue.isEmpty() && ph.queue.peekFirst().atStopBar() <= t;
                long split = plan.splits().getOrDefault(p, 0) * 1000L;
                long maxGreen = Math.min(split, budget) - YELLOW_MS - RED_CLEARANCE_MS;
                long minGreen = ped ? Math.max(MIN_GREEN_MS, WALK_MS + PED_CLEARANCE_MS) : MIN_GREEN_MS;
                if (!called || maxGreen < minGreen) continue;
                add(t, BEGIN_GREEN, p);
                walk(ph, t);
                long[] end = serve(ph, t, t + minGreen, t + maxGreen, false);
                terminate(p, end[0], (int) end[1]);
                groupEnd = Math.max(groupEnd, end[0] + YELLOW_MS + RED_CLEARANCE_MS);
            }
            budget -= groupEnd - t;
            t = groupEnd;
        }
        coordinatedGreen(t, next);
        boundary = next;
    }

    /** The main street's green from {@code start} until the force-off at {@code end}, with a walk if one was called. */
    private void coordinatedGreen(long start, long end) {
        for (int p : coord) add(start, BEGIN_GREEN, p);
        for (int p : coord) {
            walk(phases.get(p), start);
            serve(phases.get(p), start, end, end, true);
        }
        for (Phase ph : phases.values()) headOnDetector(ph);
    }

    private long nonCoordSplitsMs() {
        long sum = 0;
        for (List<Integer> g : nonCoordGroups) sum += g.stream().mapToLong(p -> plan.splits().getOrDefault(p, 0) * 1000L).max().orElse(0);
        return sum;
    }

    /** Vehicles and pedestrians arriving in [from, to): advance-detector pulses now, stop-bar arrivals queued. */
    private void arrivals(long from, long to, long cycleIndex) {
        double level = DailyProfile.level(ZonedDateTime.ofInstant(Instant.ofEpochMilli(from), CityTrafficModel.ZONE),
                DailyProfile.Direction.UNKNOWN);
        for (Phase ph : phases.values()) {
            SplittableRandom r = SeededRandom.of(seed, deviceId + "/" + ph.number, cycleIndex, 7);
            double perMs = ph.peakVph * level / 3_600_000.0;
            long t = from;
            while (true) {
                t += Math.max(1, (long) (-Math.log(1 - r.nextDouble()) / perMs));
                if (t >= to) break;
                double u = r.nextDouble();
                long occ = u < 0.80 ? 250 : u < 0.95 ? 500 : 900;
                long on = Math.max(t, ph.lastAdvanceOff + 100);
                if (ph.advance != null) {
                    add(on, DETECTOR_ON, ph.advance);
                    add(on + occ, DETECTOR_OFF, ph.advance);
                }
                ph.lastAdvanceOff = on + occ;
                ph.queue.addLast(new Vehicle(on + TRAVEL_TO_STOPBAR_MS, occ));
            }
            if (ph.pedButton == null) continue;
            double pedPerMs = PEDESTRIANS_PER_HOUR * Math.max(0.2, level) / 3_600_000.0;
            t = from;
            while (true) {
                t += Math.max(1, (long) (-Math.log(1 - r.nextDouble()) / pedPerMs));
                if (t >= to) break;
                add(t, PED_DETECTOR_ON, ph.pedButton);
                add(t + 300, PED_DETECTOR_OFF, ph.pedButton);
                if (ph.pedCalls.isEmpty()) add(t, PED_CALL, ph.number);
                ph.pedCalls.add(t);
            }
        }
    }

    private static boolean pedCalled(Phase ph, long t) {
        return !ph.pedCalls.isEmpty() && ph.pedCalls.get(0) <= t;
    }

    /** Walk, clearance, don't walk from green start {@code g} when a call waits; clears the calls it serves. */
    private boolean walk(Phase ph, long g) {
        if (!pedCalled(ph, g)) return false;
        add(g, BEGIN_WALK, ph.number);
        add(g + WALK_MS, BEGIN_PED_CLEARANCE, ph.number);
        add(g + WALK_MS + PED_CLEARANCE_MS, BEGIN_DONT_WALK, ph.number);
        ph.pedCalls.removeIf(c -> c <= g);
        // a push after the green began is a new call for the next green
        if (!ph.pedCalls.isEmpty()) add(ph.pedCalls.get(0), PED_CALL, ph.number);
        return true;
    }

    /**
     * Lets the queue go from green start {@code g}: a vehicle leaves at its arrival or 1.2 s after the one before.
     * An actuated phase gaps out {@link #PASSAGE_MS} after the last vehicle (not before {@code minEnd}) and maxes out at
     * {@code maxEnd}; a coordinated one serves until {@code maxEnd}.
     *
     * @return {end of green, termination code}
     */
    private long[] serve(Phase ph, long g, long minEnd, long maxEnd, boolean coordinated) {
        long prev = Long.MIN_VALUE / 2;
        long lastActuation = g;
        while (!ph.queue.isEmpty()) {
            Vehicle v = ph.queue.peekFirst();
            long d = Math.max(Math.max(v.atStopBar(), g), prev + HEADWAY_MS);
            long gapEnd = Math.max(minEnd, lastActuation + PASSAGE_MS);
            if (d >= maxEnd) break;
            if (!coordinated && d > gapEnd) return new long[] {gapEnd, GAP_OUT};
            ph.queue.pollFirst();
            if (ph.stopbar != null) {
                long on = Math.max(v.atStopBar(), ph.lastStopbarOff);
                boolean continuous = ph.headOn || on == ph.lastStopbarOff;
                if (!continuous) add(on, DETECTOR_ON, ph.stopbar);
                else if (!ph.headOn) removeLastOff(ph);
                ph.headOn = false;
                add(d + v.occupancyMs(), DETECTOR_OFF, ph.stopbar);
                ph.lastStopbarOff = d + v.occupancyMs();
            }
            prev = d;
            lastActuation = d;
        }
        if (coordinated) return new long[] {maxEnd, FORCE_OFF};
        long gapEnd = Math.max(minEnd, lastActuation + PASSAGE_MS);
        return gapEnd < maxEnd ? new long[] {gapEnd, GAP_OUT} : new long[] {maxEnd, MAX_OUT};
    }

    /** Two vehicles back to back keep the stop-bar detector on: the off of the first is dropped. */
    private void removeLastOff(Phase ph) {
        long ts = ph.lastStopbarOff;
        buffer.removeIf(e -> e.ts == ts && e.code == DETECTOR_OFF && e.param == ph.stopbar);
    }

    /** The first waiting vehicle sits on the stop-bar detector from its arrival. */
    private void headOnDetector(Phase ph) {
        if (ph.stopbar == null || ph.headOn || ph.queue.isEmpty()) return;
        long on = Math.max(ph.queue.peekFirst().atStopBar(), ph.lastStopbarOff);
        if (on == ph.lastStopbarOff) removeLastOff(ph);
        else add(on, DETECTOR_ON, ph.stopbar);
        ph.headOn = true;
    }

    private void terminate(int phase, long end, int reason) {
        add(end, reason, phase);
        add(end, GREEN_TERMINATION, phase);
        add(end, BEGIN_YELLOW, phase);
        add(end + YELLOW_MS, END_YELLOW, phase);
        add(end + YELLOW_MS, BEGIN_RED_CLEARANCE, phase);
        add(end + YELLOW_MS + RED_CLEARANCE_MS, END_RED_CLEARANCE, phase);
    }

    private void add(long ts, int code, int param) {
        buffer.add(new Ev(ts, order++, code, param));
    }

    /** The first cycle boundary at or after {@code atLeast}: offset seconds past local midnight plus whole cycles. */
    static long aligned(Plan plan, long atLeast) {
        ZonedDateTime local = Instant.ofEpochMilli(atLeast).atZone(CityTrafficModel.ZONE);
        long midnight = local.toLocalDate().atStartOfDay(CityTrafficModel.ZONE).toInstant().toEpochMilli();
        long cycle = plan.cycleSec() * 1000L;
        long base = midnight + plan.offsetSec() * 1000L - cycle;
        long n = Math.floorDiv(atLeast - base + cycle - 1, cycle);
        return base + n * cycle;
    }
}
