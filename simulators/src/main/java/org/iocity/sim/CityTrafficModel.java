package org.iocity.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.records.VehicleCounts;
import org.iocity.model.registry.Registry;

/**
 * Believable, reproducible traffic on the city's road segments; no framework, no clock, no I/O.
 *
 * <p>For a segment and a time, demand (in passenger-car units per hour) is the segment's peak load times its capacity
 * times the {@link DailyProfile} in local time (Asia/Ho_Chi_Minh), a day-to-day factor and a slowly varying noise.
 * Speed falls as demand approaches and passes capacity along a BPR-style curve,
 * {@code speed = freeFlow * friction / (1 + ALPHA * (v/c)^BETA)}, where {@code friction} is the daytime slow-down
 * from street activity. Flow through the camera is the demand, or less than capacity once queues form; occupancy
 * follows density (flow / speed). Counts are Poisson and split by vehicle class, motorbikes first (about 80%).
 *
 * <p>A few segments (chosen from the seed) carry more demand than they can take at the peaks: the wall shows them
 * at level of service E or F at rush hour. Optional incidents cut a segment's capacity for tens of minutes.
 *
 * <p>Every number depends only on (seed, segment, time): the same question gets the same answer in any order.
 */
public final class CityTrafficModel implements CameraMessageFactory.TrafficSource {
    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    /** BPR-style curve; ALPHA is larger than the freeway 0.15 because delay at signals dominates city streets. */
    static final double ALPHA = 1.0;
    static final double BETA = 4.0;
    /** Effective capacity of one lane of a signalised street, passenger-car units per hour. */
    static final double LANE_CAPACITY_PCU_H = 1000;
    /** Density at which the detection zone is always occupied, PCU per km per lane (motorbikes pack tightly). */
    static final double JAM_DENSITY_PCU_KM_LANE = 140;
    static final double MIN_SPEED_KMH = 3;
    /** Share of segments that are over capacity at the peaks. */
    static final double CHRONIC_SHARE = 0.15;
    /** Largest share of the free-flow speed lost to daytime street activity (vendors, parking, pedestrians). */
    static final double MAX_FRICTION = 0.18;

    /** Classes in the order of {@link VehicleCounts}: motorbike, car, bus, truck, bicycle. */
    static final double[] PCU = {0.3, 1.0, 2.5, 2.0, 0.2};
    /** Daytime: trucks are banned from the inner city at peak hours, buses run. */
    static final double[] DAY_SHARES = {0.800, 0.135, 0.015, 0.012, 0.038};
    /** Night (22:00–05:00): trucks are allowed in, few buses and bicycles. */
    static final double[] NIGHT_SHARES = {0.770, 0.140, 0.005, 0.060, 0.025};

    private static final int P_PEAK_LOAD = 1;
    private static final int P_CHRONIC = 2;
    private static final int P_DAY = 3;
    private static final int P_SLOW = 4;
    private static final int P_INTERVAL = 5;
    private static final int P_INCIDENT = 6;
    private static final long SLOW_SLOT_SEC = 300;

    /** The traffic of one segment over one interval, as a camera would count it. */
    public record TrafficReading(String segmentId, Instant intervalEnd, int intervalSec, long intensity,
                                 VehicleCounts byClass, double averageSpeedKmh, double occupancy,
                                 double volumeToCapacity, boolean incident) {}

    /** A segment's capacity cut to {@code capacityFactor} from {@code start} for {@code duration}. */
    public record Incident(String segmentId, Instant start, Duration duration, double capacityFactor) {
        public Incident {
            if (!(capacityFactor > 0 && capacityFactor <= 1)) {
                throw new IllegalArgumentException("capacityFactor must be in (0, 1], was " + capacityFactor);
            }
            if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("duration must be positive");
        }

        public boolean activeAt(Instant t) {
            return !t.isBefore(start) && t.isBefore(start.plus(duration));
        }
    }

    /** What the model knows of a segment, fixed for a seed. */
    record SegmentProfile(Registry.Segment segment, int lanes, double capacityPcuH, double peakLoad, boolean chronic,
                          DailyProfile.Direction direction) {}

