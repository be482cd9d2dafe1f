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

/** {@link IngestMetrics} as Micrometer meters, scraped as Prometheus text at the gateway's {@code /metrics}. */
public final class MicrometerIngestMetrics implements IngestMetrics {

    private final PrometheusMeterRegistry registry;
    private final Counter received;
    private final Counter duplicates;
    private final Counter late;
    private final Counter gaps;
    private final Counter kafkaFailures;
    private final Timer kafkaLatency;
    private final Map<String, Counter> forwarded = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<String, Counter> unknownCodes = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> open311Responses = new ConcurrentHashMap<>();
    private final Map<String, Counter> open311Rejected = new ConcurrentHashMap<>();

    public MicrometerIngestMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public MicrometerIngestMetrics(PrometheusMeterRegistry registry) {
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

    @Override
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void received() {
        received.increment();
    }

    @Override
    public void forwarded(String topic) {
        forwarded.computeIfAbsent(topic, t -> Counter.builder(FORWARDED).description("records forwarded to Kafka")
                .tag(TAG_TOPIC, t).register(registry)).increment();
    }

    @Override
    public void rejected(String reason) {
        rejected.computeIfAbsent(reason, r -> Counter.builder(REJECTED).description("messages dead-lettered, by reason")
                .tag(TAG_REASON, r).register(registry)).increment();
    }

    @Override
    public void unknownCode(int code) {
        String tag = Integer.toString(code);
        Counter c = unknownCodes.get(tag);
        if (c == null) {
            // a device sending every code of 0..65535 must not make as many meters
            if (unknownCodes.size() >= UNKNOWN_CODES_TAGGED) tag = "other";
            c = unknownCodes.computeIfAbsent(tag, t -> Counter.builder(UNKNOWN_CODES)
                    .description("controller events forwarded with a code outside the Indiana enumeration, by code")
                    .tag(TAG_CODE, t).register(registry));
        }
        c.increment();
    }

    @Override
    public long unknownCodeCount(int code) {
        return count(unknownCodes, Integer.toString(code));
    }

    @Override
    public void open311Response(int status) {
        open311Responses.computeIfAbsent(status, st -> Counter.builder(OPEN311_RESPONSES)
                .description("Open311 intake answers, by HTTP status").tag(TAG_STATUS, Integer.toString(st)).register(registry))
                .increment();
    }

    @Override
    public void open311Rejected(String reason) {
        open311Rejected.computeIfAbsent(reason, r -> Counter.builder(OPEN311_REJECTED)
                .description("Open311 requests refused and dead-lettered, by reason").tag(TAG_REASON, r).register(registry))
                .increment();
    }

    private static <K> long count(Map<K, Counter> counters, K key) {
        Counter c = counters.get(key);
        return c == null ? 0 : (long) c.count();
    }

    @Override
    public void duplicate() {
        duplicates.increment();
    }

    @Override
    public void late() {
        late.increment();
    }

    @Override
    public void gap(long missing) {
        gaps.increment(missing);
    }

    @Override
    public void kafkaFailure() {
        kafkaFailures.increment();
    }

    @Override
    public void kafkaLatency(long nanos) {
        kafkaLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public long receivedCount() {
        return (long) received.count();
    }

    @Override
    public long forwardedCount() {
        return (long) forwarded.values().stream().mapToDouble(Counter::count).sum();
    }

    @Override
    public long forwardedCount(String topic) {
        return count(forwarded, topic);
    }

    @Override
    public long rejectedCount(String reason) {
        return count(rejected, reason);
    }

    @Override
    public long rejectedTotal() {
        return (long) rejected.values().stream().mapToDouble(Counter::count).sum();
    }

    @Override
    public long duplicateCount() {
        return (long) duplicates.count();
    }

    @Override
    public long lateCount() {
        return (long) late.count();
    }

    @Override
    public long gapCount() {
        return (long) gaps.count();
    }

    @Override
    public long kafkaFailureCount() {
        return (long) kafkaFailures.count();
    }

    @Override
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
