package org.iocity.ingest;

import java.time.Duration;

/**
 * What the gateway and the Open311 intake count. {@link #NOOP} for embedders and tests that do not care;
 * {@link MicrometerIngestMetrics} for {@code /metrics}. Every method is cheap and callable from any thread. The meter
 * names are the constants here, and only here.
 */
public interface IngestMetrics {
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
    /**
     * Controller events forwarded with a code outside the Indiana enumeration (vendor extensions), by code; Prometheus
     * {@code ioc_ingest_signal_unknown_codes_total{code="301"}}.
     */
    public static final String UNKNOWN_CODES = "ioc.ingest.signal.unknown.codes";
    /** Distinct codes tagged at most; further codes are counted under {@code code="other"}. */
    public static final int UNKNOWN_CODES_TAGGED = 512;
    public static final String TAG_CODE = "code";
    public static final String TAG_REASON = "reason";
    public static final String TAG_STATUS = "status";
    public static final String TAG_TOPIC = "topic";

    /** An MQTT message arrived. */
    void received();

    /** A record was forwarded to {@code topic}. */
    void forwarded(String topic);

    /** A message was dead-lettered for {@code reason}. */
    void rejected(String reason);

    /** A controller event with {@code code}, outside the Indiana enumeration, was forwarded. */
    void unknownCode(int code);

    /** A record forwarded marked as a duplicate (device and seq seen before). */
    void duplicate();

    /** A record forwarded below its device's highest seq, not seen before. */
    void late();

    /** A device skipped {@code missing} sequence numbers. */
    void gap(long missing);

    /** Kafka did not take a record. */
    void kafkaFailure();

    /** Send to Kafka acknowledgement took {@code nanos}. */
    void kafkaLatency(long nanos);

    /** The Open311 intake answered with {@code status}. */
    void open311Response(int status);

    /** The Open311 intake refused a request for {@code reason}. */
    void open311Rejected(String reason);

    long receivedCount();

    long forwardedCount();

    long forwardedCount(String topic);

    long rejectedCount(String reason);

    long rejectedTotal();

    /** Events forwarded with {@code code} outside the Indiana enumeration. */
    long unknownCodeCount(int code);

    long duplicateCount();

    long lateCount();

    long gapCount();

    long kafkaFailureCount();

    Duration kafkaLatencyMean();

    /** Prometheus text exposition of every meter (empty when nothing is metered). */
    String scrape();

    /** Counts nothing; every count reads 0. */
    IngestMetrics NOOP = new IngestMetrics() {
        @Override public void received() {}
        @Override public void forwarded(String topic) {}
        @Override public void rejected(String reason) {}
        @Override public void unknownCode(int code) {}
        @Override public void duplicate() {}
        @Override public void late() {}
        @Override public void gap(long missing) {}
        @Override public void kafkaFailure() {}
        @Override public void kafkaLatency(long nanos) {}
        @Override public void open311Response(int status) {}
        @Override public void open311Rejected(String reason) {}
        @Override public long receivedCount() { return 0; }
        @Override public long forwardedCount() { return 0; }
        @Override public long forwardedCount(String topic) { return 0; }
        @Override public long rejectedCount(String reason) { return 0; }
        @Override public long rejectedTotal() { return 0; }
        @Override public long unknownCodeCount(int code) { return 0; }
        @Override public long duplicateCount() { return 0; }
        @Override public long lateCount() { return 0; }
        @Override public long gapCount() { return 0; }
        @Override public long kafkaFailureCount() { return 0; }
        @Override public Duration kafkaLatencyMean() { return Duration.ZERO; }
        @Override public String scrape() { return ""; }
        @Override public String toString() { return "no metrics"; }
    };
}
