package org.iocity.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;
import org.iocity.parts.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CameraSimulatorTest {
    static Registry registry;
    static List<Registry.Device> cameras;

    @BeforeAll
    static void load() {
        registry = Registry.load(Path.of("../config/registry.json"));
        cameras = CameraSimulator.cameras(registry, Integer.MAX_VALUE);
    }

    static CameraSimulator simulator(MessagePublisher publisher, int intervalSec) {
        return new CameraSimulator(cameras, new CameraMessageFactory(CityTrafficModel.of(registry, 1)), publisher, intervalSec);
    }

    static JsonNode json(RecordingPublisher.Sent s) throws Exception {
        return Json.mapper().readTree(s.payload());
    }

    @Test
    void eachCameraNumbersItsMessagesFromOne() throws Exception {
        RecordingPublisher pub = new RecordingPublisher();
        CameraSimulator sim = simulator(pub, 10);
        Instant t = Instant.parse("2026-11-23T01:00:00Z");
        assertEquals(28, sim.publishRound(t));
        assertEquals(28, sim.publishRound(t.plusSeconds(10)));
        assertEquals(5, sim.publishRound(t.plusSeconds(20), 5));

        Map<String, List<Long>> seqs = new LinkedHashMap<>();
        for (RecordingPublisher.Sent s : pub.sent()) {
            JsonNode m = json(s);
            assertEquals("ioc/v1/camera/" + m.get("deviceId").asText() + "/counts", s.topic());
            seqs.computeIfAbsent(m.get("deviceId").asText(), k -> new ArrayList<>()).add(m.get("seq").asLong());
        }
        assertEquals(28, seqs.size());
        assertEquals(List.of(1L, 2L, 3L), seqs.get("cam-0001"));
        assertEquals(List.of(1L, 2L, 3L), seqs.get("cam-0005"));
        assertEquals(List.of(1L, 2L), seqs.get("cam-0006"));
        assertEquals(3, sim.lastSeq("cam-0005"));
        assertEquals(61, sim.messages());
        assertEquals(2.8, sim.messagesPerSecond(), 1e-9);
    }

    @Test
    void aMessageThatCannotBeHandedOverLeavesAGapInItsCamerasNumbers() throws Exception {
        RecordingPublisher pub = new RecordingPublisher(t -> t.contains("cam-0002"));
        CameraSimulator sim = simulator(pub, 10);
        Instant t = Instant.parse("2026-11-23T01:00:00Z");
        assertEquals(27, sim.publishRound(t));
        assertEquals(1, pub.failed());
        assertEquals(1, sim.lastSeq("cam-0002"));
        assertTrue(pub.sent().stream().noneMatch(s -> s.topic().contains("cam-0002")));
    }

    @Test
    void aReplayRunsFasterThanTheClockAndStopsAtExactlyTheCount() throws Exception {
        RecordingPublisher pub = new RecordingPublisher();
        CameraSimulator sim = simulator(pub, 60);
        Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        // one simulated minute per 100 ms
        CameraSimulator.RunResult result = sim.run(CameraSimulator.RunPlan.live().replayingFrom(start, 600).withMaxMessages(70));

        assertEquals(70, pub.sent().size());
        assertEquals(70, result.messages());
        assertEquals(3, result.rounds());
        assertEquals(start.plusSeconds(120), result.lastEventTime());
        List<Instant> times = new ArrayList<>();
        for (RecordingPublisher.Sent s : pub.sent()) times.add(OffsetDateTime.parse(json(s).get("ts").asText()).toInstant());
        assertEquals(start, times.get(0));
        assertEquals(start.plusSeconds(60), times.get(28));
        assertEquals(start.plusSeconds(120), times.get(69));
        assertEquals(3, sim.lastSeq("cam-0014"));
        assertEquals(2, sim.lastSeq("cam-0015"));
    }

    @Test
    void eventTimesNeverRunAheadOfTheClock() throws Exception {
        RecordingPublisher pub = new RecordingPublisher();
        CameraSimulator sim = simulator(pub, 1);
        Instant start = Instant.now().minusSeconds(2);
        sim.run(CameraSimulator.RunPlan.live().replayingFrom(start, 10_000).withMaxMessages(28 * 5));
        Instant after = Instant.now();
        for (RecordingPublisher.Sent s : pub.sent()) {
            Instant ts = OffsetDateTime.parse(json(s).get("ts").asText()).toInstant();
            assertFalse(ts.isAfter(after), "ts " + ts + " after " + after);
        }
        assertEquals(28 * 5, pub.sent().size());
    }

    @Test
    void stopEndsALiveRunAndCloseClosesThePublisher() {
        RecordingPublisher pub = new RecordingPublisher();
        CameraSimulator sim = simulator(pub, 3600);
        CompletableFuture<CameraSimulator.RunResult> run = CompletableFuture.supplyAsync(() -> sim.run(CameraSimulator.RunPlan.live()));
        Await.until(Duration.ofSeconds(10), "the first round", () -> pub.sent().size() == 28);
        assertFalse(run.isDone());
        sim.close();
        CameraSimulator.RunResult result = Await.value(Duration.ofSeconds(10), "the run to end", () -> run.getNow(null), r -> true);
        assertEquals(1, result.rounds());
        assertTrue(pub.closed);
        assertEquals(0, sim.run(CameraSimulator.RunPlan.live()).rounds(), "a stopped simulator stays stopped");
    }

    @Test
    void aDurationLimitEndsTheRun() {
        RecordingPublisher pub = new RecordingPublisher();
        CameraSimulator sim = simulator(pub, 3600);
        long t0 = System.nanoTime();
        CameraSimulator.RunResult result = sim.run(CameraSimulator.RunPlan.live().withMaxDuration(Duration.ofMillis(300)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, result.rounds());
        assertTrue(ms >= 250 && ms < 5_000, ms + " ms");
    }

    @Test
    void badIntervalsAndEmptyCameraListsAreRefused() {
        RecordingPublisher pub = new RecordingPublisher();
        CameraMessageFactory f = new CameraMessageFactory(CityTrafficModel.of(registry, 1));
        assertThrows(IllegalArgumentException.class, () -> new CameraSimulator(cameras, f, pub, 0));
        assertThrows(IllegalArgumentException.class, () -> new CameraSimulator(cameras, f, pub, 3601));
        assertThrows(IllegalArgumentException.class, () -> new CameraSimulator(List.of(), f, pub, 10));
        assertEquals(5, CameraSimulator.cameras(registry, 5).size());
    }
}
