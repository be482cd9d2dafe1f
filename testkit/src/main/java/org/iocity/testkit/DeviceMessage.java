package org.iocity.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One device message of the contract, as a device writes it: {@code v}, {@code deviceId}, {@code seq}, {@code ts},
 * then the payload fields in the order they were set. Made by {@link DeviceMessages}; every setter returns this, so a
 * test changes only what it is about: {@code DeviceMessages.cameraCounts("cam-0001", seq).ts(t).vehicles("car", 5)}.
 */
public final class DeviceMessage {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    DeviceMessage(String deviceId, long seq) {
        fields.put("v", 1);
        fields.put("deviceId", deviceId);
        fields.put("seq", seq);
        fields.put("ts", Instant.now());
    }

    /** Event time: an {@link Instant} or {@link OffsetDateTime} (ISO-8601 text), or a {@code long} (epoch ms). */
    public DeviceMessage ts(Object ts) {
        return with("ts", ts);
    }

    /** Sets (or replaces, in its place) a field; a value is a string, number, boolean, map, list or {@link Raw}. */
    public DeviceMessage with(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    /** Counts of one vehicle class: {@code byClass {cls: n}} and {@code intensity n}. */
    public DeviceMessage vehicles(String vehicleClass, long n) {
        return with("intensity", n).with("byClass", Map.of(vehicleClass, n));
    }

    /** Counts by class, in the given order ({@code "motorbike", 16, "car", 4}); {@code intensity} is their sum. */
    public DeviceMessage vehicles(Object... classAndCount) {
        Map<String, Object> byClass = new LinkedHashMap<>();
        long sum = 0;
        for (int i = 0; i < classAndCount.length; i += 2) {
            long n = ((Number) classAndCount[i + 1]).longValue();
            byClass.put((String) classAndCount[i], n);
            sum += n;
        }
        return with("intensity", sum).with("byClass", byClass);
    }

    public String json() {
        StringBuilder out = new StringBuilder();
        write(out, fields);
        return out.toString();
    }

    public byte[] bytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return json();
    }

    /** JSON text written as it is (a field a test wants malformed, or already serialised). */
    public record Raw(String json) {}

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Raw raw) {
            out.append(raw.json());
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) out.append(',');
                first = false;
                write(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) out.append(',');
                write(out, list.get(i));
            }
            out.append(']');
        } else {
            out.append('"').append(value.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
    }
}
