package org.iocity.jobs.io;

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

    /** The instant in the ASCII bytes {@code b[from, to)}. */
    static Instant parse(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 20 || b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T' || b[from + 13] != ':'
                || b[from + 16] != ':' || b[to - 1] != 'Z') {
            throw CameraObservationJson.OffThePath.INSTANCE;
        }
        int year = digits(b, from, from + 4);
        int month = digits(b, from + 5, from + 7);
        int day = digits(b, from + 8, from + 10);
        int hour = digits(b, from + 11, from + 13);
        int minute = digits(b, from + 14, from + 16);
        int second = digits(b, from + 17, from + 19);
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21; // between the '.' and the 'Z'
            if (b[from + 19] != '.' || fraction < 1 || fraction > 9) throw CameraObservationJson.OffThePath.INSTANCE;
            nanos = digits(b, from + 20, to - 1);
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

    private static int digits(byte[] b, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) throw CameraObservationJson.OffThePath.INSTANCE;
            v = v * 10 + d;
        }
        return v;
    }
}
