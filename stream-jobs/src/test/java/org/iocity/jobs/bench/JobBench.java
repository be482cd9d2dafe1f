package org.iocity.jobs.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.iocity.jobs.StreamJobsMain;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.parts.LocalStack;

/**
 * The common part of the job benchmarks: the whole job ({@link StreamJobsMain#defineJob}) on a local MiniCluster at
 * parallelism 2 over a pre-filled input topic, until the result that proves the last input was processed is committed.
 * Two figures: the whole run (job start-up and last checkpoint included), and the steady-state rate of the source,
 * from the offsets the job commits on each checkpoint (from the first commit past zero to the last one), each with the
 * CPU time of this JVM over the same span (events per CPU-second: comparable under load; the steady-state one leaves out
 * the start-up, whose JIT compilation alone is several CPU-seconds).
 */
final class JobBench {
    static final String GROUP = "ioc-stream-jobs";

    private JobBench() {}

    /**
     * The stack's settings for a benchmark run: checkpoints every 2 s, parallelism 2, 2 partitions; then
     * {@code -Dioc.<key>=...} to try other job settings, e.g. {@code -Dioc.flink.object.reuse=true}.
     */
    static IocConfig config(LocalStack stack, Map<String, String> more) {
        return stack.config().with(Map.of("flink.checkpoint.interval", "2s", "kafka.partitions", "2",
                "flink.group.id", GROUP)).with(more).with(IocConfig.systemOverrides());
    }

    /** The producer ingest would use (acks=all, idempotent, lz4, 64 KB batches). */
    static KafkaProducer<String, byte[]> producer(IocConfig config) {
        return new KafkaProducer<>(KafkaClients.producer(config, "bench-loader"));
    }

    /**
     * Runs the job until a record on {@code output} passes {@code last}, prints both rates for {@code events} events
     * ({@code sourceRecords} records on {@code input}) and returns the whole run's seconds.
     */
    static double run(String what, IocConfig config, String input, long sourceRecords, long events, String output,
                      Predicate<ConsumerRecord<String, byte[]>> last) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        StreamJobsMain.defineJob(env, config);
        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        JobClient job = env.executeAsync(StreamJobsMain.JOB_NAME);
        long firstAt = 0, lastAt = 0, firstOffset = 0, lastOffset = 0, firstCpu = 0, lastCpu = 0;
        Map<String, Long> firstThreads = Map.of(), lastThreads = Map.of();
        try (KafkaConsumer<String, byte[]> out = new KafkaConsumer<>(KafkaClients.consumer(config, "bench-reader", "bench-reader"));
             Admin admin = Admin.create(KafkaClients.admin(config))) {
            out.subscribe(List.of(output));
            boolean done = false;
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (!done && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : out.poll(Duration.ofMillis(200))) done |= last.test(r);
                long offset = committed(admin, input);
                long now = System.nanoTime();
                if (offset > 0 && firstAt == 0) {
                    firstAt = now;
                    firstOffset = offset;
                    firstCpu = cpuNanos();
                    firstThreads = ThreadCpu.byThread();
                } else if (offset > lastOffset && offset < sourceRecords) {
                    lastAt = now;
                    lastOffset = offset;
                    lastCpu = cpuNanos();
                    lastThreads = ThreadCpu.byThread();
                }
            }
            if (!done) throw new IllegalStateException("the job did not catch up in 30 min");
        }
        double secs = (System.nanoTime() - start) / 1e9;
        double cpu = (cpuNanos() - cpuStart) / 1e9;
        job.cancel().get();
        System.out.printf("%s, Kafka -> Kafka, parallelism 2: %,d events (%,d records) in %.1f s = %,.0f events/s "
                + "including job start; first checkpoint after %.1f s%n", what, events, sourceRecords, secs, events / secs,
                (firstAt - start) / 1e9);
        // CPU time of this JVM (the job and the result reader; the broker runs in its own JVM): robust to other load
        System.out.printf("%s: %.1f CPU-s in this JVM = %,.0f events per CPU-second%n", what, cpu, events / cpu);
        if (lastAt > firstAt) {
            double steady = (lastAt - firstAt) / 1e9;
            double perRecord = (double) events / sourceRecords;
            double steadyEvents = (lastOffset - firstOffset) * perRecord;
            System.out.printf("%s steady state (committed source offsets %,d -> %,d over %.1f s): %,.0f events/s; "
                    + "%.1f CPU-s in this JVM = %,.0f events per CPU-second%n", what, firstOffset, lastOffset, steady,
                    steadyEvents / steady, (lastCpu - firstCpu) / 1e9, steadyEvents / ((lastCpu - firstCpu) / 1e9));
            double jit = ThreadCpu.seconds(firstThreads, lastThreads, "CompilerThre");
            System.out.printf("%s steady state without the JIT compiler threads (%.1f CPU-s, warm-up that a long run does "
                    + "not repeat): %,.0f events per CPU-second%n", what, jit, steadyEvents / ((lastCpu - firstCpu) / 1e9 - jit));
            System.out.printf("%s steady state, CPU-s by thread: %s%n", what, ThreadCpu.delta(firstThreads, lastThreads));
        } else {
            System.out.printf("%s: too short for a steady-state figure (fewer than two checkpoints while reading)%n", what);
        }
        return secs;
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Records of {@code topic} the job's group has committed (it commits on each completed checkpoint). */
    static long committed(Admin admin, String topic) throws Exception {
        Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }
}
