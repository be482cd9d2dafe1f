package org.iocity.jobs.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.iocity.jobs.StreamJobsMain;
import org.iocity.model.CameraObservation;
import org.iocity.model.IocConfig;
import org.iocity.model.Json;
import org.iocity.model.KafkaClients;
import org.iocity.model.Topics;
import org.iocity.model.VehicleCounts;
import org.iocity.stack.LocalStack;

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
            IocConfig config = stack.config().with(Map.of("flink.checkpoint.interval", "2s",
                    "watermark.out.of.orderness", "1s", "watermark.idleness", "1s", "kafka.partitions", "2"));
            Map<String, Object> p = Map.of("bootstrap.servers", config.string("kafka.bootstrap"), "acks", "all",
                    "linger.ms", 5, "batch.size", 65536, "key.serializer", StringSerializer.class.getName(),
                    "value.serializer", ByteArraySerializer.class.getName());
            long lastTs = 0;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
                for (int i = 0; i < n; i++) {
                    int cam = i % cameras;
                    Instant ts = t0.plusSeconds(10L * (i / cameras));
                    lastTs = ts.toEpochMilli();
                    CameraObservation o = new CameraObservation("cam-" + cam, i / cameras, ts, ts, "seg-" + (cam % 500),
                            "ward-" + (cam % 50), 40, 10, 12, new VehicleCounts(8, 3, 0, 1, 0), 10 + cam % 30, 0.3);
                    producer.send(new ProducerRecord<>(Topics.TRAFFIC_OBSERVATIONS, o.deviceId(), Json.toBytes(o)));
                }
            }
            // one interval far later moves event time past every window of the load
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
                for (int part = 0; part < 4; part++) {
                    Instant ts = Instant.ofEpochMilli(lastTs).plusSeconds(3600);
                    CameraObservation o = new CameraObservation("cam-end-" + part, 0, ts, ts, "seg-end", "ward-0", 40, 10,
                            1, new VehicleCounts(1, 0, 0, 0, 0), 30, 0.1);
                    producer.send(new ProducerRecord<>(Topics.TRAFFIC_OBSERVATIONS, "end-" + part, Json.toBytes(o)));
                }
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            StreamJobsMain.defineJob(env, config);
            long start = System.nanoTime();
            JobClient job = env.executeAsync(StreamJobsMain.JOB_NAME);
            Instant lastEnd = Instant.ofEpochMilli(lastTs);
            try (KafkaConsumer<String, byte[]> out = new KafkaConsumer<>(KafkaClients.consumer(config, "bench-reader", "bench-reader"))) {
                out.subscribe(java.util.List.of(Topics.CONGESTION));
                boolean done = false;
                long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
                while (!done && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : out.poll(Duration.ofMillis(200))) {
                        if (r.key() != null && r.key().startsWith("seg-") && !r.key().equals("seg-end")
                                && !Json.fromBytes(r.value(), CameraObservationWindow.class).windowEnd().isBefore(lastEnd)) {
                            done = true;
                        }
                    }
                }
                if (!done) throw new IllegalStateException("the job did not catch up in 30 min");
            }
            double secs = (System.nanoTime() - start) / 1e9;
            job.cancel().get();
            System.out.printf("congestion job, Kafka -> Kafka, parallelism 2: %d events in %.1f s = %.0f events/s%n",
                    n, secs, n / secs);
        }
    }

    /** Just the window end of a congestion record. */
    record CameraObservationWindow(Instant windowEnd) {}
}