    private final long seed;
    private final double incidentsPerSegmentHour;
    private final Map<String, SegmentProfile> profiles;
    private final List<Incident> incidents = new CopyOnWriteArrayList<>();
    private volatile java.util.function.ToDoubleFunction<Instant> rainMmPerHour = t -> 0;

    /**
     * @param incidentsPerSegmentHour chance that an incident starts on a segment in a given hour; 0 for none
     */
    public CityTrafficModel(Collection<Registry.Segment> segments, long seed, double incidentsPerSegmentHour) {
        if (!(incidentsPerSegmentHour >= 0 && incidentsPerSegmentHour <= 1)) {
            throw new IllegalArgumentException("incidents per segment-hour must be in 0..1, was " + incidentsPerSegmentHour);
        }
        this.seed = seed;
        this.incidentsPerSegmentHour = incidentsPerSegmentHour;
        List<Registry.Segment> sorted = new ArrayList<>(segments);
        sorted.sort(Comparator.comparing(Registry.Segment::id));
        Set<String> chronic = pickChronic(sorted, seed);
        Map<String, SegmentProfile> p = new LinkedHashMap<>();
        for (Registry.Segment s : sorted) {
            boolean isChronic = chronic.contains(s.id());
            double u = SeededRandom.of(seed, s.id(), 0, P_PEAK_LOAD).nextDouble();
            double peakLoad = isChronic ? 1.30 + 0.20 * u : 0.70 + 0.25 * u;
            int lanes = lanes(s.freeFlowKmh());
            p.put(s.id(), new SegmentProfile(s, lanes, lanes * LANE_CAPACITY_PCU_H, peakLoad, isChronic,
                    DailyProfile.Direction.ofName(s.name())));
        }
        this.profiles = Map.copyOf(p);
        // downstream neighbours: segments that start where a segment ends (not the way back)
        Map<List<Double>, List<String>> byStart = new LinkedHashMap<>();
        for (Registry.Segment s : sorted) {
            if (s.coordinates() == null || s.coordinates().isEmpty()) continue;
            byStart.computeIfAbsent(s.coordinates().get(0), k -> new ArrayList<>()).add(s.id());
        }
        Map<String, List<String>> down = new LinkedHashMap<>();
        for (Registry.Segment s : sorted) {
            if (s.coordinates() == null || s.coordinates().size() < 2) continue;
            List<Double> first = s.coordinates().get(0);
            List<String> next = new ArrayList<>();
            for (String id : byStart.getOrDefault(s.coordinates().get(s.coordinates().size() - 1), List.of())) {
                List<List<Double>> c = p.get(id).segment().coordinates();
                if (!c.get(c.size() - 1).equals(first)) next.add(id);
            }
            if (!next.isEmpty()) down.put(s.id(), List.copyOf(next));
        }
        this.downstream = Map.copyOf(down);
    }

    /** Minutes after an incident starts until its queue reaches the segments feeding it. */
    static final long SPILLBACK_MINUTES = 10;
    private final Map<String, List<String>> downstream;

    /** A model of every segment of the registry, without random incidents. */
    public static CityTrafficModel of(Registry registry, long seed) {
        return new CityTrafficModel(registry.segments(), seed, 0);
    }

    private static Set<String> pickChronic(List<Registry.Segment> sorted, long seed) {
        if (sorted.isEmpty()) return Set.of();
        int n = Math.max(1, (int) Math.round(sorted.size() * CHRONIC_SHARE));
        List<Registry.Segment> ranked = new ArrayList<>(sorted);
        ranked.sort(Comparator.comparingDouble(s -> SeededRandom.of(seed, s.id(), 0, P_CHRONIC).nextDouble()));
        Set<String> ids = new TreeSet<>();
        for (int i = 0; i < n; i++) ids.add(ranked.get(i).id());
        return Set.copyOf(ids);
    }

    /** Lanes per direction, from the street's free-flow speed: wider streets are faster. */
    static int lanes(double freeFlowKmh) {
        if (freeFlowKmh <= 35) return 2;
        if (freeFlowKmh <= 45) return 3;
        if (freeFlowKmh <= 50) return 4;
        return 5;
    }

    public long seed() {
        return seed;
    }

