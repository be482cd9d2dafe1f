package org.iocity.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.Json;
import org.iocity.model.records.SignalEvent;
import org.iocity.model.records.SignalEventBatch;
import org.iocity.model.records.VehicleCounts;
import org.iocity.parts.LocalStack;
import org.iocity.testkit.TopicReader;
import org.iocity.testkit.TopicWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job ({@link StreamJobsMain#defineJob}) on a MiniCluster at parallelism 2, from and to a real Kafka broker,
 * with one injected failure in each source's records mid-stream: the job restarts from its last checkpoint and every
 * congestion window, signal cycle and signal bin is on the result topics exactly once (read_committed), with the values
 * it would have had without the failures.
 * <p>
 * Scenario (T0 = 01:00 UTC, windows 60 s sliding every 30 s, bins 5 min): camera {@code cam-a} on {@code seg-a} (6
 * vehicles at 30 km/h of 40 per 10 s interval: level B) and {@code cam-b} on {@code seg-b} (12 vehicles at 10 km/h: F),
 * an interval every 10 s from 10 s to 600 s; intersections {@code x-a}, {@code x-b} with phase 2 cycling every 60 s
 * (green 30 s, yellow 3 s, red clearance 2 s) from 0 s to a last green at 600 s. Part A (up to 300 s) is written, and
 * a checkpoint commits its results; part B is written and its results written, not committed; then one interval and
 * one green at 3600 s and at 7200 s (to move event time on), on which each source fails once. The job restarts from
 * the checkpoint after part A, rolls part B's results back and writes them again. Last, an interval and an event at
 * 100 s, far behind the watermark, reach {@code ioc.late} once each.
 */
@Timeout(300)
class ExactlyOnceRestoreIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /**
     * 01:00 UTC yesterday, from now: inside the broker's 7-day retention whatever the date (records stamped older are
     * deleted by its retention check).
     */
    static final Instant T0 = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).atTime(1, 0)
            .toInstant(java.time.ZoneOffset.UTC);
    static final long WINDOW_S = 60, SLIDE_S = 30;

    /** The camera of each segment: id, intensity per interval, speed (km/h), its Kafka partition. */
    record Camera(String id, String segment, long intensity, double speed, int partition, String level) {}

    static final Camera CAM_A = new Camera("cam-a", "seg-a", 6, 30, 0, "B");
    static final Camera CAM_B = new Camera("cam-b", "seg-b", 12, 10, 1, "F");

    @Test
    void aFailureMidStreamIsRestoredFromTheCheckpointWithEveryResultExactlyOnce(@InjectMiniCluster MiniCluster flink)
            throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStack.Part.KAFKA);
             TopicWriter writer = new TopicWriter(stack.config(), "restore-it")) {
            KafkaProducer<String, byte[]> producer = writer.producer(); // unacknowledged bursts to chosen partitions, then flush
            // checkpoints only when this test asks for one, so it knows what is committed when the failure hits
            IocConfig config = stack.config().with(Map.of("flink.checkpoint.interval", "1h",
                    "watermark.out.of.orderness", "1s", "watermark.idleness", "5m",
                    "congestion.window", WINDOW_S + "s", "congestion.slide", SLIDE_S + "s", "signal.bin", "5m"));
            FailOnce.reset();
            Configuration restart = new Configuration();
            restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
            restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(restart);
            env.setParallelism(2);
            // parts A and B hold 120 intervals and 22 batches: each source fails on the first record after them
            JobSettings settings = JobSettings.from(config);
            JobSources kafka = JobSources.kafka(settings.kafka());
            StreamJobsMain.defineJob(env, settings, (e, topic) -> kafka.read(e, topic)
                    .map(new FailOnce(topic, topic.equals(Topics.TRAFFIC_OBSERVATIONS) ? 121 : 23))
                    .name("fail-once-" + topic).uid("fail-once-" + topic), JobSinks.kafka(settings.kafka()));

            JobClient job = env.executeAsync("exactly-once-restore");
            Checkpoints checkpoints = new Checkpoints(flink, job.getJobID());
            try (TopicReader congestion = new TopicReader(config, Topics.CONGESTION);
                 TopicReader signals = new TopicReader(config, Topics.SIGNAL_PERFORMANCE);
                 TopicReader congestionWritten = TopicReader.uncommitted(config, Topics.CONGESTION);
                 TopicReader signalsWritten = TopicReader.uncommitted(config, Topics.SIGNAL_PERFORMANCE)) {
                // part A, then a checkpoint that commits its results
                for (Camera c : List.of(CAM_A, CAM_B)) observations(producer, c, 10, 300);
                signalBatches(producer, "x-a", 0, 0, 240);
                signalBatches(producer, "x-b", 1, 0, 240);
                producer.flush();
                awaitWritten(congestionWritten, signalsWritten, 270, 180);
                checkpoints.request();
                congestion.until(WAIT, has(segmentWindowEnding(270), 2));

                // part B, its results written but not committed (no checkpoint since), then the failures
                for (Camera c : List.of(CAM_A, CAM_B)) observations(producer, c, 310, 600);
                signalBatches(producer, "x-a", 0, 300, 600);
                signalBatches(producer, "x-b", 1, 300, 600);
                producer.flush();
                awaitWritten(congestionWritten, signalsWritten, 570, 480);
                assertEquals(0, FailOnce.failures(), "no failure before the end of part B");
                for (long end : List.of(3600L, 7200L)) {
                    for (Camera c : List.of(CAM_A, CAM_B)) observations(producer, c, end, end);
                    signalBatches(producer, "x-a", 0, end, end);
                    signalBatches(producer, "x-b", 1, end, end);
                }
                producer.flush();

                Map<String, Integer> expectedWindows = expectedWindows();
                Map<String, Integer> expectedSignals = expectedSignals();
                // checkpoints again once the job runs again, until every result is committed
                List<ConsumerRecord<String, byte[]>> results = congestion.until(WAIT, rs -> checkpoints.requestIfIdle()
                        && segmentWindows(rs).keySet().containsAll(expectedWindows.keySet()));
                List<ConsumerRecord<String, byte[]>> signalResults = signals.until(WAIT, rs -> checkpoints.requestIfIdle()
                        && signalKeys(rs).keySet().containsAll(expectedSignals.keySet()));

                assertEquals(2, FailOnce.failures(), "each source failed once");
                assertTrue(FailOnce.maxAttempt() >= 1, "tasks were redeployed after the failure");
                // the failure did hit results in flight: part B's windows were written twice, once rolled back
                assertTrue(segmentWindows(congestionWritten.until(WAIT, rs -> segmentWindows(rs).keySet()
                        .containsAll(expectedWindows.keySet()))).values().stream().anyMatch(rs -> rs.size() > 1),
                        "no result was written before the failure: the test proves nothing");

                // exactly once: every result once, nothing else, and nothing read twice on the topic at all
                Map<String, List<JsonNode>> windows = segmentWindows(results);
                assertEquals(new TreeMap<>(expectedWindows).keySet(), new TreeMap<>(windows).keySet());
                windows.forEach((k, rs) -> assertEquals(1, rs.size(), "window " + k + " " + rs.size() + " times"));
                assertNoDuplicates(results, "windowStart");
                for (Camera c : List.of(CAM_A, CAM_B)) {
                    for (Map.Entry<String, Integer> e : expectedWindows.entrySet()) {
                        if (!e.getKey().startsWith(c.segment())) continue;
                        JsonNode w = windows.get(e.getKey()).get(0);
                        int n = e.getValue();
                        assertEquals(n, w.get("observations").asLong(), e.getKey());
                        assertEquals(n * c.intensity(), w.get("vehicles").asLong(), e.getKey());
                        // intensity vehicles per 10 s whatever the number of intervals: 360 × intensity per hour
                        assertEquals(360.0 * c.intensity(), w.get("flowPerHour").asDouble(), e.getKey());
                        assertEquals(c.speed(), w.get("meanSpeedKmh").asDouble(), e.getKey());
                        assertEquals(c.level(), w.get("los").asText(), e.getKey());
                    }
                }
                assertEquals(5, windows.get("seg-a@" + T0).get(0).get("observations").asLong()); // 10..50 s
                assertEquals(60, windows.get("seg-b@" + T0).get(0).get("vehicles").asLong());       // 5 × 12
                assertEquals(6, windows.get("seg-b@" + T0.plusSeconds(300)).get(0).get("observations").asLong());

                Map<String, List<JsonNode>> signalRecords = signalKeys(signalResults);
                assertEquals(new TreeMap<>(expectedSignals).keySet(), new TreeMap<>(signalRecords).keySet());
                signalRecords.forEach((k, rs) -> assertEquals(1, rs.size(), k + " " + rs.size() + " times"));
                for (String x : List.of("x-a", "x-b")) {
                    for (long c = 0; c <= 540; c += 60) {
                        JsonNode cycle = signalRecords.get(x + "/cycle@" + T0.plusSeconds(c)).get(0);
                        assertEquals(30.0, cycle.get("greenS").asDouble());
                        assertEquals(3.0, cycle.get("yellowS").asDouble());
                        assertEquals(2.0, cycle.get("redClearanceS").asDouble());
                        assertEquals(60.0, cycle.get("cycleS").asDouble());
                    }
                    // the last green, at 600 s, runs until the next one at 3600 s
                    assertEquals(3000.0, signalRecords.get(x + "/cycle@" + T0.plusSeconds(600)).get(0).get("cycleS").asDouble());
                    // cycles count in the bin they end in: 60..240 s, 300..540 s, 600 s, 3600 s
                    for (Map.Entry<Long, Integer> bin : Map.of(0L, 4, 300L, 5, 600L, 1, 3600L, 1).entrySet()) {
                        JsonNode b = signalRecords.get(x + "/bin@" + T0.plusSeconds(bin.getKey())).get(0);
                        assertEquals(bin.getValue(), phase2Cycles(b), x + " bin at " + bin.getKey() + " s");
                    }
                }

                // late data of both pipelines (behind the watermark, now past 7,000 s) goes to ioc.late, once each;
                // the late interval has a number of its own (the windows tell late before copies: a re-sent one would too)
                observations(producer, CAM_A, 100, 100, 100_000);
                SignalEventBatch late = new SignalEventBatch("ctl-x-a", 9_999, T0.plusSeconds(100), T0.plusSeconds(100),
                        "x-a", "ward-x-a", List.of(new SignalEvent(T0.plusSeconds(100), 82, 1)));
                producer.send(new ProducerRecord<>(Topics.SIGNAL_EVENTS, 0, late.deviceId(), Json.toBytes(late)));
                producer.flush();
                try (TopicReader lateReader = new TopicReader(config, Topics.LATE_EVENTS)) {
                    List<JsonNode> lates = lateReader.until(WAIT, rs -> checkpoints.requestIfIdle() && rs.size() >= 2)
                            .stream().map(ExactlyOnceRestoreIT::node).toList();
                    assertEquals(List.of("congestion/seg-a@" + T0.plusSeconds(100), "signal-performance/x-a@" + T0.plusSeconds(100)),
                            lates.stream().map(l -> l.get("pipeline").asText() + "/" + l.get("key").asText() + "@"
                                    + l.get("eventTime").asText()).sorted().toList());
                }
            } finally {
                job.cancel().get();
            }
        }
    }

    static final Duration WAIT = Duration.ofSeconds(120);

    /** Waits until both segments' windows ending at {@code windowEndS} and both intersections' cycles starting at {@code cycleStartS} are written. */
    static void awaitWritten(TopicReader congestion, TopicReader signals, long windowEndS, long cycleStartS) {
        congestion.until(WAIT, has(segmentWindowEnding(windowEndS), 2));
        signals.until(WAIT, has(r -> node(r).get("kind").asText().equals("cycle")
                && node(r).get("start").asText().equals(T0.plusSeconds(cycleStartS).toString()), 2));
    }

    static Predicate<ConsumerRecord<String, byte[]>> segmentWindowEnding(long windowEndS) {
        return r -> r.key().startsWith("seg-") && node(r).get("windowEnd").asText().equals(T0.plusSeconds(windowEndS).toString());
    }

    /** Checkpoints on request (the job's own interval is an hour). */
    static final class Checkpoints {
        private final MiniCluster flink;
        private final JobID job;
        private CompletableFuture<String> last = CompletableFuture.completedFuture("none");

        Checkpoints(MiniCluster flink, JobID job) {
            this.flink = flink;
            this.job = job;
        }

        /** Takes a checkpoint now and waits for it. */
        void request() throws Exception {
            flink.triggerCheckpoint(job).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        /** Triggers one unless one is under way (one that fails while the job restarts is simply tried again); true. */
        boolean requestIfIdle() {
            if (last.isDone()) last = flink.triggerCheckpoint(job);
            return true;
        }
    }

    /** Window key {@code seg@start} → intervals it holds: every 10 s from 10 s to 600 s, then 3600 s. */
    static Map<String, Integer> expectedWindows() {
        Map<String, Integer> expected = new HashMap<>();
        List<Long> times = new ArrayList<>();
        for (long t = 10; t <= 600; t += 10) times.add(t);
        times.add(3600L);
        for (Camera c : List.of(CAM_A, CAM_B)) {
            for (long t : times) {
                for (long start = Math.floorDiv(t, SLIDE_S) * SLIDE_S; start > t - WINDOW_S; start -= SLIDE_S) {
                    expected.merge(c.segment() + "@" + T0.plusSeconds(start), 1, Integer::sum);
                }
            }
        }
        return expected;
    }

    /** Cycle starts 0..600 s and bins at 0, 300, 600, 3600 s of both intersections. */
    static Map<String, Integer> expectedSignals() {
        Map<String, Integer> expected = new HashMap<>();
        for (String x : List.of("x-a", "x-b")) {
            for (long c = 0; c <= 600; c += 60) expected.put(x + "/cycle@" + T0.plusSeconds(c), 1);
            for (long b : List.of(0L, 300L, 600L, 3600L)) expected.put(x + "/bin@" + T0.plusSeconds(b), 1);
        }
        return expected;
    }

    static int phase2Cycles(JsonNode bin) {
        for (JsonNode p : bin.get("phases")) if (p.get("phase").asInt() == 2) return p.get("cycles").asInt();
        return -1;
    }

    static void observations(KafkaProducer<String, byte[]> producer, Camera c, long fromS, long toS) {
        observations(producer, c, fromS, toS, 0);
    }

    /** One interval every 10 s of event time, numbered {@code t / 10 + seqOffset}. */
    static void observations(KafkaProducer<String, byte[]> producer, Camera c, long fromS, long toS, long seqOffset) {
        for (long t = fromS; t <= toS; t += 10) {
            Instant ts = T0.plusSeconds(t);
            CameraObservation o = new CameraObservation(c.id(), t / 10 + seqOffset, ts, ts, c.segment(), "ward-" + c.segment(), 40, 10,
                    c.intensity(), new VehicleCounts(c.intensity(), 0, 0, 0, 0), c.speed(), 0.3);
            producer.send(new ProducerRecord<>(Topics.TRAFFIC_OBSERVATIONS, c.partition(), c.id(), Json.toBytes(o)));
        }
    }

    /** One batch per cycle starting in [fromS, toS] (every 60 s), or just a green when the cycle starts past 540 s. */
    static void signalBatches(KafkaProducer<String, byte[]> producer, String x, int partition, long fromS, long toS) {
        for (long c = fromS; c <= toS; c += 60) {
            List<SignalEvent> events = new ArrayList<>(List.of(new SignalEvent(T0.plusSeconds(c), 1, 2)));
            if (c <= 540) {
                events.add(new SignalEvent(T0.plusSeconds(c + 30), 8, 2));
                events.add(new SignalEvent(T0.plusSeconds(c + 33), 10, 2));
                events.add(new SignalEvent(T0.plusSeconds(c + 35), 11, 2));
            }
            SignalEventBatch b = new SignalEventBatch("ctl-" + x, c, events.get(events.size() - 1).ts(),
                    events.get(events.size() - 1).ts(), x, "ward-" + x, events);
            producer.send(new ProducerRecord<>(Topics.SIGNAL_EVENTS, partition, b.deviceId(), Json.toBytes(b)));
        }
    }

    static Map<String, List<JsonNode>> segmentWindows(List<ConsumerRecord<String, byte[]>> rs) {
        Map<String, List<JsonNode>> byWindow = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : rs) {
            if (r.key() == null || !r.key().startsWith("seg-")) continue;
            JsonNode n = node(r);
            byWindow.computeIfAbsent(r.key() + "@" + n.get("windowStart").asText(), k -> new ArrayList<>()).add(n);
        }
        return byWindow;
    }

    static Map<String, List<JsonNode>> signalKeys(List<ConsumerRecord<String, byte[]>> rs) {
        Map<String, List<JsonNode>> byKey = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : rs) {
            JsonNode n = node(r);
            String kind = n.get("kind").asText();
            String at = n.get(kind.equals("cycle") ? "start" : "binStart").asText();
            byKey.computeIfAbsent(r.key() + "/" + kind + "@" + at, k -> new ArrayList<>()).add(n);
        }
        return byKey;
    }

    /** No two records with the same key and {@code field} (the ward and city records too). */
    static void assertNoDuplicates(List<ConsumerRecord<String, byte[]>> rs, String field) {
        Map<String, Integer> seen = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : rs) seen.merge(r.key() + "@" + node(r).get(field).asText(), 1, Integer::sum);
        seen.forEach((k, n) -> assertEquals(1, n, k + " read " + n + " times"));
    }

    static Predicate<List<ConsumerRecord<String, byte[]>>> has(Predicate<ConsumerRecord<String, byte[]>> match, long count) {
        return rs -> rs.stream().filter(match).count() >= count;
    }

    static JsonNode node(ConsumerRecord<String, byte[]> r) {
        try {
            return Json.mapper().readTree(r.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Passes raw records through and throws once, on the record that brings the count of records seen by all its
     * subtasks (replays included) to {@code failAt}. Static counters: the MiniCluster runs in this JVM.
     */
    static final class FailOnce extends RichMapFunction<byte[], byte[]> {
        private static final long serialVersionUID = 1L;
        static final Map<String, AtomicLong> SEEN = new ConcurrentHashMap<>();
        static final Map<String, Boolean> FAILED = new ConcurrentHashMap<>();
        static final AtomicInteger MAX_ATTEMPT = new AtomicInteger();

        private final String name;
        private final long failAt;

        FailOnce(String name, long failAt) {
            this.name = name;
            this.failAt = failAt;
        }

        static void reset() {
            SEEN.clear();
            FAILED.clear();
            MAX_ATTEMPT.set(0);
        }

        static int failures() {
            return FAILED.size();
        }

        static int maxAttempt() {
            return MAX_ATTEMPT.get();
        }

        @Override
        public void open(OpenContext openContext) {
            MAX_ATTEMPT.accumulateAndGet(getRuntimeContext().getTaskInfo().getAttemptNumber(), Math::max);
        }

        @Override
        public byte[] map(byte[] value) {
            long n = SEEN.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
            if (n >= failAt && FAILED.putIfAbsent(name, Boolean.TRUE) == null) {
                throw new IllegalStateException("injected failure in " + name + " at record " + n);
            }
            return value;
        }
    }
}
