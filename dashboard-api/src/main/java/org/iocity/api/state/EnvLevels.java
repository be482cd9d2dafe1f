package org.iocity.api.state;

import java.util.List;
import org.iocity.model.records.EnvReading;

/**
 * The level the wall shows for a sensor reading, per kind; {@code severity} is the level's index in its kind's
 * classes (0 = best), which the wall's legend colours.
 * <ul>
 * <li>water (flooding), {@code waterLevelCm} above the street: {@code dry} (≤ 0), {@code under-10cm},
 *     {@code 10-30cm} (hard going for motorbikes, the city's main vehicle), {@code over-30cm} (impassable for
 *     most of them);</li>
 * <li>air, PM2.5 (µg/m³) on the US EPA AQI breakpoints as revised in 2024 (EPA-454/B-24-002, "Technical Assistance
 *     Document for the Reporting of Daily Air Quality – the Air Quality Index", May 2024): {@code good} ≤ 9.0,
 *     {@code moderate} ≤ 35.4, {@code unhealthy-sensitive} ≤ 55.4, {@code unhealthy} ≤ 125.4, {@code very-unhealthy}
 *     ≤ 225.4, else {@code hazardous}. The EPA defines them on 24-hour means; a single reading is classed as if it were
 *     one (a nowcast, not the official index). An air reading without PM2.5 has level {@code no-pm25};</li>
 * <li>noise, LAeq (dBA): {@code quiet} &lt; 55 (the night limit of QCVN 26:2010/BTNMT for ordinary areas),
 *     {@code moderate} &lt; 70 (its day limit), {@code loud} &lt; 85, else {@code very-loud}.</li>
 * </ul>
 */
public final class EnvLevels {
    private EnvLevels() {}

    /** A reading's level: its code and its index among the classes of its kind. */
    public record Level(String kind, String code, int severity) {}

    static final List<String> WATER = List.of("dry", "under-10cm", "10-30cm", "over-30cm");
    static final List<String> AIR = List.of("good", "moderate", "unhealthy-sensitive", "unhealthy", "very-unhealthy",
            "hazardous");
    static final List<String> NOISE = List.of("quiet", "moderate", "loud", "very-loud");
    static final String NO_PM25 = "no-pm25";

    public static Level of(EnvReading r) {
        return switch (r.kind()) {
            case "water" -> water(r.waterLevelCm());
            case "air" -> r.pm25() == null ? new Level("air", NO_PM25, -1) : air(r.pm25());
            case "noise" -> noise(r.laeq());
            default -> throw new IllegalArgumentException("unknown reading kind " + r.kind());
        };
    }

    /** Whether the reading carries a value of its kind (any of pm25, pm10, no2 for air). */
    static boolean hasValue(EnvReading r) {
        return switch (r.kind()) {
            case "water" -> r.waterLevelCm() != null;
            case "air" -> r.pm25() != null || r.pm10() != null || r.no2() != null;
            case "noise" -> r.laeq() != null;
            default -> false;
        };
    }

    static Level water(double cm) {
        return level("water", WATER, cm <= 0 ? 0 : cm < 10 ? 1 : cm <= 30 ? 2 : 3);
    }

    static Level air(double pm25) {
        double[] upper = {9.0, 35.4, 55.4, 125.4, 225.4};
        // the EPA truncates concentrations to one decimal before looking up the breakpoint
        double c = Math.floor(pm25 * 10) / 10;
        int i = 0;
        while (i < upper.length && c > upper[i]) i++;
        return level("air", AIR, i);
    }

    static Level noise(double laeq) {
        return level("noise", NOISE, laeq < 55 ? 0 : laeq < 70 ? 1 : laeq < 85 ? 2 : 3);
    }

    private static Level level(String kind, List<String> codes, int i) {
        return new Level(kind, codes.get(i), i);
    }
}
