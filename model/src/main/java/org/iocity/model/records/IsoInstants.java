package org.iocity.model.records;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 instants without {@code java.time.format} on the hot path: the gateway reads and writes one or two per
 * message, and {@link OffsetDateTime#parse} / {@link Instant#toString} allocate a map, boxed fields and a builder
 * each time. Both methods give exactly what the JDK gives: the fast path takes only the common shape and hands
 * everything else to the JDK.
 */
public final class IsoInstants {
    /** The second of the last formatted instant and its text up to the seconds; replaced whole, so safe to share. */
    private record SecondPrefix(long epochSecond, String text) {}

    private static volatile SecondPrefix lastSecond = new SecondPrefix(Long.MIN_VALUE, "");

    private IsoInstants() {}

    /**
     * As {@code OffsetDateTime.parse(text).toInstant()}. Fast for {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)};
     * any other text (lower case, no seconds, other offset forms, out-of-range fields) goes to the JDK parser, which
     * accepts or refuses it as before.
     *
     * @throws DateTimeParseException when the text is not ISO-8601 with an offset
     */
    public static Instant parseOffsetDateTime(String text) {
        Instant fast = parseCommon(text);
        return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
    }

    /** The common shape, or null when the text is anything else (including invalid: the JDK then says why). */
    private static Instant parseCommon(String s) {
        int len = s.length();
        if (len < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int nano = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < len && i - start < 9 && isDigit(s.charAt(i))) nano = nano * 10 + (s.charAt(i++) - '0');
            int count = i - start;
            if (count == 0) return null;
            for (int k = count; k < 9; k++) nano *= 10;
        }
        int offsetSeconds;
        if (i == len - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == len - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2), om = digits(s, i + 4, 2);
            if (oh < 0 || om < 0 || om > 59 || oh * 3600 + om * 60 > 18 * 3600) return null;
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException invalidDate) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds, nano);
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Exactly {@link Instant#toString()} ({@code 2026-11-23T01:00:00.123Z}: seconds always, the fraction in groups of
     * three digits, none when zero); the text up to the seconds is kept for the last second seen, so instants within
     * one second (the gateway's receive times) cost one small string each.
     */
    public static String format(Instant t) {
        long second = t.getEpochSecond();
        SecondPrefix p = lastSecond;
        if (p.epochSecond() != second) {
            String whole = Instant.ofEpochSecond(second).toString();
            if (whole.length() != 20) return t.toString(); // years outside 0000..9999: leave it to the JDK
            p = new SecondPrefix(second, whole.substring(0, 19));
            lastSecond = p;
        }
        int nano = t.getNano();
        StringBuilder sb = new StringBuilder(31).append(p.text());
        if (nano > 0) {
            sb.append('.');
            int digits = nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
            int div = 100_000_000;
            for (int k = 0; k < digits; k++) {
                sb.append((char) ('0' + nano / div % 10));
                div /= 10;
            }
        }
        return sb.append('Z').toString();
    }
}
