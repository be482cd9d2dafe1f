package org.iocity.system.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.Alert;
import org.iocity.model.records.Json;
import org.iocity.parts.Await;

/**
 * Where the probes' per-event latency goes, hop by hop. Two consumers of the bench read, from the end, what the
 * services write: one {@code read_uncommitted} (the probes' raw readings and statuses, and the alerts), one
 * {@code read_committed} (the alerts, as the dashboard reads them); {@link WallClient} hands over the frames. Each probe
 * event (a reading or an offline status, by device and event time, which its alert carries as {@code at}) gets:
 * <ol>
 * <li><b>mqtt</b>: device time (a reading's {@code ts}; for a last will the moment the probe dropped its connection) →
 * ingest's {@code receivedAt};</li>
 * <li><b>ingest</b>: {@code receivedAt} → the raw record's Kafka timestamp (CreateTime: when ingest handed it to its
 * producer);</li>
 * <li><b>raw kafka</b>: CreateTime → the raw record read by the bench (producer linger, broker append, fetch);</li>
 * <li><b>flink</b>: raw record read → its alert read uncommitted (the job's source fetch, parse, exchanges, keyed
 * function, sink producer);</li>
 * <li><b>commit</b>: alert read uncommitted → read committed (what a transaction still open on the partition holds
 * back: its last stable offset);</li>
 * <li><b>dashboard</b>: alert read committed → its frame at the wall (the dashboard's consumer, event loop,
 * WebSocket).</li>
 * </ol>
 * The bench's consumers poll back to back, so a hop that ends or starts at "read by the bench" includes their fetch
 * (~1 ms on loopback when idle). Only events whose frame came while {@link #measure measuring} and that were seen at
 * every hop count; the others are reported as incomplete.
 */
final class AlertHops implements AutoCloseable {
    /** What a probe event raised or cleared. */
    enum Kind {
        FLOOD_RAISE("flood alert raised"), FLOOD_CLEAR("flood alert cleared"), OFFLINE("device offline");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    static final String[] HOPS = {"mqtt", "ingest", "raw kafka", "flink", "commit", "dashboard"};
    private static final int SLOWEST_SHOWN = 5;

    /** One probe event's times, epoch ms; 0 until seen. */
    static final class Trace {
        final String entity;
        final long at;
        volatile Kind kind;
        volatile long device;
        volatile long received;
        volatile long created;
        volatile long rawRead;
        volatile long uncommitted;
        volatile long committed;
        volatile long frame;

        Trace(String entity, long at) {
            this.entity = entity;
            this.at = at;
        }

        boolean complete() {
            return kind != null && device > 0 && received > 0 && created > 0 && rawRead > 0 && uncommitted > 0
                    && committed > 0 && frame > 0;
        }

        long[] hops() {
            return new long[] {received - device, created - received, rawRead - created, uncommitted - rawRead,
                    committed - uncommitted, frame - committed};
        }

        long total() {
            return frame - device;
        }
    }

    private final AlertProbes probes;
    private final Map<String, Trace> traces = new ConcurrentHashMap<>();
    private final List<Reader> readers = new ArrayList<>();
    private volatile boolean measuring;

    AlertHops(AlertProbes probes) {
        this.probes = probes;
    }

    /** Starts the two consumers on the brokers of {@code config}, each from the end of its topics. */
    void start(IocConfig config) {
        readers.add(new Reader(config, "read_uncommitted",
                List.of(Topics.ENV_READINGS, Topics.DEVICE_STATUS, Topics.ALERTS), this::onUncommitted));
        readers.add(new Reader(config, "read_committed", List.of(Topics.ALERTS), this::onCommitted));
        readers.forEach(r -> r.thread.start());
    }

    void measure(boolean on) {
        measuring = on;
    }

    private Trace trace(String entity, long at) {
        return traces.computeIfAbsent(entity + "@" + at, k -> new Trace(entity, at));
    }

