package org.iocity.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.Json;
import org.iocity.model.records.SignalEvent;
import org.iocity.model.records.SignalEventBatch;
import org.iocity.parts.LocalStack;

/**
 * Throughput of the signal-performance pipeline, Kafka in → Kafka out (not a test; {@code ./ioc bench signals [N]}):
 * pre-fills {@code ioc.signal.events} with about N hi-res events from 200 intersections (the registry's detector layout:
 * phases 2+6 then 4+8 in a 120 s cycle, advance and stop-bar detectors on/off every few seconds, pedestrian calls and
 * walks), one batch per controller every 5 s as ingest writes it, then runs the whole job until every intersection's
 * 15-minute bin holding its last event is committed to {@code ioc.signal.performance}.
 */
public final class SignalBenchmark {
    static final int INTERSECTIONS = 200;
    static final long BATCH_MS = 5_000, CYCLE_MS = 120_000;

    private SignalBenchmark() {}

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        Instant t0 = Instant.parse("2026-11-23T00:00:00Z");
        try (LocalStack stack = LocalStack.start(LocalStack.Part.KAFKA)) {
            Path registry = benchRegistry(stack);
            IocConfig config = JobBench.config(stack, Map.of("registry.file", registry.toString(),
                    "watermark.out.of.orderness", "10s", "watermark.idleness", "1s"));
            List<Controller> controllers = new ArrayList<>();
            for (int k = 0; k < INTERSECTIONS; k++) controllers.add(new Controller(k, t0.toEpochMilli()));
            long events = 0, batches = 0, lastTs = 0, lastFrom = 0;
            try (KafkaProducer<String, byte[]> producer = JobBench.producer(config)) {
                for (long from = t0.toEpochMilli(); events < n; from += BATCH_MS) {
                    lastFrom = from;
                    for (Controller c : controllers) {
                        SignalEventBatch b = c.batch(from, from + BATCH_MS);
                        if (b == null) continue;
                        events += b.events().size();
                        batches++;
                        lastTs = Math.max(lastTs, b.eventTime().toEpochMilli());
                        producer.send(new ProducerRecord<>(Topics.SIGNAL_EVENTS, b.deviceId(), Json.toBytes(b)));
                    }
                }
                producer.flush();
                // a green an hour later on each partition moves event time past every bin of the load
                for (int part = 0; part < 2; part++) {
                    Instant ts = Instant.ofEpochMilli(lastTs).plusSeconds(3600);
                    SignalEventBatch end = new SignalEventBatch("ctl-end-" + part, 0, ts, ts, "x-end-" + part, "sai-gon",
                            List.of(new SignalEvent(ts, 1, 2)));
                    producer.send(new ProducerRecord<>(Topics.SIGNAL_EVENTS, part, end.deviceId(), Json.toBytes(end)));
                }
            }
            System.out.printf("signal events: %,d events in %,d batches (%.0f per batch), %d intersections, %.0f min of event time%n",
                    events, batches, (double) events / batches, INTERSECTIONS, (lastTs - t0.toEpochMilli()) / 60_000.0);
            // done when every intersection's bin holding the last round of batches is committed
            long lastRound = lastFrom;
            Set<String> finished = new HashSet<>();
            JobBench.run("signal performance", config, Topics.SIGNAL_EVENTS, batches + 2, events, Topics.SIGNAL_PERFORMANCE,
                    r -> r.key() != null && r.key().startsWith("x-bench-") && endsAfter(r.value(), lastRound)
                            && finished.add(r.key()) && finished.size() == INTERSECTIONS);
        }
    }

    static boolean endsAfter(byte[] value, long t) {
        Bin b = Json.fromBytes(value, Bin.class);
        return "bin".equals(b.kind()) && b.binEnd().toEpochMilli() > t;
    }

    /** Just the kind and end of a signal-performance record. */
    record Bin(String kind, Instant binEnd) {}

    /** The repository's registry plus 200 intersections with the detector layout of its first one. */
    static Path benchRegistry(LocalStack stack) throws Exception {
        ObjectNode doc = (ObjectNode) Json.mapper().readTree(LocalStack.repoRoot().resolve("config/registry.json").toFile());
        ArrayNode xs = (ArrayNode) doc.get("intersections");
        JsonNode model = xs.get(0);
        for (int k = 0; k < INTERSECTIONS; k++) xs.add(((ObjectNode) model.deepCopy()).put("id", id(k)));
        Path file = stack.dir().resolve("bench-registry.json");
        Files.write(file, Json.mapper().writeValueAsBytes(doc));
        return file;
    }

    static String id(int k) {
        return String.format("x-bench-%03d", k);
    }

    /**
     * One controller's events, generated cycle by cycle: phases 2 and 6 green 0–50 s (max-out / gap-out), yellow 4 s,
     * red clearance 2 s; phases 4 and 8 green 56–104 s, yellow, red clearance; a pedestrian call on phase 4 answered by
     * its walk at 56 s; on each of the 8 vehicle detectors a vehicle every 1.5–5.5 s, occupying it 0.2–1.4 s.
     */
    static final class Controller {
        final int k;
        final SplittableRandom random;
        final List<SignalEvent> pending = new ArrayList<>();
        long generatedTo;
        long seq;

        Controller(int k, long t0) {
            this.k = k;
            this.random = new SplittableRandom(k);
            this.generatedTo = t0 - (k * 7_919L) % CYCLE_MS; // offsets spread over the cycle
        }

        /** The batch of events in [from, to), or null when there are none. */
        SignalEventBatch batch(long from, long to) {
            while (generatedTo < to) generateCycle(generatedTo);
            pending.sort(Comparator.comparing(SignalEvent::ts));
            List<SignalEvent> out = new ArrayList<>();
            while (!pending.isEmpty() && pending.get(0).ts().toEpochMilli() < to) {
                SignalEvent e = pending.remove(0);
                if (e.ts().toEpochMilli() >= from) out.add(e);
            }
            if (out.isEmpty()) return null;
            Instant last = out.get(out.size() - 1).ts();
            return new SignalEventBatch("ctl-bench-" + k, ++seq, last, last, id(k), "sai-gon", out);
        }

        private void generateCycle(long c) {
            for (int phase : new int[] {2, 6}) phase(c, phase, 0, 50_000, phase == 2 ? 5 : 4);
            for (int phase : new int[] {4, 8}) phase(c, phase, 56_000, 104_000, phase == 4 ? 4 : 5);
            add(c + 20_000 + random.nextInt(20_000), 45, 4);
            add(c + 56_000, 21, 4);
            for (int channel = 1; channel <= 8; channel++) {
                for (long t = c + random.nextInt(3_000); t < c + CYCLE_MS; t += 1_500 + random.nextInt(4_000)) {
                    add(t, 82, channel);
                    add(t + 200 + random.nextInt(1_200), 81, channel);
                }
            }
            generatedTo = c + CYCLE_MS;
        }

        private void phase(long c, int phase, long green, long end, int termination) {
            add(c + green, 1, phase);
            add(c + end, termination, phase);
            add(c + end, 8, phase);
            add(c + end + 4_000, 10, phase);
            add(c + end + 6_000, 11, phase);
        }

        private void add(long t, int code, int param) {
            pending.add(new SignalEvent(Instant.ofEpochMilli(t), code, param));
        }
    }
}
