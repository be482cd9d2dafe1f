package org.iocity.jobs.bench;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.Json;
import org.iocity.model.records.VehicleCounts;
import org.iocity.parts.LocalStack;

/**
 * Throughput of the whole job, Kafka in → Kafka out (not a test; {@code ./ioc bench congestion}): pre-fills
 * {@code ioc.traffic.observations} with N camera intervals (2,000 cameras, 10 s apart in event time), then runs the job
 * on a local MiniCluster at parallelism 2 until the congestion window holding the last interval is committed to
 * {@code ioc.congestion}, and prints events/s.
 */
public final class CongestionBenchmark {
    private CongestionBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int cameras = 2_000;
        Instant t0 = Instant.parse("2026-11-23T00:00:00Z");
        try (LocalStack stack = LocalStack.start(LocalStack.Part.KAFKA)) {
            IocConfig config = JobBench.config(stack, Map.of("watermark.out.of.orderness", "1s", "watermark.idleness", "1s"));
            long lastTs = 0;
            try (KafkaProducer<String, byte[]> producer = JobBench.producer(config)) {
                for (int i = 0; i < n; i++) {
                    int cam = i % cameras;
                    Instant ts = t0.plusSeconds(10L * (i / cameras));
                    lastTs = ts.toEpochMilli();
                    CameraObservation o = new CameraObservation("cam-" + cam, i / cameras, ts, ts, "seg-" + (cam % 500),
                            "ward-" + (cam % 50), 40, 10, 12, new VehicleCounts(8, 3, 0, 1, 0), 10 + cam % 30, 0.3);
                    producer.send(new ProducerRecord<>(Topics.TRAFFIC_OBSERVATIONS, o.deviceId(), Json.toBytes(o)));
                }
                producer.flush();
                // one interval far later on each partition moves event time past every window of the load
                for (int part = 0; part < 2; part++) {
                    Instant ts = Instant.ofEpochMilli(lastTs).plusSeconds(3600);
                    CameraObservation o = new CameraObservation("cam-end-" + part, 0, ts, ts, "seg-end", "ward-0", 40, 10,
                            1, new VehicleCounts(1, 0, 0, 0, 0), 30, 0.1);
                    producer.send(new ProducerRecord<>(Topics.TRAFFIC_OBSERVATIONS, part, "end-" + part, Json.toBytes(o)));
                }
            }
            Instant lastEnd = Instant.ofEpochMilli(lastTs);
            // a result's Kafka timestamp is its window's last millisecond (the sink writes the stream timestamp), so
            // only the last windows' JSON is read: reading every result cost the reader as much CPU as a job operator
            JobBench.run("congestion job", config, Topics.TRAFFIC_OBSERVATIONS, n + 2L, n, Topics.CONGESTION,
                    r -> r.timestamp() >= lastEnd.toEpochMilli() - 1 && r.key() != null && r.key().startsWith("seg-")
                            && !r.key().equals("seg-end")
                            && !Json.fromBytes(r.value(), CameraObservationWindow.class).windowEnd().isBefore(lastEnd));
        }
    }

    /** Just the window end of a congestion record. */
    record CameraObservationWindow(Instant windowEnd) {}
}
