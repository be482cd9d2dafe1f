package org.iocity.jobs.io;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.Json;
import org.iocity.model.records.VehicleCounts;

/**
 * Reads a {@link CameraObservation} straight from the bytes of its plain form, the one {@link Json} writes (fields in
 * the record's order, none missing, no whitespace, no escapes, UTC instants, plain numbers), without a JSON parser:
 * each field name is a fixed run of bytes to match, each value is scanned once. The congestion job's hottest step
 * (its source chain was two thirds parsing with Jackson's streaming parser). Anything else throws
 * {@link CameraObservationJson.OffThePath}, and {@link CameraObservationJson#read} reads it with Jackson instead, so the
 * result, or the error, is still {@link Json#fromBytes}'s: values are taken here only where they are certainly the
 * same (integers of at most 18 digits without leading zeros; decimals of at most 15 digits, exact by one division
 * of two exact doubles, others by {@link Double#parseDouble}, both correctly rounded as Jackson's readers; text
 * decoded as UTF-8 only if it was valid).
 */
final class CameraObservationBytes {
    private static final byte[] DEVICE_ID = ascii("{\"deviceId\":\"");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] EVENT_TIME = ascii(",\"eventTime\":\"");
    private static final byte[] RECEIVED_AT = ascii(",\"receivedAt\":\"");
    private static final byte[] SEGMENT_ID = ascii(",\"segmentId\":\"");
    private static final byte[] WARD = ascii(",\"ward\":\"");
    private static final byte[] FREE_FLOW = ascii(",\"freeFlowKmh\":");
    private static final byte[] INTERVAL = ascii(",\"intervalSec\":");
    private static final byte[] INTENSITY = ascii(",\"intensity\":");
    private static final byte[] MOTORBIKE = ascii(",\"byClass\":{\"motorbike\":");
    private static final byte[] CAR = ascii(",\"car\":");
    private static final byte[] BUS = ascii(",\"bus\":");
    private static final byte[] TRUCK = ascii(",\"truck\":");
    private static final byte[] BICYCLE = ascii(",\"bicycle\":");
    private static final byte[] SPEED = ascii("},\"averageSpeedKmh\":");
    private static final byte[] OCCUPANCY = ascii(",\"occupancy\":");
    /** Powers of ten that are exact doubles. */
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
            1e13, 1e14, 1e15};

    private final byte[] b;
    private int i;

    private CameraObservationBytes(byte[] b) {
        this.b = b;
    }

    /** The observation in {@code json}; throws {@link CameraObservationJson.OffThePath} if it is not the plain form. */
    static CameraObservation read(byte[] json) {
        CameraObservationBytes r = new CameraObservationBytes(json);
        String deviceId = r.text(DEVICE_ID);
        long seq = r.integer(SEQ, 18);
        Instant eventTime = r.instant(EVENT_TIME);
        Instant receivedAt = r.instant(RECEIVED_AT);
        String segmentId = r.text(SEGMENT_ID);
        String ward = r.text(WARD);
        double freeFlowKmh = r.decimal(FREE_FLOW);
        int intervalSec = (int) r.integer(INTERVAL, 9);
        long intensity = r.integer(INTENSITY, 18);
        VehicleCounts byClass = new VehicleCounts(r.integer(MOTORBIKE, 18), r.integer(CAR, 18), r.integer(BUS, 18),
                r.integer(TRUCK, 18), r.integer(BICYCLE, 18));
        double averageSpeedKmh = r.decimal(SPEED);
        double occupancy = r.decimal(OCCUPANCY);
        if (r.i != json.length - 1 || json[r.i] != '}') throw CameraObservationJson.OffThePath.INSTANCE;
        return new CameraObservation(deviceId, seq, eventTime, receivedAt, segmentId, ward, freeFlowKmh, intervalSec,
                intensity, byClass, averageSpeedKmh, occupancy);
    }

    private void expect(byte[] literal) {
        if (i + literal.length > b.length) throw CameraObservationJson.OffThePath.INSTANCE;
        for (byte c : literal) {
            if (b[i++] != c) throw CameraObservationJson.OffThePath.INSTANCE;
        }
    }

    /** The text after {@code name}, up to its closing quote (consumed); none with escapes or control characters. */
    private String text(byte[] name) {
        expect(name);
        int start = i;
        boolean ascii = true;
        while (true) {
            if (i >= b.length) throw CameraObservationJson.OffThePath.INSTANCE;
            byte c = b[i];
            if (c == '"') break;
            if (c == '\\' || (c >= 0 && c < 0x20)) throw CameraObservationJson.OffThePath.INSTANCE;
            if (c < 0) ascii = false;
            i++;
        }
        String s = new String(b, start, i - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        if (!ascii && s.indexOf('\uFFFD') >= 0) throw CameraObservationJson.OffThePath.INSTANCE; // malformed, or rare
        i++;
        return s;
    }

    private Instant instant(byte[] name) {
        expect(name);
        int start = i;
        while (i < b.length && b[i] != '"') i++;
        if (i >= b.length) throw CameraObservationJson.OffThePath.INSTANCE;
        return UtcInstant.parse(b, start, i++);
    }

    /** The integer after {@code name}: at most {@code maxDigits} digits, maybe negative, no leading zeros (as JSON). */
    private long integer(byte[] name, int maxDigits) {
        expect(name);
        boolean negative = minus();
        int start = i;
        long v = integerPart();
        if (i - start > maxDigits) throw CameraObservationJson.OffThePath.INSTANCE;
        return negative ? -v : v;
    }

    /**
     * The JSON number after {@code name} read as a double: an integer as the exact long it is (as Jackson widens an
     * integer); a decimal of at most 15 digits and no exponent as digits / 10^fraction digits (both exact, so the quotient is
     * the correctly rounded value); anything longer through {@link Double#parseDouble}.
     */
    private double decimal(byte[] name) {
        expect(name);
        int start = i;
        boolean negative = minus();
        int intStart = i;
        long m = integerPart();
        int intDigits = i - intStart;
        int fractionDigits = 0;
        if (i < b.length && b[i] == '.') {
            i++;
            int fractionStart = i;
            m = digits(m);
            fractionDigits = i - fractionStart;
            if (fractionDigits == 0) throw CameraObservationJson.OffThePath.INSTANCE;
        }
        boolean exponent = i < b.length && (b[i] == 'e' || b[i] == 'E');
        if (exponent) {
            i++;
            if (i < b.length && (b[i] == '+' || b[i] == '-')) i++;
            int expStart = i;
            digits(0);
            if (i == expStart) throw CameraObservationJson.OffThePath.INSTANCE;
        }
        if (fractionDigits == 0 && !exponent) { // an integer: Jackson reads it as one, then widens it
            if (intDigits > 15) throw CameraObservationJson.OffThePath.INSTANCE;
            return negative ? -m : m; // a long: -0 is 0
        }
        if (!exponent && intDigits + fractionDigits <= 15) {
            double v = m / POWERS_OF_TEN[fractionDigits];
            return negative ? -v : v;
        }
        return Double.parseDouble(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
    }

    /** Whether a minus sign comes next (then consumed). */
    private boolean minus() {
        boolean minus = i < b.length && b[i] == '-';
        if (minus) i++;
        return minus;
    }

    /** The digits of an integer part (consumed): at least one, no leading zero; the value may overflow past 18. */
    private long integerPart() {
        int start = i;
        long v = digits(0);
        if (i == start || (b[start] == '0' && i - start > 1)) throw CameraObservationJson.OffThePath.INSTANCE;
        return v;
    }

    /** {@code m} followed by the digits from here (consumed), as a number; it may overflow past 18 digits. */
    private long digits(long m) {
        while (i < b.length && b[i] >= '0' && b[i] <= '9') m = m * 10 + (b[i++] - '0');
        return m;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
