package org.iocity.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.iocity.model.records.Json;
import org.iocity.model.records.RejectReason;

/**
 * The bad device messages of {@code src/test/resources/bad-input/device-messages.jsonl}: one JSON object a line with
 * {@code topic}, {@code payload}, {@code expectedReason} and {@code note}. Placeholders in the payload are filled in when
 * sent: {@code ${seq}} a fresh sequence number, {@code ${now}}/{@code ${past}}/{@code ${future}} the time of sending,
 * 30 days before, a day after; {@code ${pad}} 5000 characters, {@code ${long}} 65, {@code "${huge}"} the number 1e400.
 */
record BadInputCorpus(String topic, String payload, RejectReason expectedReason, String note) {
    static final Path FILE = Path.of("src/test/resources/bad-input/device-messages.jsonl");

    static List<BadInputCorpus> load() {
        try {
            return Files.readAllLines(FILE, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).map(l -> {
                JsonNode n = Json.fromBytes(l.getBytes(StandardCharsets.UTF_8), JsonNode.class);
                return new BadInputCorpus(n.get("topic").asText(), n.get("payload").asText(),
                        RejectReason.valueOf(n.get("expectedReason").asText()), n.get("note").asText());
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] build(Instant now, LongSupplier seq) {
        return payload.replace("${seq}", Long.toString(seq.getAsLong()))
                .replace("${now}", now.toString())
                .replace("${past}", now.minus(Duration.ofDays(30)).toString())
                .replace("${future}", now.plus(Duration.ofDays(1)).toString())
                .replace("${pad}", "x".repeat(5000))
                .replace("${long}", "f".repeat(65))
                .replace("\"${huge}\"", "1e400")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** How many lines expect each reason. */
    static Map<RejectReason, Long> countsByReason(List<BadInputCorpus> corpus) {
        Map<RejectReason, Long> m = new TreeMap<>();
        corpus.forEach(c -> m.merge(c.expectedReason(), 1L, Long::sum));
        return m;
    }
}
