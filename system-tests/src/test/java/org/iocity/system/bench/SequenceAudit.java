package org.iocity.system.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.Json;
import org.iocity.parts.Await;

/**
 * Loss and duplicates by sequence number: reads the raw device topics from the start and keeps, per (topic, device),
 * the set of {@code seq}s ingest wrote. The simulator numbers every device's messages 1, 2, 3 … per stream and spends
 * a number even when a hand-over fails, so with no failed publishes every number from 1 to a device's highest must be
 * there: a hole is a lost message. The total is compared with what the simulator got PUBACKs for. Probe devices and
 * last wills (no {@code seq}) are left out. Also counts device events: the hi-res events inside signal batches.
 */
final class SequenceAudit implements AutoCloseable {
    static final List<String> TOPICS = List.of(Topics.TRAFFIC_OBSERVATIONS, Topics.SIGNAL_EVENTS, Topics.ENV_READINGS,
            Topics.DEVICE_STATUS);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, BitSet> seen = new HashMap<>();
    private final Map<String, long[]> perTopic = new LinkedHashMap<>(); // records, duplicates
    private long distinct;
    private long duplicates;
    private long hiResEvents;
    private long unreadable;
    private long windowFrom = Long.MAX_VALUE;
    private long windowTo = Long.MIN_VALUE;
    private long windowMessages;
    private long windowEvents;

    SequenceAudit(IocConfig config) {
        consumer = new KafkaConsumer<>(KafkaClients.consumer(config, "bench-audit-" + UUID.randomUUID(), "bench-audit"));
        List<TopicPartition> parts = TOPICS.stream().flatMap(t -> consumer.partitionsFor(t, Duration.ofSeconds(30)).stream())
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        TOPICS.forEach(t -> perTopic.put(t, new long[2]));
    }

    /** Also count what ingest received between these epoch ms (the measured window): {@link #windowMessages()}. */
    void window(long fromMs, long toMs) {
        windowFrom = fromMs;
        windowTo = toMs;
    }

    /**
     * Reads on until at least {@code expected} distinct (topic, device, seq) were seen and every raw partition is read
     * to its end (the messages of the measured window are the last ones: counting alone could stop before them), or
     * {@code timeout} passes.
     */
    void readUntil(long expected, Duration timeout) {
        try {
            Await.until(timeout, expected + " distinct sequence numbers on the raw topics, read to their end", () -> {
                readOnce();
                return distinct >= expected && readToEnd();
            });
        } catch (AssertionError e) {
            // what is missing is the result: reported, not thrown
        }
        readOnce(); // anything still on its way, e.g. duplicates
    }

    private boolean readToEnd() {
        for (var end : consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(10)).entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) return false;
        }
        return true;
    }

    private void readOnce() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            JsonNode n;
            try {
                n = Json.mapper().readTree(r.value());
            } catch (IOException e) {
                unreadable++;
                continue;
            }
            String device = n.path("deviceId").asText("");
            long seq = n.path("seq").asLong(-1);
            if (AlertProbes.isProbe(device) || seq < 1 || seq > Integer.MAX_VALUE) continue;
            long[] t = perTopic.get(r.topic());
            t[0]++;
            BitSet b = seen.computeIfAbsent(r.topic() + "|" + device, k -> new BitSet());
            if (b.get((int) seq)) {
                duplicates++;
                t[1]++;
                continue;
            }
            b.set((int) seq);
            distinct++;
            int events = Topics.SIGNAL_EVENTS.equals(r.topic()) ? n.path("events").size() : 1;
            if (Topics.SIGNAL_EVENTS.equals(r.topic())) hiResEvents += events;
            long received = receivedAt(n);
            if (received >= windowFrom && received < windowTo) {
                windowMessages++;
                windowEvents += events;
            }
        }
    }

    private static long receivedAt(JsonNode n) {
        try {
            return java.time.Instant.parse(n.path("receivedAt").asText()).toEpochMilli();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Device messages ingest received in the window (each once). */
    long windowMessages() {
        return windowMessages;
    }

    /** Device events in those messages: a signal batch counts its hi-res events, any other message one. */
    long windowEvents() {
        return windowEvents;
    }

    long distinct() {
        return distinct;
    }

    long hiResEvents() {
        return hiResEvents;
    }

    /** Numbers missing below each device's highest one. */
    long holes() {
        long holes = 0;
        for (BitSet b : seen.values()) holes += (b.length() - 1) - b.cardinality();
        return holes;
    }

    long duplicates() {
        return duplicates;
    }

    String perTopic() {
        StringBuilder sb = new StringBuilder();
        perTopic.forEach((topic, t) -> sb.append(String.format(Locale.ROOT, "%s %d records (%d duplicates); ", topic, t[0], t[1])));
        return sb.append(unreadable).append(" unreadable").toString();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
