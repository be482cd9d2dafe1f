package org.iocity.api.signals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.iocity.api.live.LiveHub;
import org.iocity.api.state.PlanAuditRecord;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.Json;

/**
 * The audit trail: every record (signal plans sent, alerts acknowledged) goes to a durable, append-only {@link Sink}
 * (the Kafka topic {@code ioc.audit}); the last {@code keep} plan records per signal stay in memory for
 * {@code GET .../plans}, also those read back from the topic after a restart ({@link #remember}). Thread-safe.
 */
public final class AuditTrail implements AutoCloseable {
    /** Where records are kept for good; the stage completes once they are. */
    public interface Sink extends AutoCloseable {
        CompletionStage<Void> append(String key, Object record);

        @Override
        default void close() {}
    }

    /** Kafka: idempotent producer, acks=all (from {@code KafkaClients.producer}), key = signal id. */
    public static Sink kafka(java.util.Properties producerProps) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps);
        return new Sink() {
            @Override
            public CompletionStage<Void> append(String key, Object record) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                producer.send(new ProducerRecord<>(Topics.AUDIT, key, Json.toBytes(record)), (md, e) -> {
                    if (e == null) done.complete(null);
                    else done.completeExceptionally(e);
                });
                return done;
            }

            @Override
            public void close() {
                producer.close(java.time.Duration.ofSeconds(5));
            }
        };
    }

    private final Sink sink;
    private final int keep;
    private final Map<String, Deque<PlanAuditRecord>> recent = new HashMap<>();

    public AuditTrail(Sink sink, int keep) {
        this.sink = sink;
        this.keep = keep;
    }

    public CompletionStage<Void> append(PlanAuditRecord r) {
        remember(r);
        return sink.append(r.signalId(), r);
    }

    /** Appends another kind of record (an {@link org.iocity.api.state.AlertAck}) under {@code key}. */
    public CompletionStage<Void> append(String key, Object record) {
        return sink.append(key, record);
    }

    /** Keeps a plan record in memory (once per id, newest first by time), e.g. one read back from the topic. */
    public void remember(PlanAuditRecord r) {
        synchronized (recent) {
            Deque<PlanAuditRecord> q = recent.computeIfAbsent(r.signalId(), k -> new ArrayDeque<>());
            if (q.stream().anyMatch(x -> x.id().equals(r.id()))) return;
            List<PlanAuditRecord> all = new ArrayList<>(q);
            all.add(r);
            all.sort(java.util.Comparator.comparing(PlanAuditRecord::time).reversed());
            q.clear();
            all.stream().limit(keep).forEach(q::addLast);
        }
    }

    /** The kept records of a signal, newest first. */
    List<PlanAuditRecord> recent(String signalId) {
        synchronized (recent) {
            return new ArrayList<>(recent.getOrDefault(signalId, new ArrayDeque<>()));
        }
    }

    @Override
    public void close() {
        try {
            sink.close();
        } catch (Exception e) {
            LiveHub.LOG.debug("audit sink close: {}", e.toString());
        }
    }
}
