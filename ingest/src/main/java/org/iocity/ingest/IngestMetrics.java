package org.iocity.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the gateway did, as Micrometer meters (scraped as Prometheus text at {@code /metrics}). Meter names are the
 * constants here, and only here.
 */
public final class IngestMetrics {
    public static final String RECEIVED = "ioc.ingest.received";
    public static final String FORWARDED = "ioc.ingest.forwarded";
    public static final String REJECTED = "ioc.ingest.rejected";
    public static final String DUPLICATES = "ioc.ingest.duplicates";
    public static final String LATE = "ioc.ingest.late";
    public static final String GAPS = "ioc.ingest.seq.gaps";
    public static final String KAFKA_FAILURES = "ioc.ingest.kafka.failures";
    public static final String KAFKA_LATENCY = "ioc.ingest.kafka.latency";
    /** Answers of the Open311 intake (and its back-office endpoints), by HTTP status. */
    public static final String OPEN311_RESPONSES = "ioc.ingest.open311.responses";
    /** Requests the Open311 intake refused and dead-lettered, by reason. */
    public static final String OPEN311_REJECTED = "ioc.ingest.open311.rejected";
    public static final String TAG_REASON = "reason";
    public static final String TAG_STATUS = "status";
    public static final String TAG_TOPIC = "topic";

    private final PrometheusMeterRegistry registry;
    private final Counter received;
    private final Counter duplicates;
    private final Counter late;
    private final Counter gaps;
    private final Counter kafkaFailures;
    private final Timer kafkaLatency;
    private final Map<String, Counter> forwarded = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> open311Responses = new ConcurrentHashMap<>();
    private final Map<String, Counter> open311Rejected = new ConcurrentHashMap<>();

    public IngestMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public IngestMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        received = Counter.builder(RECEIVED).description("MQTT messages received").register(registry);
        duplicates = Counter.builder(DUPLICATES).description("records forwarded marked as duplicates (device and seq seen before)").register(registry);
        late = Counter.builder(LATE).description("records forwarded below their device's highest seq, not seen before").register(registry);
        gaps = Counter.builder(GAPS).description("sequence numbers skipped by devices").register(registry);
        kafkaFailures = Counter.builder(KAFKA_FAILURES).description("records Kafka did not take (their MQTT message stays unacknowledged)").register(registry);
        kafkaLatency = Timer.builder(KAFKA_LATENCY).description("send to Kafka acknowledgement").publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    void received() {
        received.increment();
    }

    void forwarded(String topic) {
        forwarded.computeIfAbsent(topic, t -> Counter.builder(FORWARDED).description("records forwarded to Kafka")
                .tag(TAG_TOPIC, t).register(registry)).increment();
    }

    void rejected(String reason) {
        rejected.computeIfAbsent(reason, r -> Counter.builder(REJECTED).description("messages dead-lettered, by reason")
                .tag(TAG_REASON, r).register(registry)).increment();
    }

    public void open311Response(int status) {
        open311Responses.computeIfAbsent(status, st -> Counter.builder(OPEN311_RESPONSES)
                .description("Open311 intake answers, by HTTP status").tag(TAG_STATUS, Integer.toString(st)).register(registry))
                .increment();
    }

    public void open311Rejected(String reason) {
        open311Rejected.computeIfAbsent(reason, r -> Counter.builder(OPEN311_REJECTED)
                .description("Open311 requests refused and dead-lettered, by reason").tag(TAG_REASON, r).register(registry))
                .increment();
    }

    private static <K> long count(Map<K, Counter> counters, K key) {
        Counter c = counters.get(key);
        return c == null ? 0 : (long) c.count();
    }

    void duplicate() {
        duplicates.increment();
    }

    void late() {
        late.increment();
    }

    void gap(long missing) {
        gaps.increment(missing);
    }

    void kafkaFailure() {
        kafkaFailures.increment();
    }

    void kafkaLatency(long nanos) {
        kafkaLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public long receivedCount() {
        return (long) received.count();
    }

    public long forwardedCount() {
        return (long) forwarded.values().stream().mapToDouble(Counter::count).sum();
    }

    public long forwardedCount(String topic) {
        return count(forwarded, topic);
    }

    public long rejectedCount(String reason) {
        return count(rejected, reason);
    }

    public long rejectedTotal() {
        return (long) rejected.values().stream().mapToDouble(Counter::count).sum();
    }

    public long duplicateCount() {
        return (long) duplicates.count();
    }

    public long lateCount() {
        return (long) late.count();
    }

    public long gapCount() {
        return (long) gaps.count();
    }

    public long kafkaFailureCount() {
        return (long) kafkaFailures.count();
    }

    public Duration kafkaLatencyMean() {
        return Duration.ofNanos((long) kafkaLatency.mean(TimeUnit.NANOSECONDS));
    }

    /** The one-line summary the gateway logs periodically. */
    @Override
    public String toString() {
        Map<String, Long> byReason = new TreeMap<>();
        rejected.forEach((k, v) -> byReason.put(k, (long) v.count()));
        return "received=" + receivedCount() + " forwarded=" + forwardedCount() + " rejected=" + byReason
                + " duplicates=" + duplicateCount() + " late=" + lateCount() + " gaps=" + gapCount()
                + " kafkaFailures=" + kafkaFailureCount()
                + " kafkaLatencyMeanMs=" + String.format(java.util.Locale.ROOT, "%.1f", kafkaLatency.mean(TimeUnit.MICROSECONDS) / 1000.0);
    }
}