    /** A record read {@code read_uncommitted} at {@code now}: a probe's raw reading or offline status, or an alert. */
    void onUncommitted(ConsumerRecord<String, byte[]> r, JsonNode n, long now) {
        if (Topics.ALERTS.equals(r.topic())) {
            Trace t = alertTrace(n);
            if (t != null && t.uncommitted == 0) t.uncommitted = now;
            return;
        }
        String device = n.path("deviceId").asText("");
        boolean water = Topics.ENV_READINGS.equals(r.topic()) && probes.isWaterProbe(device);
        boolean offline = Topics.DEVICE_STATUS.equals(r.topic()) && probes.isOfflineProbe(device)
                && "offline".equals(n.path("state").asText());
        if (!water && !offline) return;
        Trace t = trace(device, millis(n.path("eventTime")));
        if (t.rawRead != 0) return; // a copy
        t.device = water ? t.at : probes.droppedAt(device);
        t.received = millis(n.path("receivedAt"));
        t.created = r.timestamp();
        t.rawRead = now;
    }

    /** An alert read {@code read_committed} at {@code now}. */
    void onCommitted(ConsumerRecord<String, byte[]> r, JsonNode n, long now) {
        Trace t = alertTrace(n);
        if (t != null && t.committed == 0) t.committed = now;
    }

    /** The trace of a probe's flood or offline alert record, by entity and {@code at}; null for any other alert. */
    private Trace alertTrace(JsonNode alert) {
        String entity = alert.path("entity").asText("");
        Kind kind = kind(alert.path("kind").asText(), entity, Alert.RAISED.equals(alert.path("state").asText()));
        if (kind == null) return null;
        Trace t = trace(entity, millis(alert.path("at")));
        t.kind = kind;
        return t;
    }

    private Kind kind(String alertKind, String entity, boolean raised) {
        if (Alert.FLOOD.equals(alertKind) && probes.isWaterProbe(entity)) return raised ? Kind.FLOOD_RAISE : Kind.FLOOD_CLEAR;
        if (Alert.DEVICE_OFFLINE.equals(alertKind) && raised && probes.isOfflineProbe(entity)) return Kind.OFFLINE;
        return null;
    }

    /**
     * A probe's alert frame at the wall ({@code view}: the dashboard's alert view, {@code status} open or cleared),
     * received at {@code now}: a raise is its {@code since}, a clear its {@code clearedAt}.
     */
    void frame(JsonNode view, long now) {
        if (!measuring) return;
        String entity = view.path("entity").asText("");
        boolean open = "open".equals(view.path("status").asText());
        Kind kind = kind(view.path("kind").asText(), entity, open);
        if (kind == null) return;
        Trace t = trace(entity, millis(view.path(open ? "since" : "clearedAt")));
        if (t.kind == null) t.kind = kind; // also when its alert record was not seen: counted, as incomplete
        if (t.frame == 0) t.frame = now;
    }

    private static long millis(JsonNode time) {
        try {
            return Instant.parse(time.asText()).toEpochMilli();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Per kind of event: p50 / p99 / max of each hop and of the whole way; then the slowest events, hop by hop. */
    List<String> report() {
        List<Trace> framed = traces.values().stream().filter(t -> t.frame > 0 && t.kind != null).toList();
        List<Trace> complete = framed.stream().filter(Trace::complete).toList();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "per-event latency hop by hop (ms, p50 / p99 / max; %d of %d framed events seen at "
                + "every hop): mqtt = device -> ingest receivedAt, ingest = -> raw CreateTime, raw kafka = -> raw read "
                + "by the bench, flink = -> alert read uncommitted, commit = -> read committed, dashboard = -> wall frame",
                complete.size(), framed.size()));
        Map<Kind, List<Trace>> byKind = new EnumMap<>(Kind.class);
        complete.forEach(t -> byKind.computeIfAbsent(t.kind, k -> new ArrayList<>()).add(t));
        byKind.forEach((kind, ts) -> {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-20s n=%-4d", kind.label, ts.size()));
            for (int h = 0; h < HOPS.length; h++) {
                int hop = h;
                sb.append(String.format(Locale.ROOT, " | %s %s", HOPS[h], quantiles(ts.stream().mapToLong(t -> t.hops()[hop]))));
            }
            lines.add(sb.append(String.format(Locale.ROOT, " | total %s", quantiles(ts.stream().mapToLong(Trace::total))))
                    .toString());
        });
        lines.add("  slowest events (time of the device event UTC, total = " + String.join(" + ", HOPS) + "):");
        complete.stream().sorted(Comparator.comparingLong(Trace::total).reversed()).limit(SLOWEST_SHOWN).forEach(t -> {
            long[] h = t.hops();
            lines.add(String.format(Locale.ROOT, "    %s %-18s %-20s %4d = %d + %d + %d + %d + %d + %d",
                    LocalTime.ofInstant(Instant.ofEpochMilli(t.device), ZoneOffset.UTC), t.entity, t.kind.label, t.total(),
                    h[0], h[1], h[2], h[3], h[4], h[5]));
        });
        return lines;
    }

