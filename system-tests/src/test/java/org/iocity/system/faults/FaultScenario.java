package org.iocity.system.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.iocity.ingest.IngestGateway;
import org.iocity.jobs.JobSettings;
import org.iocity.jobs.JobSinks;
import org.iocity.jobs.JobSources;
import org.iocity.jobs.StreamJobsMain;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;
import org.iocity.parts.Await;
import org.iocity.parts.LocalStack;
import org.iocity.sim.CityGenerator;
import org.iocity.testkit.TopicReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scenario every fault test runs, with a known correct answer: {@value #CAMERAS} cameras of a generated city (one
 * registry file for the gateway and the job) publish {@value #ROUNDS} numbered rounds, one every
 * {@link #ROUND_EVERY} ({@value #CAMERAS} × 2 = 400 messages/s, 10 s of event time each round), through Mosquitto →
 * ingest → Kafka → the congestion job (one-minute tumbling windows). A window [W, W+60 s) of a segment holds the
 * intervals stamped W … W+50 s of each camera on it, so its vehicles are known from the rounds alone: six intervals of
 * every camera, fewer in the first and last window. The job's out-of-orderness ({@link #OUT_OF_ORDERNESS}, 48 rounds,
 * 24 s of wall time) covers a restarted part; idleness is longer than the test. At the end, once the job has read every
 * raw record (its group's committed offsets are at the end of the topic), one round an hour of event time later
 * closes every window of the scenario.
 */
final class FaultScenario implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultScenario.class);
    static final int CAMERAS = 200;
    static final int ROUNDS = 100;
    static final Duration ROUND_EVERY = Duration.ofMillis(500);
    static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(8);
    static final Duration WINDOW = Duration.ofSeconds(60);
    static final Duration WAIT = Duration.ofSeconds(120);

    final String name;
    final LocalStack stack;
    final IocConfig config;
    final List<Registry.Device> cameras;
    /** Event time of round 0: six hours ago, on the hour (so on a window boundary). */
    final Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6));
    private JobClient job;

    private FaultScenario(String name, LocalStack stack, IocConfig config, List<Registry.Device> cameras) {
        this.name = name;
        this.stack = stack;
        this.config = config;
        this.cameras = cameras;
    }

    /** Kafka and Mosquitto on free ports, a generated city of {@value #CAMERAS} cameras, settings named after the test. */
    static FaultScenario start(String name) {
        return start(name, Map.of());
    }

    /** As {@link #start(String)}, with {@code settings} on top (e.g. the gateway's subscription). */
    static FaultScenario start(String name, Map<String, String> settings) {
        LocalStack stack = LocalStack.start(LocalStack.Part.KAFKA, LocalStack.Part.MOSQUITTO);
        try {
            Path registry = stack.dir().resolve("registry.json");
            CityGenerator.write(new CityGenerator.Spec(9, 10, 150, 0, CAMERAS, 0, 0, 0, 1_000_000), registry);
            List<Registry.Device> cameras = Registry.load(registry).devices("camera");
            assertEquals(CAMERAS, cameras.size());
            IocConfig config = stack.config().with(Map.ofEntries(
                    Map.entry("registry.file", registry.toString()),
                    Map.entry("mqtt.client.id", name + "-ingest"),
                    Map.entry("flink.checkpoint.interval", "1s"),
                    Map.entry("flink.group.id", name + "-jobs"),
                    Map.entry("flink.transactional.id.prefix", name),
                    Map.entry("watermark.out.of.orderness", OUT_OF_ORDERNESS.toSeconds() + "s"),
                    Map.entry("watermark.idleness", "10m"),
                    Map.entry("congestion.window", WINDOW.toSeconds() + "s"),
                    Map.entry("congestion.slide", WINDOW.toSeconds() + "s"))).with(settings);
            return new FaultScenario(name, stack, config, cameras);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** The cameras, connected to Mosquitto as one persistent session. */
    NumberedCameras cameras() throws Exception {
        return new NumberedCameras(stack.mosquitto().url(), name + "-cameras", cameras, t0);
    }

    /**
     * The cameras publishing their {@value #ROUNDS} rounds, one every {@link #ROUND_EVERY}, once every camera's round
     * {@code round} is acknowledged: the moment each fault test injects its fault.
     */
    NumberedCameras camerasPastRound(int round) throws Exception {
        NumberedCameras numbered = cameras();
        try {
            numbered.start(ROUNDS, ROUND_EVERY);
            Await.until(WAIT, "round " + round + " acknowledged", () -> numbered.acked() >= (long) round * CAMERAS);
            return numbered;
        } catch (RuntimeException | Error e) {
            numbered.close();
            throw e;
        }
    }

    /** The MiniCluster a fault test runs the job on ({@link #startJob()}): one task manager with two slots. */
    static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());
    }

    /** The whole analytics job on the test's MiniCluster, restarting (from its last checkpoint) as often as it fails. */
    void startJob() throws Exception {
        Configuration restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1000);
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(restart);
        env.setParallelism(2);
        AttemptProbe.MAX.set(0);
        JobSettings settings = JobSettings.from(config);
        JobSources kafka = JobSources.kafka(settings.kafka());
        StreamJobsMain.defineJob(env, settings, (e, topic) -> topic.equals(Topics.TRAFFIC_OBSERVATIONS)
                ? kafka.read(e, topic).map(new AttemptProbe()).name("attempt-probe").uid("attempt-probe")
                : kafka.read(e, topic), JobSinks.kafka(settings.kafka()));
        job = env.executeAsync(name);
        Await.value(WAIT, "job " + name + " running", () -> job.getJobStatus().get(), JobStatus.RUNNING::equals);
    }

    /** How often the job was restarted so far (the highest task attempt number seen). */
    static int jobRestarts() {
        return AttemptProbe.MAX.get();
    }

    /**
     * Passes the raw camera records through and notes the highest attempt number of its tasks: how often the job
     * restarted. Static: the MiniCluster runs in the test's JVM.
     */
    static final class AttemptProbe extends RichMapFunction<byte[], byte[]> {
        private static final long serialVersionUID = 1L;
        static final AtomicInteger MAX = new AtomicInteger();

        @Override
        public void open(OpenContext openContext) {
            MAX.accumulateAndGet(getRuntimeContext().getTaskInfo().getAttemptNumber(), Math::max);
        }

        @Override
        public byte[] map(byte[] value) {
            return value;
        }
    }

    /** Segment {@code seg@windowStart} → vehicles of the fault-free run, from the rounds alone. */
    Map<String, Long> expectedWindows() {
        Map<String, Long> expected = new TreeMap<>();
        for (int i = 0; i < cameras.size(); i++) {
            for (long r = 1; r <= ROUNDS; r++) {
                Instant ts = NumberedCameras.stamp(t0, r);
                Instant start = Instant.ofEpochMilli(Math.floorDiv(ts.toEpochMilli(), WINDOW.toMillis()) * WINDOW.toMillis());
                expected.merge(cameras.get(i).segmentId() + "@" + start, NumberedCameras.intensity(i), Long::sum);
            }
        }
        return expected;
    }

    /** What the raw topic holds of the cameras' messages, against what the broker acknowledged to them. */
    record RawTally(long records, long distinct, long missing, long duplicates, long unmarkedDuplicates,
                    Map<String, List<ConsumerRecord<String, byte[]>>> copies, List<String> missingKeys) {
        @Override
        public String toString() {
            return records + " records, " + distinct + " distinct (camera, seq), " + missing + " acknowledged ones missing, "
                    + duplicates + " extra copies (" + unmarkedDuplicates + " not marked " + IngestGateway.HEADER_DUPLICATE + ")";
        }
    }

    /** Waits until every acknowledged (camera, seq) is in the raw topic (or the wait ends), then reads it all. */
    RawTally rawTally(Map<String, Set<Long>> acked) {
        return rawTally(acked, acked.values().stream().mapToLong(Set::size).sum());
    }

    /** Waits until {@code expected} distinct (camera, seq) are in the raw topic (or the wait ends), then reads it all. */
    RawTally rawTally(Map<String, Set<Long>> acked, long expected) {
        try (TopicReader raw = new TopicReader(config, Topics.TRAFFIC_OBSERVATIONS)) {
            try {
                raw.until(WAIT, distinctAtLeast(FaultScenario::sequenceKey, expected));
            } catch (AssertionError notAll) {
                LOG.error("{}: fewer than {} distinct messages reached Kafka within {} s", name, expected, WAIT.toSeconds());
            }
            List<ConsumerRecord<String, byte[]>> all = raw.toEnd(WAIT);
            Map<String, List<ConsumerRecord<String, byte[]>>> copies = all.stream()
                    .collect(Collectors.groupingBy(FaultScenario::sequenceKey, TreeMap::new, Collectors.toList()));
            List<String> missingKeys = new ArrayList<>();
            for (var e : acked.entrySet()) {
                for (long seq : e.getValue()) if (!copies.containsKey(e.getKey() + "/" + seq)) missingKeys.add(e.getKey() + "/" + seq);
            }
            long missing = missingKeys.size();
            long duplicates = all.size() - copies.size();
            long unmarked = all.stream().filter(r -> r.headers().lastHeader(IngestGateway.HEADER_DUPLICATE) == null).count()
                    - copies.size();
            RawTally t = new RawTally(all.size(), copies.size(), missing, duplicates, unmarked, copies, missingKeys);
            LOG.info("{}: raw topic: {}", name, t);
            return t;
        }
    }

    /**
     * A condition on the records read so far that holds once they have {@code count} distinct keys (null keys left
     * out); each record is looked at once, however often the condition is asked.
     */
    static Predicate<List<ConsumerRecord<String, byte[]>>> distinctAtLeast(
            Function<ConsumerRecord<String, byte[]>, String> key, long count) {
        Set<String> seen = new HashSet<>();
        int[] looked = {0};
        return rs -> {
            for (int i = looked[0]; i < rs.size(); i++) {
                String k = key.apply(rs.get(i));
                if (k != null) seen.add(k);
            }
            looked[0] = rs.size();
            return seen.size() >= count;
        };
    }

    static String sequenceKey(ConsumerRecord<String, byte[]> r) {
        CameraObservation o = Json.fromBytes(r.value(), CameraObservation.class);
        return o.deviceId() + "/" + o.seq();
    }

    /** Waits until the job's consumer group has committed (on a checkpoint) the end of the raw topic. */
    void awaitJobReadEverything() throws Exception {
        String group = config.string("flink.group.id");
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            Await.value(WAIT, "the job read every raw record", () -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(Topics.TRAFFIC_OBSERVATIONS)).allTopicNames().get()
                        .get(Topics.TRAFFIC_OBSERVATIONS).partitions()
                        .forEach(p -> latest.put(new TopicPartition(Topics.TRAFFIC_OBSERVATIONS, p.partition()), OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                return ends.entrySet().stream().allMatch(e -> committed.containsKey(e.getKey())
                        && committed.get(e.getKey()).offset() >= e.getValue().offset());
            }, done -> done);
        }
    }

    /**
     * Closes every window of the scenario (a round an hour of event time after the last) once the job read everything
     * before it, then checks {@code ioc.congestion} (committed records): every window of every segment exactly once,
     * with exactly the fault-free vehicles, nothing else before the closing round; and nothing on {@code ioc.late}.
     */
    void assertFaultFreeResults(NumberedCameras publisher) throws Exception {
        awaitJobReadEverything();
        Instant closing = NumberedCameras.stamp(t0, ROUNDS).plus(Duration.ofHours(1));
        publisher.publishRound(ROUNDS + 1, closing);
        Map<String, Long> expected = expectedWindows();
        long t = System.nanoTime();
        try (TopicReader congestion = new TopicReader(config, Topics.CONGESTION)) {
            try {
                congestion.until(WAIT, distinctAtLeast(r -> windowKey(r, closing), expected.size()));
            } catch (AssertionError notAll) {
                LOG.error("{}: not every window on {} within {} s", name, Topics.CONGESTION, WAIT.toSeconds());
            }
            Map<String, List<CongestionResult>> windows = segmentWindows(congestion.toEnd(WAIT), closing);
            LOG.info("{}: {} of {} windows on {} {} ms after the closing round", name, windows.size(), expected.size(),
                    Topics.CONGESTION, (System.nanoTime() - t) / 1_000_000);
            Set<String> missing = new TreeSet<>(expected.keySet());
            missing.removeAll(windows.keySet());
            Set<String> extra = new TreeSet<>(windows.keySet());
            extra.removeAll(expected.keySet());
            List<String> wrong = new ArrayList<>();
            windows.forEach((k, rs) -> {
                if (rs.size() != 1) wrong.add(k + " written " + rs.size() + " times");
                else if (expected.containsKey(k) && rs.get(0).vehicles() != expected.get(k)) {
                    wrong.add(k + " " + rs.get(0).vehicles() + " vehicles, fault-free " + expected.get(k));
                }
            });
            assertEquals(Set.of(), missing, "windows missing (" + missing.size() + ")");
            assertEquals(Set.of(), extra, "windows a fault-free run does not have");
            assertEquals(List.of(), wrong, "windows not exactly once with the fault-free count");
        }
        try (TopicReader late = new TopicReader(config, Topics.LATE_EVENTS)) {
            List<ConsumerRecord<String, byte[]>> lates = late.toEnd(WAIT);
            assertTrue(lates.isEmpty(), lates.size() + " events late for their window, e.g. "
                    + (lates.isEmpty() ? "" : new String(lates.get(0).value(), java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    /** Segment results by {@code seg@windowStart}, leaving out area records and windows of the closing round. */
    static Map<String, List<CongestionResult>> segmentWindows(List<ConsumerRecord<String, byte[]>> rs, Instant closing) {
        Map<String, List<CongestionResult>> m = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : rs) {
            String k = windowKey(r, closing);
            if (k != null) m.computeIfAbsent(k, x -> new ArrayList<>()).add(Json.fromBytes(r.value(), CongestionResult.class));
        }
        return m;
    }

    /** {@code seg@windowStart} of a segment result before {@code closing}; null for area records and later windows. */
    static String windowKey(ConsumerRecord<String, byte[]> r, Instant closing) {
        if (r.key() == null || r.key().startsWith("area:")) return null;
        CongestionResult c = Json.fromBytes(r.value(), CongestionResult.class);
        return c.windowEnd().isBefore(closing) ? c.segmentId() + "@" + c.windowStart() : null;
    }

    @Override
    public void close() throws Exception {
        try {
            if (job != null) job.cancel().get();
        } finally {
            stack.close();
        }
    }
}