    /** The segments that are over capacity at the peaks, for this seed. */
    public Set<String> chronicallyCongested() {
        Set<String> ids = new TreeSet<>();
        profiles.values().stream().filter(SegmentProfile::chronic).forEach(p -> ids.add(p.segment().id()));
        return ids;
    }

    /**
     * Rain (mm/h at a time, e.g. {@link EnvironmentModel#rainAt}) slows traffic: up to 20% off the free-flow speed and
     * 25% off capacity in a downpour (motorbike riders stop for raincoats, streets flood).
     */
    public CityTrafficModel withRain(java.util.function.ToDoubleFunction<Instant> mmPerHour) {
        this.rainMmPerHour = java.util.Objects.requireNonNull(mmPerHour);
        return this;
    }

    /** Adds an incident by hand (an operator exercise, a test). */
    public void addIncident(Incident incident) {
        requireProfile(incident.segmentId());
        incidents.add(incident);
    }

    /**
     * What holds a segment back at {@code t}: its own incident, or else the queue of an incident on a segment it feeds,
     * which spills back {@link #SPILLBACK_MINUTES} after that incident started and takes a smaller share of capacity.
     */
    public Optional<Incident> incidentOrSpillbackAt(String segmentId, Instant t) {
        Optional<Incident> own = incidentAt(segmentId, t);
        if (own.isPresent()) return own;
        for (String next : downstream.getOrDefault(segmentId, List.of())) {
            Optional<Incident> ahead = incidentAt(next, t);
            if (ahead.isPresent() && !t.isBefore(ahead.get().start().plus(Duration.ofMinutes(SPILLBACK_MINUTES)))) {
                Incident i = ahead.get();
                Instant from = i.start().plus(Duration.ofMinutes(SPILLBACK_MINUTES));
                Duration left = Duration.between(from, i.start().plus(i.duration()));
                if (left.isZero() || left.isNegative()) continue;
                return Optional.of(new Incident(segmentId, from, left, Math.min(1, i.capacityFactor() + 0.3)));
            }
        }
        return Optional.empty();
    }

    /** The incident on a segment at {@code t}, added by hand or drawn from the incident rate. */
    public Optional<Incident> incidentAt(String segmentId, Instant t) {
        for (Incident i : incidents) {
            if (i.segmentId().equals(segmentId) && i.activeAt(t)) return Optional.of(i);
        }
        if (incidentsPerSegmentHour <= 0) return Optional.empty();
        long hour = Math.floorDiv(t.getEpochSecond(), 3600);
        for (long h = hour - 1; h <= hour; h++) {
            SplittableRandom r = SeededRandom.of(seed, segmentId, h, P_INCIDENT);
            if (r.nextDouble() >= incidentsPerSegmentHour) continue;
            Instant start = Instant.ofEpochSecond(h * 3600 + (long) (r.nextDouble() * 3600));
            Duration duration = Duration.ofMinutes(10 + (long) (r.nextDouble() * 40));
            Incident drawn = new Incident(segmentId, start, duration, 0.35 + 0.25 * r.nextDouble());
            if (drawn.activeAt(t)) return Optional.of(drawn);
        }
        return Optional.empty();
    }

