package org.iocity.ingest.contract;

import static org.iocity.model.contract.DeviceContract.MAX_AGE;
import static org.iocity.model.contract.DeviceContract.MAX_CLOCK_AHEAD;
import static org.iocity.model.contract.DeviceContract.NO_SEQ;
import static org.iocity.model.contract.DeviceContract.SCHEMA_VERSION;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.iocity.model.records.IsoInstants;
import org.iocity.model.records.Json;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;

/**
 * The envelope every device message shares (device contract v1): {@code v}, {@code deviceId}, {@code seq},
 * {@code ts}; and typed, range-checked access to payload fields. Every failure is a {@link Rejection}.
 */
public final class DeviceMessage {
    /**
     * One JSON object and nothing after it; a field given twice is refused (parsers disagree on which one wins).
     * Duplicates are found while the tree is built (a key replaced) rather than by the parser's own detection, which
     * fills a hash set per object for every message.
     */
    private static final ObjectReader STRICT = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private final JsonNode root;
    private final String deviceId;
    private final long seq;
    private final Instant ts;

    private DeviceMessage(JsonNode root, String deviceId, long seq, Instant ts) {
        this.root = root;
        this.deviceId = deviceId;
        this.seq = seq;
        this.ts = ts;
    }

    /**
     * Parses and checks the envelope of a message that arrived on the topic of {@code topicDeviceId}.
     *
     * @param maxBytes payloads larger than this are refused before parsing
     */
    public static DeviceMessage parse(byte[] payload, String topicDeviceId, int maxBytes, Instant receivedAt)
            throws Rejection {
        return parse(payload, topicDeviceId, maxBytes, receivedAt, false, MAX_AGE);
    }

    /** As {@link #parse(byte[], String, int, Instant)}, with the stream's age limit on {@code ts}. */
    public static DeviceMessage parse(byte[] payload, String topicDeviceId, int maxBytes, Instant receivedAt,
                                      Duration maxAge) throws Rejection {
        return parse(payload, topicDeviceId, maxBytes, receivedAt, false, maxAge);
    }

    /**
     * As {@link #parse(byte[], String, int, Instant)}; with {@code status} true (status messages: retained, and a last
     * will is a fixed payload set when the device connected) {@code seq} and {@code ts} are optional — {@link #seq()}
     * is then {@link org.iocity.model.contract.DeviceContract#NO_SEQ} and {@link #ts()} the time received — and an old {@code ts} is accepted.
     */
    public static DeviceMessage parse(byte[] payload, String topicDeviceId, int maxBytes, Instant receivedAt,
                                      boolean status) throws Rejection {
        return parse(payload, topicDeviceId, maxBytes, receivedAt, status, MAX_AGE);
    }

