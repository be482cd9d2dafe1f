package org.iocity.jobs.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.iocity.jobs.StreamJobsMain;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.ComplaintEvent;
import org.iocity.model.records.Json;
import org.iocity.model.registry.WorkingCalendar;
import org.iocity.parts.LocalStack;

/**
 * Throughput of the citizen analytics, Kafka in → Kafka out (not a test; {@code ./ioc bench kpi}): pre-fills
 * {@code ioc.complaints} (2 partitions) with N complaint events in event-time order — cases of three events each
 * (received, assigned, resolved 2 to 60 h later; seeded), one case every 10 s of event time over 168 wards, 6
 * categories, 20 agencies and points in the city — then runs the whole job ({@link StreamJobsMain#defineJob}: heatmap
 * and hot spots, case tracker, per-area KPIs, daily summaries, exactly-once sinks, checkpoints every 2 s; traffic
 * idle) on a local MiniCluster at parallelism 2 until the city's day record of the last loaded day is committed on
 * {@code ioc.kpi}, and prints events/s.
 */
public final class KpiBenchmark {
    private KpiBenchmark() {}

    static final String[] CATEGORIES = {"construction-order", "urban-order", "environment", "traffic-safety",
            "security-order", "other"};

    record Step(long time, int caseNo, String type) {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Instant t0 = Instant.parse("2026-11-02T00:00:00Z");
        Random random = new Random(42);
        List<Step> steps = new ArrayList<>(n + 3);
        for (int c = 0; steps.size() < n; c++) {
            long received = t0.toEpochMilli() + 10_000L * c;
            steps.add(new Step(received, c, ComplaintEvent.RECEIVED));
            steps.add(new Step(received + 3_600_000L, c, ComplaintEvent.ASSIGNED));
            steps.add(new Step(received + 3_600_000L * (2 + random.nextInt(59)), c, ComplaintEvent.RESOLVED));
        }
        steps.sort(java.util.Comparator.comparingLong(Step::time));
        List<Step> load = steps.subList(0, n);
        WorkingCalendar calendar = WorkingCalendar.weekdaysOnly();
        try (LocalStack stack = LocalStack.start(LocalStack.Part.KAFKA)) {
            IocConfig config = stack.config().with(Map.of("flink.checkpoint.interval", "2s",
                    "watermark.out.of.orderness", "1s", "watermark.idleness", "1s", "kafka.partitions", "2",
                    "calendar.holidays.file", LocalStack.repoRoot().resolve("config/holidays-vn.json").toString()));
            KafkaClients.ensureTopics(config, Topics.all());
            Map<String, Object> p = Map.of("bootstrap.servers", config.string("kafka.bootstrap"), "acks", "all",
                    "linger.ms", 5, "batch.size", 65536, "key.serializer", StringSerializer.class.getName(),
                    "value.serializer", ByteArraySerializer.class.getName());
            long last = 0;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
                for (Step s : load) {
                    ComplaintEvent e = event(s, calendar);
                    last = Math.max(last, s.time());
                    producer.send(new ProducerRecord<>(Topics.COMPLAINTS, e.requestId(), Json.toBytes(e)));
                }
                // one complaint far later on each partition moves event time past the last loaded day
                for (int part = 0; part < 2; part++) {
                    ComplaintEvent e = event(new Step(last + Duration.ofDays(2).toMillis(), -1 - part, ComplaintEvent.RECEIVED), calendar);
                    producer.send(new ProducerRecord<>(Topics.COMPLAINTS, part, e.requestId(), Json.toBytes(e)));
                }
            }
            String lastDay = "kpi:day:city:city:" + calendar.day(Instant.ofEpochMilli(last));
            // no restarts: a failing job must stop the run with its cause, not restart behind the figure
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                    org.apache.flink.configuration.Configuration.fromMap(Map.of("restart-strategy.type", "none",
                            CheckpointingOptions.CHECKPOINT_STORAGE.key(), "filesystem",
                            CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(), java.nio.file.Files.createTempDirectory(
                                    "kpi-bench-checkpoints").toUri().toString())));
            env.setParallelism(2);
            StreamJobsMain.defineJob(env, config);
            long start = System.nanoTime();
            JobClient job = env.executeAsync(StreamJobsMain.JOB_NAME);
            var result = job.getJobExecutionResult();
            try (KafkaConsumer<String, byte[]> out = new KafkaConsumer<>(KafkaClients.consumer(config, "bench-reader", "bench-reader"))) {
                out.subscribe(List.of(Topics.KPI));
                boolean done = false;
                long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
                while (!done && System.nanoTime() < deadline) {
                    if (result.isDone()) result.get();   // ended early: throws with the cause
                    for (ConsumerRecord<String, byte[]> r : out.poll(Duration.ofMillis(200))) {
                        if (lastDay.equals(r.key())) done = true;
                    }
                }
                if (!done) throw new IllegalStateException("the job did not catch up in 30 min");
            }
            double secs = (System.nanoTime() - start) / 1e9;
            job.cancel().get();
            System.out.printf("citizen KPI job, Kafka -> Kafka, parallelism 2: %d complaint events (%s .. %s) in %.1f s = %.0f events/s%n",
                    n, LocalDate.ofInstant(t0, WorkingCalendar.CITY_ZONE), lastDay.substring(lastDay.lastIndexOf(':') + 1),
                    secs, n / secs);
        }
    }

    static ComplaintEvent event(Step s, WorkingCalendar calendar) {
        int c = Math.abs(s.caseNo());
        Random r = new Random(c);   // the same ward, category and point for every step of a case
        long received = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli() + 10_000L * s.caseNo();
        String category = CATEGORIES[r.nextInt(CATEGORIES.length)];
        Instant due = calendar.addWorkingDays(Instant.ofEpochMilli(received), 1 + r.nextInt(5));
        return new ComplaintEvent("e-" + s.caseNo() + "-" + s.type(), "req-" + s.caseNo(), s.type(), Instant.ofEpochMilli(s.time()),
                "svc", category, "ward-" + r.nextInt(168), ComplaintEvent.RECEIVED.equals(s.type()) ? null : "agency-" + r.nextInt(20),
                due, 10.70 + r.nextDouble() * 0.15, 106.60 + r.nextDouble() * 0.15, null, null, null, "bench", null, null, null);
    }
}