    /** Every framed event, one line each (kind, entity, the times in epoch ms), for a closer look after the run. */
    void writeCsv(Path to) throws IOException {
        List<String> rows = new ArrayList<>();
        rows.add("kind,entity,device,receivedAt,created,rawRead,uncommitted,committed,frame");
        traces.values().stream().filter(t -> t.frame > 0 && t.kind != null).sorted(Comparator.comparingLong(t -> t.device))
                .forEach(t -> rows.add(String.join(",", t.kind.name(), t.entity, String.valueOf(t.device),
                        String.valueOf(t.received), String.valueOf(t.created), String.valueOf(t.rawRead),
                        String.valueOf(t.uncommitted), String.valueOf(t.committed), String.valueOf(t.frame))));
        Files.write(to, rows);
    }

    private static String quantiles(java.util.stream.LongStream values) {
        Latencies l = new Latencies();
        values.forEach(l::add);
        return String.format(Locale.ROOT, "%d / %d / %d", l.quantile(0.5), l.quantile(0.99), l.quantile(1.0));
    }

    @Override
    public void close() throws InterruptedException {
        for (Reader r : readers) r.close();
    }

    /** What a reader does with a record, parsed, read at {@code now} (epoch ms). */
    private interface OnRecord {
        void accept(ConsumerRecord<String, byte[]> record, JsonNode value, long now);
    }

    /** A consumer on its own thread, from the end of its topics' partitions, polling back to back. */
    private static final class Reader {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;
        private volatile boolean closed;

        Reader(IocConfig config, String isolation, List<String> topics, OnRecord onRecord) {
            Properties p = KafkaClients.consumer(config, "unused", "bench-hops-" + isolation);
            p.remove(ConsumerConfig.GROUP_ID_CONFIG);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
            consumer = new KafkaConsumer<>(p);
            // the stream job creates the topics when it starts, which may still be under way
            List<TopicPartition> parts = Await.value(Duration.ofMinutes(2), "the partitions of " + topics, () -> topics.stream()
                    .flatMap(t -> consumer.partitionsFor(t, Duration.ofSeconds(10)).stream())
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList(),
                    found -> topics.stream().allMatch(t -> found.stream().anyMatch(tp -> tp.topic().equals(t))));
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            thread = new Thread(() -> run(onRecord), "bench-hops-" + isolation);
            thread.setDaemon(true);
        }

        private void run(OnRecord onRecord) {
            try {
                while (!closed) {
                    var polled = consumer.poll(Duration.ofMillis(100));
                    long now = System.currentTimeMillis();
                    for (ConsumerRecord<String, byte[]> r : polled) {
                        try {
                            onRecord.accept(r, Json.mapper().readTree(r.value()), now);
                        } catch (IOException e) {
                            // not a probe's record: the services' bad input is not this class's business
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        void close() throws InterruptedException {
            closed = true;
            consumer.wakeup();
            thread.join(10_000);
        }
    }
}