    private static DeviceMessage parse(byte[] payload, String topicDeviceId, int maxBytes, Instant receivedAt,
                                       boolean status, Duration maxAge) throws Rejection {
        if (payload.length > maxBytes) {
            throw new Rejection(RejectReason.OVERSIZE, "payload is " + payload.length + " bytes, the limit is " + maxBytes);
        }
        JsonNode root;
        try {
            root = STRICT.readTree(payload);
        } catch (IOException e) {
            throw new Rejection(RejectReason.MALFORMED_JSON, firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new Rejection(RejectReason.MALFORMED_JSON, "a device message must be one JSON object");
        }
        JsonNode v = root.get("v");
        if (v == null) throw new Rejection(RejectReason.MISSING_FIELD, "v (schema version) is missing");
        if (!v.isIntegralNumber() || v.asInt() != SCHEMA_VERSION) {
            throw new Rejection(RejectReason.UNSUPPORTED_VERSION, "schema version " + v + " is not supported; this gateway reads v=" + SCHEMA_VERSION);
        }
        String deviceId = requiredText(root, "deviceId");
        if (topicDeviceId != null && !topicDeviceId.equals(deviceId)) {
            throw new Rejection(RejectReason.DEVICE_MISMATCH, "deviceId " + deviceId + " does not match the topic's device " + topicDeviceId);
        }
        JsonNode seqNode = root.get("seq");
        long seq = status && (seqNode == null || seqNode.isNull()) ? NO_SEQ : requiredLong(root, "seq", 0, Long.MAX_VALUE);
        JsonNode tsNode = root.get("ts");
        Instant ts = status && (tsNode == null || tsNode.isNull()) ? receivedAt : requiredInstant(root, "ts");
        if (ts.isAfter(receivedAt.plus(MAX_CLOCK_AHEAD))) {
            throw new Rejection(RejectReason.OUT_OF_RANGE, "ts " + ts + " is more than " + MAX_CLOCK_AHEAD.toMinutes() + " min ahead of the gateway clock " + receivedAt);
        }
        if (!status) checkAge("ts", ts, receivedAt, maxAge);
        return new DeviceMessage(root, deviceId, seq, ts);
    }

    /** Refuses an event time older than {@code maxAge} before {@code receivedAt}, naming {@code field}. */
    public static void checkAge(String field, Instant ts, Instant receivedAt, Duration maxAge) throws Rejection {
        if (ts.isBefore(receivedAt.minus(maxAge))) {
            throw new Rejection(RejectReason.OUT_OF_RANGE, field + " " + ts + " is more than " + describe(maxAge)
                    + " old (the stream's age limit)");
        }
    }

    /** {@code 30 days}, {@code 12 h}, {@code 90 s}: a limit as a reader writes it. */
    static String describe(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) return d.toDays() + " days";
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) return d.toHours() + " h";
        return d.toSeconds() + " s";
    }

    /** The {@code deviceId} of a payload, when one can be read at all; for dead-letter keys. */
    public static String deviceIdOrNull(byte[] payload) {
        try {
            JsonNode root = Json.mapper().readTree(payload);
            JsonNode id = root == null ? null : root.get("deviceId");
            return id != null && id.isTextual() ? id.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public String deviceId() {
        return deviceId;
    }

    public long seq() {
        return seq;
    }

    public Instant ts() {
        return ts;
    }

    public JsonNode root() {
        return root;
    }

    public static String requiredText(JsonNode node, String field) throws Rejection {
        JsonNode f = node.get(field);
        if (f == null || f.isNull()) throw new Rejection(RejectReason.MISSING_FIELD, field + " is missing");
        if (!f.isTextual() || f.asText().isBlank()) throw new Rejection(RejectReason.WRONG_TYPE, field + " must be a non-empty string, was " + f);
        return f.asText();
    }

    public static long requiredLong(JsonNode node, String field, long min, long max) throws Rejection {
        JsonNode f = node.get(field);
        if (f == null || f.isNull()) throw new Rejection(RejectReason.MISSING_FIELD, field + " is missing");
        if (!f.isIntegralNumber() || !f.canConvertToLong()) throw new Rejection(RejectReason.WRONG_TYPE, field + " must be a whole number, was " + f);
        long v = f.asLong();
        if (v < min || v > max) throw new Rejection(RejectReason.OUT_OF_RANGE, field + " = " + v + " is outside " + min + ".." + max);
        return v;
    }

    /** A number in {@code min..max}, or null when the field is absent or null. */
    public static Double optionalDouble(JsonNode node, String field, double min, double max) throws Rejection {
        JsonNode f = node.get(field);
        if (f == null || f.isNull()) return null;
        return requiredDouble(node, field, min, max);
    }

    public static double requiredDouble(JsonNode node, String field, double min, double max) throws Rejection {
        JsonNode f = node.get(field);
        if (f == null || f.isNull()) throw new Rejection(RejectReason.MISSING_FIELD, field + " is missing");
        if (!f.isNumber()) throw new Rejection(RejectReason.WRONG_TYPE, field + " must be a number, was " + f);
        double v = f.asDouble();
        if (!(v >= min && v <= max)) throw new Rejection(RejectReason.OUT_OF_RANGE, field + " = " + v + " is outside " + min + ".." + max);
        return v;
    }

    /** An instant given as ISO-8601 with an offset ({@code 2026-11-23T08:00:00+07:00}) or as epoch milliseconds. */
    public static Instant requiredInstant(JsonNode node, String field) throws Rejection {
        JsonNode f = node.get(field);
        if (f == null || f.isNull()) throw new Rejection(RejectReason.MISSING_FIELD, field + " is missing");
        if (f.isIntegralNumber()) {
            // asLong() wraps a larger integer round into some other instant
            if (!f.canConvertToLong()) throw new Rejection(RejectReason.OUT_OF_RANGE, field + " = " + f + " epoch milliseconds is out of range");
            return Instant.ofEpochMilli(f.asLong());
        }
        if (f.isTextual()) {
            try {
                return IsoInstants.parseOffsetDateTime(f.asText());
            } catch (DateTimeParseException e) {
                throw new Rejection(RejectReason.WRONG_TYPE, field + " must be ISO-8601 with an offset or epoch milliseconds, was " + f);
            }
        }
        throw new Rejection(RejectReason.WRONG_TYPE, field + " must be ISO-8601 with an offset or epoch milliseconds, was " + f);
    }

    private static String firstLine(String s) {
        if (s == null) return "not JSON";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