    /** The counts a camera on {@code segmentId} makes over the {@code intervalSec} seconds ending at {@code intervalEnd}. */
    @Override
    public TrafficReading reading(String segmentId, Instant intervalEnd, int intervalSec) {
        if (intervalSec < 1 || intervalSec > DeviceContract.MAX_INTERVAL_SEC) {
            throw new IllegalArgumentException("intervalSec must be 1.." + DeviceContract.MAX_INTERVAL_SEC + ", was " + intervalSec);
        }
        SegmentProfile p = requireProfile(segmentId);
        Instant mid = intervalEnd.minusMillis(intervalSec * 500L);
        ZonedDateTime local = mid.atZone(ZONE);
        double ff = p.segment().freeFlowKmh();

        double demand = p.capacityPcuH() * p.peakLoad() * DailyProfile.level(local, p.direction())
                * dayFactor(segmentId, local) * slowNoise(segmentId, mid);
        SplittableRandom r = SeededRandom.of(seed, segmentId, intervalEnd.getEpochSecond() * 4000L + intervalSec, P_INTERVAL);
        demand *= Math.exp(0.03 * r.nextGaussian());

        Optional<Incident> incident = incidentOrSpillbackAt(segmentId, mid);
        double rain = rainMmPerHour.applyAsDouble(mid);
        double capacity = p.capacityPcuH() * incident.map(Incident::capacityFactor).orElse(1.0) * (1 - Math.min(0.25, 0.005 * rain));
        ff *= 1 - Math.min(0.20, 0.004 * rain);
        double vc = demand / capacity;
        double friction = 1 - MAX_FRICTION * DailyProfile.activity(local) / 0.62;
        double modelSpeed = ff * friction / (1 + ALPHA * Math.pow(vc, BETA));
        // past capacity the queue holds traffic back: less gets through, the more so the longer the queue
        double flowPcuH = vc <= 1 ? demand : capacity * Math.max(0.75, 1 - 0.25 * (vc - 1));

        double[] shares = shares(local);
        double pcuPerVehicle = 0;
        for (int i = 0; i < shares.length; i++) pcuPerVehicle += shares[i] * PCU[i];
        double vehiclesExpected = flowPcuH / pcuPerVehicle * intervalSec / 3600.0;
        long intensity = Math.min(DeviceContract.MAX_INTENSITY, SeededRandom.poisson(r, vehiclesExpected));
        VehicleCounts byClass = split(r, intensity, shares);

        // the mean of many vehicles' speeds wanders less than that of a few
        double speedSd = 0.025 + 0.05 / Math.sqrt(Math.max(1, intensity));
        double speed = modelSpeed * Math.exp(speedSd * r.nextGaussian());
        speed = clamp(speed, MIN_SPEED_KMH, Math.min(ff * 1.1, DeviceContract.MAX_SPEED_KMH));

        double densityPerLane = flowPcuH / Math.max(speed, MIN_SPEED_KMH) / p.lanes();
        double occupancy = densityPerLane / JAM_DENSITY_PCU_KM_LANE * Math.exp(0.06 * r.nextGaussian());
        occupancy = clamp(occupancy, 0, 0.98);

        return new TrafficReading(segmentId, intervalEnd, intervalSec, intensity, byClass, round(speed, 1),
                round(occupancy, 3), vc, incident.isPresent());
    }

    private SegmentProfile requireProfile(String segmentId) {
        SegmentProfile p = profiles.get(segmentId);
        if (p == null) throw new IllegalArgumentException("segment " + segmentId + " is not in the model");
        return p;
    }

    /** Some days are busier than others: 0.93..1.07, fixed per segment and local date. */
    private double dayFactor(String segmentId, ZonedDateTime local) {
        return 0.93 + 0.14 * SeededRandom.of(seed, segmentId, local.toLocalDate().toEpochDay(), P_DAY).nextDouble();
    }

    /** A smooth wander (sd about 6%), interpolated between values drawn every five minutes. */
    private double slowNoise(String segmentId, Instant t) {
        long sec = t.getEpochSecond();
        long slot = Math.floorDiv(sec, SLOW_SLOT_SEC);
        double frac = (sec - slot * SLOW_SLOT_SEC) / (double) SLOW_SLOT_SEC;
        double a = SeededRandom.of(seed, segmentId, slot, P_SLOW).nextGaussian();
        double b = SeededRandom.of(seed, segmentId, slot + 1, P_SLOW).nextGaussian();
        return Math.exp(0.06 * (a + (b - a) * frac));
    }

    static double[] shares(ZonedDateTime local) {
        int h = local.getHour();
        return h >= 22 || h < 5 ? NIGHT_SHARES : DAY_SHARES;
    }

    /** Splits {@code n} vehicles into classes; the parts always add up to {@code n}. */
    private static VehicleCounts split(SplittableRandom r, long n, double[] shares) {
        long[] k = new long[shares.length];
        long left = n;
        double pLeft = 1;
        for (int i = 0; i < shares.length - 1; i++) {
            k[i] = SeededRandom.binomial(r, left, Math.min(1, shares[i] / pLeft));
            left -= k[i];
            pLeft -= shares[i];
        }
        k[shares.length - 1] = left;
        return new VehicleCounts(k[0], k[1], k[2], k[3], k[4]);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
