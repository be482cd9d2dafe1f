package org.iocity.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.iocity.ingest.IngestGateway;
import org.iocity.ingest.open311.ApiKeys;
import org.iocity.ingest.open311.Open311Server;
import org.iocity.jobs.StreamJobsMain;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.ComplaintEvent;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.Json;
import org.iocity.parts.LocalStack;
import org.iocity.sim.CameraMessageFactory;
import org.iocity.sim.SimulatorMain;
import org.iocity.testkit.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The simulator's scenario mode end to end: three cameras count exactly 120 vehicles per minute (20 per 10 s interval)
 * over MQTT → ingest → Kafka → the congestion job with one-minute tumbling windows → {@code ioc.congestion}. A camera's
 * count carries the end of its interval as event time, so a window [W, W+60 s) holds the intervals stamped W … W+50 s:
 * six intervals, 120 vehicles, except the first window of the run, which starts with the interval stamped W+10 s
 * (five intervals, 100 vehicles). Windows close while newer counts move the watermark; the last two do not.
 */
@Timeout(300)
class ScenarioEndToEndIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static LocalStack stack;
    static IocConfig config;
    static IngestGateway ingest;
    static JobClient job;
    static Open311Server intake;
    static final String INTAKE_KEY = "intake-key-of-the-simulated-citizens";
    static final String BACKOFFICE_KEY = "backoffice-key-of-the-simulated-agencies";

    @BeforeAll
    static void startStackIngestAndIntake() throws Exception {
        stack = LocalStack.start();
        config = stack.config().with(Map.of(
                "mqtt.client.id", "ingest-scenario",
                "flink.checkpoint.interval", "1s",
                "watermark.out.of.orderness", "2s",
                "congestion.window", "60s",
                "congestion.slide", "60s"));
        ingest = IngestGateway.start(config);
        Path keys = Files.createTempFile(stack.dir(), "open311-keys", ".txt");
        Files.writeString(keys, ApiKeys.hash(INTAKE_KEY) + " intake simulated citizens\n"
                + ApiKeys.hash(BACKOFFICE_KEY) + " backoffice simulated agencies\n");
        intake = Open311Server.start(config.with(Map.of("ingest.open311.port", "0",
                "ingest.open311.keys.file", keys.toString(),
                "ingest.open311.services.file", LocalStack.repoRoot().resolve("config/open311-services.json").toString())));
    }

    /**
     * Starts the job once the scenario is in Kafka: every partition has its data when the sources start, so none is
     * idle while another moves the watermark past its windows (a partition that is idle and then delivers old data
     * would see it routed to {@code ioc.late}: counted, but not in the windows). The idleness is the product's (30 s):
     * with the 1 s this test once set, a source subtask whose first fetch came more than a second after the job started
     * (a loaded CI machine) was declared idle, the other subtask's watermark closed every window of its own segment, and
     * the late subtask's two segments went to {@code ioc.late} (CI saw one segment of three).
     */
    static void startJob() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        StreamJobsMain.defineJob(env, config);
        job = env.executeAsync(StreamJobsMain.JOB_NAME);
    }

    @AfterAll
    static void stopPipeline() throws Exception {
        if (job != null) job.cancel().get();
        if (intake != null) intake.close();
        if (ingest != null) ingest.close();
        if (stack != null) stack.close();
    }

    @Test
    void scenarioModeYieldsExactlyTheStatedVehiclesPerWindowPerSegment() throws Exception {
        StringWriter err = new StringWriter();
        Instant from = Instant.now().minus(Duration.ofHours(2));
        // 3 cameras x 30 rounds of 10 s = 5 minutes of event time, sent as fast as the broker takes them
        int code = SimulatorMain.execute(config.with(Map.of("sim.client.id", "sim-scenario")), new PrintWriter(new StringWriter()),
                new PrintWriter(err), "--scenario", "120/60s", "--interval", "10", "--cameras", "3", "--count", "90",
                "--speedup", "10000", "--start", CameraMessageFactory.timestamp(from));
        assertEquals(0, code, err.toString());
        try (TopicReader observations = new TopicReader(config, Topics.TRAFFIC_OBSERVATIONS)) {
            assertEquals(90, observations.atLeast(90, Duration.ofSeconds(60)).size(), "every count forwarded once");
        }
        startJob();

        try (TopicReader congestion = new TopicReader(config, Topics.CONGESTION)) {
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> read;
            try {
                read = congestion.until(Duration.ofSeconds(120), rs -> segmentResults(rs).size() >= 12);
            } catch (AssertionError timedOut) {
                read = congestion.until(Duration.ofSeconds(1), rs -> true); // what did arrive: the checks below say what is wrong
            }
            List<CongestionResult> results = read.stream().filter(r -> !r.key().startsWith("area:"))
                    .map(r -> Json.fromBytes(r.value(), CongestionResult.class)).toList();
            Map<String, List<CongestionResult>> bySegment = results.stream().collect(Collectors.groupingBy(
                    CongestionResult::segmentId, TreeMap::new, Collectors.toList()));
            assertEquals(3, bySegment.size(), "three cameras, three segments: " + bySegment.keySet());
            for (var e : bySegment.entrySet()) {
                List<CongestionResult> windows = e.getValue().stream()
                        .sorted(java.util.Comparator.comparing(CongestionResult::windowStart)).toList();
                assertEquals(4, windows.size(), e.getKey() + ": four closed windows, each once: " + bySegment);
                assertEquals(100, windows.get(0).vehicles(), e.getKey() + " first window (five intervals)");
                for (CongestionResult w : windows.subList(1, 4)) {
                    assertEquals(120, w.vehicles(), e.getKey() + " window " + w.windowStart());
                    assertEquals(60, Duration.between(w.windowStart(), w.windowEnd()).toSeconds());
                }
                for (CongestionResult w : windows) assertEquals(7200.0, w.flowPerHour(), 1e-9, "120 vehicles a minute");
            }
        }
        try (TopicReader late = new TopicReader(config, Topics.LATE_EVENTS)) {
            assertEquals(List.of(), late.toEnd(Duration.ofSeconds(10)).stream().map(r -> r.key()).toList(),
                    "no interval of the scenario came behind the watermark");
        }
    }

    @Test
    void simulatedCitizensFileComplaintsThroughTheRealIntake() throws Exception {
        StringWriter err = new StringWriter();
        // about 35 complaints a minute city-wide; the first round files those of the minute before now
        int code = SimulatorMain.execute(config.with(Map.of("sim.client.id", "sim-citizens")), new PrintWriter(new StringWriter()),
                new PrintWriter(err), "--streams", "citizens", "--open311-url", "http://127.0.0.1:" + intake.port(),
                "--intake-key", INTAKE_KEY, "--backoffice-key", BACKOFFICE_KEY, "--complaints-per-day", "50000",
                "--services", LocalStack.repoRoot().resolve("config/open311-services.json").toString(),
                "--duration", "3s");
        assertEquals(0, code, err.toString());
        try (TopicReader complaints = new TopicReader(config, Topics.COMPLAINTS)) {
            List<ComplaintEvent> received = complaints.until(Duration.ofSeconds(30), rs -> !rs.isEmpty()).stream()
                    .map(r -> Json.fromBytes(r.value(), ComplaintEvent.class)).toList();
            assertFalse(received.isEmpty());
            for (ComplaintEvent e : received) {
                assertEquals(ComplaintEvent.RECEIVED, e.type(), e.toString());
                assertNotNull(e.ward(), "the intake placed the complaint in a ward: " + e);
                assertNotNull(e.category(), e.toString());
                assertTrue(e.dueTime().isAfter(e.eventTime()), "due in working days after receipt: " + e);
            }
        }
    }

    static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> segmentResults(
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> rs) {
        return rs.stream().filter(r -> !r.key().startsWith("area:")).toList();
    }
}
