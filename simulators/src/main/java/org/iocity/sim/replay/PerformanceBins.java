package org.iocity.sim.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.Json;

/**
 * The 15-minute measures ({@code kind = bin} records of {@link Topics#SIGNAL_PERFORMANCE}) of some intersections
 * over a time span, read from Kafka until every 15 minutes of the span has its bin or a deadline passes, and printed
 * as a table, one line per bin and phase. Records are read as JSON trees, so measures added to the record later are
 * simply not printed, never a reason to fail.
 */
public final class PerformanceBins {
    static final Duration BIN = Duration.ofMinutes(15);

    /** The last version of each bin (a revised bin replaces the earlier one), by intersection and start. */
    private final Map<String, Map<Instant, JsonNode>> bins = new TreeMap<>();
    private final Set<String> intersections;
    private final Instant from;
    private final Instant to;

    /** Bins of {@code intersections} that start in [{@code from} floored to 15 min, {@code to}). */
    public PerformanceBins(Set<String> intersections, Instant from, Instant to) {
        this.intersections = intersections;
        this.from = floor(from);
        this.to = to;
    }

    static Instant floor(Instant t) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), BIN.toSeconds()) * BIN.toSeconds());
    }

    /** Takes one record of the topic; true when it was a bin of interest. */
    public boolean accept(byte[] value) {
        JsonNode n;
        try {
            n = Json.mapper().readTree(value);
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
        if (n == null || !"bin".equals(n.path("kind").asText()) || !intersections.contains(n.path("intersectionId").asText())) return false;
        Instant start;
        try {
            start = Instant.parse(n.path("binStart").asText());
        } catch (RuntimeException e) {
            return false;
        }
        if (start.isBefore(from) || !start.isBefore(to)) return false;
        bins.computeIfAbsent(n.path("intersectionId").asText(), k -> new TreeMap<>()).put(start, n);
        return true;
    }

    /**
     * Whether every intersection has the bins of the span's whole 15 minutes (the last, partial one excepted: it
     * closes only when later data or the quiet period closes it).
     */
    public boolean complete() {
        long expected = Duration.between(from, floor(to)).dividedBy(BIN);
        return intersections.stream().allMatch(i -> bins.getOrDefault(i, Map.of()).size() >= Math.max(1, expected));
    }

    public int count() {
        return bins.values().stream().mapToInt(Map::size).sum();
    }

    /** Reads {@link Topics#SIGNAL_PERFORMANCE} from its beginning until {@link #complete()} or {@code deadline}. */
    public void read(IocConfig config, Duration deadline) {
        var props = KafkaClients.consumer(config, "ioc-replay-" + UUID.randomUUID(), "ioc-replay-bins");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> parts = consumer.partitionsFor(Topics.SIGNAL_PERFORMANCE, deadline).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long end = System.nanoTime() + deadline.toNanos();
            while (!complete() && System.nanoTime() < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) accept(r.value());
            }
        }
    }

    /** The table: one line per bin and phase, times in {@code zone}. */
    public void print(PrintWriter out, ZoneId zone) {
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(zone);
        String head = "%-16s  %-24s %5s %6s %8s %7s %6s %5s %8s %6s %5s %5s %5s %5s%n";
        out.printf(Locale.ROOT, head, "bin (" + zone + ")", "intersection", "phase", "cycles", "cycle s", "split s",
                "green", "%AoG", "arrivals", "sf", "gap", "max", "force", "ped");
        for (Map.Entry<String, Map<Instant, JsonNode>> i : bins.entrySet()) {
            for (Map.Entry<Instant, JsonNode> b : i.getValue().entrySet()) {
                List<JsonNode> phases = new ArrayList<>();
                b.getValue().path("phases").forEach(phases::add);
                if (phases.isEmpty()) out.printf(Locale.ROOT, "%-16s  %-24s %5s  (no phase data)%n", time.format(b.getKey()), i.getKey(), "-");
                for (JsonNode p : phases) {
                    out.printf(Locale.ROOT, "%-16s  %-24s %5d %6d %8.1f %7.1f %6.1f %5.1f %8d %6d %5d %5d %5d %5d%n",
                            time.format(b.getKey()), i.getKey(), p.path("phase").asInt(), p.path("cycles").asInt(),
                            p.path("meanCycleS").asDouble(), p.path("meanSplitS").asDouble(), p.path("greenS").asDouble(),
                            p.path("percentArrivalsOnGreen").asDouble(), p.path("arrivals").asInt(),
                            p.path("splitFailures").asInt(), p.path("gapOuts").asInt(), p.path("maxOuts").asInt(),
                            p.path("forceOffs").asInt(), p.path("pedCalls").asInt());
                }
            }
        }
        out.flush();
    }
}
