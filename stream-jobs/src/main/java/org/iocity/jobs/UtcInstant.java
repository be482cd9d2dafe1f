package org.iocity.jobs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;

/**
 * Reads the one instant form the records are written in, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} (UTC, 1 to 9
 * fraction digits), without a {@code DateTimeFormatter}. Any other text, or an impossible date or time, throws
 * {@link CameraObservationJson.OffThePath} so the caller falls back to the general reader.
 */
final class UtcInstant {
    private UtcInstant() {}

    static Instant parse(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            throw CameraObservationJson.OffThePath.INSTANCE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21; // between the '.' and the 'Z'
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) throw CameraObservationJson.OffThePath.INSTANCE;
            nanos = digits(s, 20, n - 1);
            for (int i = fraction; i < 9; i++) nanos *= 10;
        }
        if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
            throw CameraObservationJson.OffThePath.INSTANCE;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> Year.isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) throw CameraObservationJson.OffThePath.INSTANCE;
            v = v * 10 + d;
        }
        return v;
    }
}
