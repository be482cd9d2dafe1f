package org.iocity.ingest.open311;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iocity.model.records.Json;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;

/**
 * The fields of a request body, form-encoded (as Open311 specifies) or a JSON object, as text; with the typed readers
 * every endpoint shares. Every problem is a {@link Rejection} with a reason and the field it is about.
 */
final class RequestFields {
    static final String KEY_FIELD = "api_key";
    static final String REDACTED = "REDACTED";
    /** One JSON object and nothing after it; a field given twice is refused (which one wins is a smuggling trick). */
    private static final ObjectReader STRICT = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Times of citizen requests and dossiers are refused outside these years (typos, epoch seconds for millis). */
    static final Instant MIN_TIME = Instant.parse("2000-01-01T00:00:00Z"), MAX_TIME = Instant.parse("2100-01-01T00:00:00Z");

    private final Map<String, String> values;
    /** The answers to a service definition: {@code attribute[code]=v} and {@code attribute[code][]=v}, in body order. */
    private final Map<String, List<String>> attributes;

    private RequestFields(Map<String, String> values, Map<String, List<String>> attributes) {
        this.values = values;
        this.attributes = attributes;
    }

    private RequestFields(Map<String, String> values) {
        this(values, attributesOf(values.keySet(), values::get));
    }

    static RequestFields of(Map<String, String> values) {
        return new RequestFields(new HashMap<>(values));
    }

    private static final Pattern ATTRIBUTE = Pattern.compile("attribute\\[([^\\]]*)](\\[])?");

    private static Map<String, List<String>> attributesOf(Iterable<String> keys, java.util.function.Function<String, String> value) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String k : keys) {
            Matcher a = ATTRIBUTE.matcher(k);
            if (a.matches()) m.computeIfAbsent(a.group(1), x -> new ArrayList<>()).add(value.apply(k));
        }
        return m;
    }

    /** The attribute answers by code; several values where the client sent {@code attribute[code][]} several times. */
    Map<String, List<String>> attributes() {
        return attributes;
    }

    /**
     * Parses a body: form-encoded (as Open311 specifies) or JSON, as the content type says; without one, JSON when the
     * body starts with '{'. Any other content type is refused ({@code UNSUPPORTED_MEDIA_TYPE}, 415).
     */
    static RequestFields parse(String contentType, byte[] body) throws Rejection {
        String ct = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        String text = new String(body, StandardCharsets.UTF_8);
        boolean json = ct.equals("application/json") || (ct.startsWith("application/") && ct.endsWith("+json"));
        if (!json && !ct.isEmpty() && !ct.equals(FORM)) {
            throw new Rejection(RejectReason.UNSUPPORTED_MEDIA_TYPE, "content type " + ct + " is not accepted: send "
                    + FORM + " or application/json");
        }
        if (json || (ct.isEmpty() && text.stripLeading().startsWith("{"))) return json(text);
        return form(text);
    }

    private static final String FORM = "application/x-www-form-urlencoded";

    private static RequestFields json(String text) throws Rejection {
        JsonNode node;
        try {
            node = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Rejection(RejectReason.MALFORMED_JSON, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) throw new Rejection(RejectReason.MALFORMED_JSON, "the body must be a JSON object");
        Map<String, String> m = new HashMap<>();
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull()) continue;
            if (e.getKey().equals("attribute") && v.isObject()) {
                // {"attribute": {"code": "value", "code2": ["a", "b"]}}: the JSON form of attribute[code]=value
                for (Iterator<Map.Entry<String, JsonNode>> at = v.fields(); at.hasNext(); ) {
                    var a = at.next();
                    List<String> values = attributes.computeIfAbsent(a.getKey(), x -> new ArrayList<>());
                    for (JsonNode one : a.getValue().isArray() ? a.getValue() : List.of(a.getValue())) {
                        if (!one.isValueNode() || one.isNull()) {
                            throw new Rejection(RejectReason.WRONG_TYPE, "attribute[" + a.getKey() + "] must be a text, a number or a list of them");
                        }
                        values.add(one.asText());
                    }
                }
                continue;
            }
            if (!v.isValueNode()) throw new Rejection(RejectReason.WRONG_TYPE, e.getKey() + " must be a text or a number");
            m.put(e.getKey(), v.asText());
            Matcher a = ATTRIBUTE.matcher(e.getKey());
            if (a.matches()) attributes.computeIfAbsent(a.group(1), x -> new ArrayList<>()).add(v.asText());
        }
        return new RequestFields(m, attributes);
    }

    private static RequestFields form(String text) throws Rejection {
        Map<String, String> m = new HashMap<>();
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        if (text.isBlank()) return new RequestFields(m, attributes);
        for (String pair : text.strip().split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                m.putIfAbsent(k, v);
                Matcher a = ATTRIBUTE.matcher(k);
                if (a.matches()) attributes.computeIfAbsent(a.group(1), x -> new ArrayList<>()).add(v);
            } catch (IllegalArgumentException e) {
                throw new Rejection(RejectReason.WRONG_TYPE, "the form body is not valid application/x-www-form-urlencoded");
            }
        }
        return new RequestFields(m, attributes);
    }

    /**
     * The body with every {@code api_key} value replaced by {@value #REDACTED}: what a dead letter may keep. The field
     * is found by its decoded name, so a percent-encoded ({@code api%5Fkey}) or JSON-escaped ({@code api\u005fkey})
     * name is redacted too; in JSON up to where the body stops being valid.
     */
    static byte[] redacted(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        String out = text.stripLeading().startsWith("{") ? redactJson(text) : redactForm(text);
        return out.equals(text) ? body : out.getBytes(StandardCharsets.UTF_8);
    }

    private static String redactForm(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('&', start);
            if (end < 0) end = text.length();
            String pair = text.substring(start, end);
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String decoded;
            try {
                decoded = URLDecoder.decode(name, StandardCharsets.UTF_8).strip();
            } catch (IllegalArgumentException e) {
                decoded = name;
            }
            boolean key = KEY_FIELD.equals(decoded) && eq >= 0 && eq < pair.length() - 1;
            out.append(key ? name + "=" + REDACTED : pair);
            if (end < text.length()) out.append('&');
            start = end + 1;
        }
        return out.toString();
    }

    private static String redactJson(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        try (JsonParser p = Json.mapper().getFactory().createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t.isScalarValue() && KEY_FIELD.equals(p.currentName()) && p.getParsingContext().getParent() != null
                        && p.getParsingContext().getParent().inRoot()) {
                    p.finishToken(); // strings are read lazily: the end is known only once read
                    int from = (int) p.currentTokenLocation().getCharOffset();
                    int to = (int) p.currentLocation().getCharOffset();
                    out.append(text, copied, from).append('"').append(REDACTED).append('"');
                    copied = to;
                }
            }
        } catch (IOException e) {
            // malformed after this point: what follows is kept, a key in it blanked the plain way
            return out.append(text.substring(copied).replaceAll("(?s)(api_key\\W{0,8}).*", "$1" + REDACTED)).toString();
        }
        return out.append(text, copied, text.length()).toString();
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
