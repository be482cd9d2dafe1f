package org.iocity.ingest.open311;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.iocity.model.records.Json;
import org.iocity.model.records.RejectReason;

/**
 * The bad requests of {@code src/test/resources/bad-input/open311-requests.jsonl}, one JSON object a line:
 * {@code method}, {@code path}, {@code key} (sent as {@code X-Api-Key}: {@code app}, {@code backoffice}, {@code wrong}
 * or {@code none}), {@code contentType}, {@code body}, {@code expectedStatus}, {@code expectedReason} (the dead letter's
 * reason; null for what is answered without being dead-lettered: unknown paths, wrong methods) and {@code note}.
 * Placeholders in path and body, filled in when sent: {@code ${app}}, {@code ${backoffice}}, {@code ${wrong}} API keys
 * in a body field (a dead letter keeps {@code REDACTED} instead), {@code ${request}} a complaint that exists,
 * {@code ${now}}, {@code ${ahead}} a day later, {@code ${due}} five days later, {@code ${pad}} 70,000 characters,
 * {@code ${long}} 4,001 and {@code ${addr}} 501.
 */
record Open311Corpus(String method, String path, String key, String contentType, String body, int expectedStatus,
                     RejectReason expectedReason, String note) {
    static final Path FILE = Path.of("src/test/resources/bad-input/open311-requests.jsonl");
    static final List<String> KEY_PLACEHOLDERS = List.of("${app}", "${backoffice}", "${wrong}");

    static List<Open311Corpus> load() {
        try {
            return Files.readAllLines(FILE, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).map(l -> {
                JsonNode n = Json.fromBytes(l.getBytes(StandardCharsets.UTF_8), JsonNode.class);
                return new Open311Corpus(n.get("method").asText(), n.get("path").asText(), n.get("key").asText(),
                        n.path("contentType").asText(null), n.path("body").asText(null), n.get("expectedStatus").asInt(),
                        n.hasNonNull("expectedReason") ? RejectReason.valueOf(n.get("expectedReason").asText()) : null,
                        n.get("note").asText());
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code template} with each placeholder replaced by {@code value} of it. */
    static String fill(String template, Function<String, String> value) {
        if (template == null) return null;
        String s = template;
        for (String p : List.of("${app}", "${backoffice}", "${wrong}", "${request}", "${now}", "${ahead}", "${due}", "${pad}",
                "${long}", "${addr}")) {
            if (s.contains(p)) s = s.replace(p, value.apply(p));
        }
        return s;
    }

    static <K> Map<K, Long> countBy(List<Open311Corpus> corpus, Function<Open311Corpus, K> key) {
        Map<K, Long> m = new TreeMap<>();
        corpus.forEach(c -> {
            K k = key.apply(c);
            if (k != null) m.merge(k, 1L, Long::sum);
        });
        return m;
    }
}
