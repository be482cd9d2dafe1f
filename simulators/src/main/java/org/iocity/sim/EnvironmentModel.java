package org.iocity.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Air, water and noise at a sensor, seeded, without I/O. Rain comes as afternoon showers (most days from May to
 * November, few in the dry season; drawn per day from the seed) or as an event added by hand. On a flood-prone street
 * the water rises while it rains (towards about 0.6 cm per mm/h of rain, scaled by the spot's susceptibility) and
 * drains away with a 40-minute time constant. Air pollution and noise follow the traffic's {@link DailyProfile}; air is
 * worse in the dry season and washed out by rain. Every number depends only on (seed, sensor, time).
 */
public final class EnvironmentModel {
    static final double DRAIN_MINUTES = 40;
    static final double CM_PER_MM_H = 0.6;

    /** Rain of {@code mmPerHour} from {@code start} for {@code duration}. */
    public record Rain(Instant start, Duration duration, double mmPerHour) {
        public Rain {
            if (!(mmPerHour > 0 && mmPerHour <= 200)) throw new IllegalArgumentException("rain must be 0..200 mm/h, was " + mmPerHour);
            if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("rain needs a positive duration");
        }

        Instant end() {
            return start.plus(duration);
        }
    }

    public record Air(double pm25, double pm10, double no2) {}

    private final long seed;
    private final boolean randomRain;
    private final List<Rain> added = new CopyOnWriteArrayList<>();

    /** @param randomRain draw afternoon showers from the seed; false for rain added by hand only */
    public EnvironmentModel(long seed, boolean randomRain) {
        this.seed = seed;
        this.randomRain = randomRain;
    }

    public void addRain(Rain rain) {
        added.add(rain);
    }

    /** The day's shower, if the seed gives one: most rainy-season afternoons, 14:00–18:00 start, 30–120 min. */
    public Optional<Rain> showerOn(java.time.LocalDate day) {
        if (!randomRain) return Optional.empty();
        SplittableRandom r = SeededRandom.of(seed, "rain", day.toEpochDay(), 1);
        int m = day.getMonthValue();
        double chance = m >= 5 && m <= 11 ? 0.6 : 0.08;
        if (r.nextDouble() >= chance) return Optional.empty();
        Instant start = day.atTime(14, 0).atZone(CityTrafficModel.ZONE).toInstant().plusSeconds((long) (r.nextDouble() * 4 * 3600));
        return Optional.of(new Rain(start, Duration.ofMinutes(30 + (long) (r.nextDouble() * 90)), 8 + 50 * r.nextDouble()));
    }

    /** Rain at {@code t}, mm/h (0 when dry). */
    public double rainAt(Instant t) {
        double mm = 0;
        for (Rain rain : rains(t)) if (!t.isBefore(rain.start()) && t.isBefore(rain.end())) mm += rain.mmPerHour();
        return mm;
    }

    private List<Rain> rains(Instant t) {
        var day = t.atZone(CityTrafficModel.ZONE).toLocalDate();
        List<Rain> out = new java.util.ArrayList<>(added);
        showerOn(day).ifPresent(out::add);
        showerOn(day.minusDays(1)).ifPresent(out::add);
        return out;
    }

    /** Water above the road surface at a flood-prone spot, cm (0 when dry, a few mm of noise aside). */
    public double waterLevelCm(String sensorId, Instant t) {
        double susceptibility = 0.6 + 0.8 * SeededRandom.of(seed, sensorId, 0, 2).nextDouble();
        double level = 0;
        for (Rain rain : rains(t)) {
            if (t.isBefore(rain.start())) continue;
            Instant stop = t.isBefore(rain.end()) ? t : rain.end();
            double wetMin = Duration.between(rain.start(), stop).toSeconds() / 60.0;
            double sinceMin = Duration.between(stop, t).toSeconds() / 60.0;
            level += susceptibility * CM_PER_MM_H * rain.mmPerHour() * (1 - Math.exp(-wetMin / DRAIN_MINUTES))
                    * Math.exp(-sinceMin / DRAIN_MINUTES);
        }
        double noise = 0.3 * SeededRandom.of(seed, sensorId, t.getEpochSecond(), 3).nextGaussian();
        return round(Math.max(0, level + noise), 1);
    }

    /** PM2.5, PM10 and NO2 (µg/m³) near a street: traffic-driven, worse in the dry season, washed out by rain. */
    public Air air(String sensorId, Instant t) {
        ZonedDateTime local = t.atZone(CityTrafficModel.ZONE);
        double traffic = DailyProfile.level(local, DailyProfile.Direction.UNKNOWN);
        int m = local.getMonthValue();
        double season = m >= 12 || m <= 4 ? 1.4 : 1.0;
        double wash = rainAt(t) > 0 ? 0.6 : 1.0;
        SplittableRandom r = SeededRandom.of(seed, sensorId, Math.floorDiv(t.getEpochSecond(), 60), 4);
        double spot = 0.8 + 0.4 * SeededRandom.of(seed, sensorId, 0, 5).nextDouble();
        double pm25 = (14 + 30 * traffic) * season * wash * spot * Math.exp(0.12 * r.nextGaussian());
        double pm10 = pm25 * (1.5 + 0.3 * r.nextDouble());
        double no2 = (12 + 48 * traffic) * spot * Math.exp(0.12 * r.nextGaussian());
        return new Air(round(pm25, 1), round(pm10, 1), round(no2, 1));
    }

    /** Equivalent sound level, dBA: about 52 at night to 72 at the peaks. */
    public double noiseLaeq(String sensorId, Instant t) {
        double traffic = DailyProfile.level(t.atZone(CityTrafficModel.ZONE), DailyProfile.Direction.UNKNOWN);
        SplittableRandom r = SeededRandom.of(seed, sensorId, Math.floorDiv(t.getEpochSecond(), 60), 6);
        double spot = 4 * SeededRandom.of(seed, sensorId, 0, 7).nextDouble() - 2;
        return round(52 + 20 * Math.sqrt(Math.max(0, traffic)) + spot + 1.5 * r.nextGaussian(), 1);
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
