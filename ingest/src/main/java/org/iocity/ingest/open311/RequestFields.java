package org.iocity.ingest.open311;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.iocity.model.Json;
import org.iocity.model.RejectReason;
import org.iocity.model.Rejection;

/**
 * The fields of a request body, form-encoded (as Open311 specifies) or a JSON object, as text; with the typed readers
 * every endpoint shares. Every problem is a {@link Rejection} with a reason and the field it is about.
 */
final class RequestFields {
    private static final Pattern FORM_KEY = Pattern.compile("(^|&)(api_key=)[^&]*");
    private static final Pattern JSON_KEY = Pattern.compile("(\"api_key\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\")");

    /** Times of citizen requests and dossiers are refused outside these years (typos, epoch seconds for millis). */
    static final Instant MIN_TIME = Instant.parse("2000-01-01T00:00:00Z"), MAX_TIME = Instant.parse("2100-01-01T00:00:00Z");

    private final Map<String, String> values;

    private RequestFields(Map<String, String> values) {
        this.values = values;
    }

    static RequestFields of(Map<String, String> values) {
        return new RequestFields(new HashMap<>(values));
    }

    /** Parses a body: JSON when the content type says so (or the body starts with '{'), else form-encoded. */
    static RequestFields parse(String contentType, byte[] body) throws Rejection {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String text = new String(body, StandardCharsets.UTF_8);
        if (ct.contains("json") || (!ct.contains("form") && text.stripLeading().startsWith("{"))) return json(text);
        return form(text);
    }

    private static RequestFields json(String text) throws Rejection {
        JsonNode node;
        try {
            node = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new Rejection(RejectReason.MALFORMED_JSON, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) throw new Rejection(RejectReason.MALFORMED_JSON, "the body must be a JSON object");
        Map<String, String> m = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull()) continue;
            if (!v.isValueNode()) throw new Rejection(RejectReason.WRONG_TYPE, e.getKey() + " must be a text or a number");
            m.put(e.getKey(), v.asText());
        }
        return new RequestFields(m);
    }

    private static RequestFields form(String text) throws Rejection {
        Map<String, String> m = new HashMap<>();
        if (text.isBlank()) return new RequestFields(m);
        for (String pair : text.strip().split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                m.putIfAbsent(k, v);
            } catch (IllegalArgumentException e) {
                throw new Rejection(RejectReason.WRONG_TYPE, "the form body is not valid application/x-www-form-urlencoded");
            }
        }
        return new RequestFields(m);
    }

    /** The body with any {@code api_key} value blanked out: what a dead letter may keep. */
    static byte[] redacted(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.contains("api_key")) return body;
        text = FORM_KEY.matcher(text).replaceAll("$1$2REDACTED");
        text = JSON_KEY.matcher(text).replaceAll("$1REDACTED$3");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    String optional(String name, int maxLength) throws Rejection {
        String v = values.get(name);
        if (v == null || v.isBlank()) return null;
        v = v.strip();
        if (v.length() > maxLength) {
            throw new Rejection(RejectReason.OUT_OF_RANGE, name + " is " + v.length() + " characters long; at most " + maxLength);
        }
        return v;
    }

    String required(String name, int maxLength) throws Rejection {
        String v = optional(name, maxLength);
        if (v == null) throw new Rejection(RejectReason.MISSING_FIELD, name + " is required");
        return v;
    }

    Double decimal(String name, double min, double max) throws Rejection {
        String v = optional(name, 40);
        if (v == null) return null;
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new Rejection(RejectReason.WRONG_TYPE, name + " must be a number, not " + v);
        }
        if (!(d >= min && d <= max)) {
            throw new Rejection(RejectReason.OUT_OF_RANGE, name + "=" + v + " is outside " + min + ".." + max + " (Ho Chi Minh City)");
        }
        return d;
    }

    /** An ISO-8601 time with offset ({@code 2026-11-23T09:00:00+07:00}) or epoch milliseconds. */
    Instant time(String name) throws Rejection {
        String v = optional(name, 64);
        if (v == null) return null;
        Instant t;
        try {
            t = v.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(v)) : OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new Rejection(RejectReason.WRONG_TYPE, name + " must be an ISO-8601 time with offset or epoch milliseconds, not " + v);
        }
        if (t.isBefore(MIN_TIME) || !t.isBefore(MAX_TIME)) {
            throw new Rejection(RejectReason.OUT_OF_RANGE, name + "=" + v + " is outside " + MIN_TIME + ".." + MAX_TIME);
        }
        return t;
    }

    String get(String name) {
        return values.get(name);
    }
}
