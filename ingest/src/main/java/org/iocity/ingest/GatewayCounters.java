package org.iocity.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the gateway did, counted: received, forwarded, dead-lettered by reason, Kafka failures. */
public final class GatewayCounters {
    final LongAdder received = new LongAdder();
    final LongAdder forwarded = new LongAdder();
    final LongAdder kafkaFailures = new LongAdder();
    final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    final AtomicLong lastKafkaLatencyMicros = new AtomicLong();

    public long received() {
        return received.sum();
    }

    public long forwarded() {
        return forwarded.sum();
    }

    public long kafkaFailures() {
        return kafkaFailures.sum();
    }

    public long rejected(String reason) {
        LongAdder a = rejected.get(reason);
        return a == null ? 0 : a.sum();
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    void reject(String reason) {
        rejected.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    @Override
    public String toString() {
        Map<String, Long> byReason = new java.util.TreeMap<>();
        rejected.forEach((k, v) -> byReason.put(k, v.sum()));
        return "received=" + received() + " forwarded=" + forwarded() + " rejected=" + byReason
                + " kafkaFailures=" + kafkaFailures() + " lastKafkaLatencyMs=" + lastKafkaLatencyMicros.get() / 1000.0;
    }

}
