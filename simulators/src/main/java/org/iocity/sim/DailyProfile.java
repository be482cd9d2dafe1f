package org.iocity.sim;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;

/**
 * How busy Ho Chi Minh City's streets are over a day, as a share of the evening peak (1.0 on a weekday at 17:30).
 * A base level (low from midnight to 5:00, a daytime plateau) plus a morning peak around 7:40 and a heavier evening
 * peak around 17:30. Each peak is weighted by direction: traffic heads into the centre in the morning and out of it
 * in the evening. Weekends have lower, flatter peaks.
 */
public final class DailyProfile {
    private DailyProfile() {}

    /** Which way a segment carries the commute. */
    public enum Direction {
        INBOUND(1.0, 0.85), OUTBOUND(0.80, 1.0), UNKNOWN(0.90, 0.95);

        final double morning;
        final double evening;

        Direction(double morning, double evening) {
            this.morning = morning;
            this.evening = evening;
        }

        /** From the segment's name: the registry names them "... (inbound)" and "... (outbound)". */
        public static Direction ofName(String name) {
            String n = name == null ? "" : name.toLowerCase(java.util.Locale.ROOT);
            if (n.contains("inbound")) return INBOUND;
            if (n.contains("outbound")) return OUTBOUND;
            return UNKNOWN;
        }
    }

    /** Hour of day → base level, interpolated linearly; the last point closes the day. */
    private static final double[][] BASE = {
            {0, 0.14}, {1, 0.08}, {2, 0.05}, {3, 0.04}, {4, 0.06}, {5, 0.16}, {6, 0.42}, {7, 0.55}, {9, 0.60},
            {11, 0.62}, {12, 0.58}, {13, 0.55}, {15, 0.62}, {19, 0.60}, {20, 0.52}, {21, 0.42}, {22, 0.32},
            {23, 0.22}, {24, 0.14}};
    static final double MORNING_PEAK_HOUR = 7 + 40 / 60.0;
    static final double MORNING_WIDTH_H = 0.65;
    static final double MORNING_HEIGHT = 0.35;
    static final double EVENING_PEAK_HOUR = 17.5;
    static final double EVENING_WIDTH_H = 0.8;
    static final double EVENING_HEIGHT = 0.39;

    /** Demand at local time {@code t} as a share of a weekday evening peak. */
    public static double level(ZonedDateTime t, Direction direction) {
        double h = t.getHour() + t.getMinute() / 60.0 + t.getSecond() / 3600.0;
        double base = base(h);
        double morning = MORNING_HEIGHT * bump(h, MORNING_PEAK_HOUR, MORNING_WIDTH_H) * direction.morning;
        double evening = EVENING_HEIGHT * bump(h, EVENING_PEAK_HOUR, EVENING_WIDTH_H) * direction.evening;
        DayOfWeek day = t.getDayOfWeek();
        double baseFactor = day == DayOfWeek.SUNDAY ? 0.90 : day == DayOfWeek.SATURDAY ? 0.95 : 1.0;
        double peakFactor = day == DayOfWeek.SUNDAY ? 0.50 : day == DayOfWeek.SATURDAY ? 0.75 : 1.0;
        return base * baseFactor + (morning + evening) * peakFactor;
    }

    /** Street activity besides through traffic (vendors, parking, pedestrians): the base level, 0..~0.62. */
    public static double activity(ZonedDateTime t) {
        return base(t.getHour() + t.getMinute() / 60.0 + t.getSecond() / 3600.0);
    }

    static double base(double hour) {
        for (int i = 1; i < BASE.length; i++) {
            if (hour <= BASE[i][0]) {
                double[] a = BASE[i - 1];
                double[] b = BASE[i];
                return a[1] + (b[1] - a[1]) * (hour - a[0]) / (b[0] - a[0]);
            }
        }
        return BASE[BASE.length - 1][1];
    }

    private static double bump(double hour, double centre, double width) {
        double z = (hour - centre) / width;
        return Math.exp(-0.5 * z * z);
    }
}
