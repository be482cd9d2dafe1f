package org.iocity.api.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import org.iocity.api.TestData;
import org.iocity.model.records.Alert;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.DeviceStatus;
import org.iocity.model.records.LevelOfService;
import org.junit.jupiter.api.Test;

/** The two lanes of the live applier, on a loop the test turns by hand. */
class LiveApplierTest {
    private static final Instant T = Instant.parse("2025-07-01T08:00:00Z");

    /** The event loop: tasks run when the test says. */
    private final Queue<Runnable> loop = new ArrayDeque<>();
    /** What the output got, task by task: "segment:<windowEnd>" or "<channel>". */
    private final List<List<String>> tasks = new ArrayList<>();

    private final LiveApplier applier = new LiveApplier(new CongestionState(), new ResultState(), new LiveApplier.Output() {
        @Override
        public void batched(Runnable apply) {
            tasks.add(new ArrayList<>());
            apply.run();
        }

        @Override
        public void segment(CongestionResult r, boolean provisional, CongestionState.Change change) {
            tasks.get(tasks.size() - 1).add("segment:" + r.windowEnd());
        }

        @Override
        public void changed(ResultState.Push push) {
            tasks.get(tasks.size() - 1).add(push.channel());
        }

        @Override
        public void planChange(PlanAuditRecord record) {}
    }, loop::add);

    private static List<Object> burst(int n) {
        List<Object> b = new ArrayList<>();
        for (int i = 1; i <= n; i++) b.add(TestData.result("seg-le-loi-a", "ben-thanh", T.plusSeconds(30L * i), LevelOfService.C, 20));
        return b;
    }

    private void turn() {
        assertFalse(loop.isEmpty(), "a task is scheduled");
        loop.poll().run();
    }

    @Test
    void anAlertPublishedBehindAQueuedBurstIsAppliedInTheNextTask() {
        CompletionStage<Void> window = applier.publish(burst(3 * LiveApplier.APPLY_CHUNK));
        assertEquals(1, loop.size(), "one task at a time, not one per chunk");
        turn();
        assertEquals(LiveApplier.APPLY_CHUNK, tasks.get(0).size(), "a chunk of the burst");

        Alert flood = Alert.raised(Alert.FLOOD, "wl-001", "ben-thanh", Alert.WARNING, T, T, "12 cm");
        DeviceStatus offline = new DeviceStatus("cam-0001", 7, "camera", "offline", null, null, T, T, "ben-thanh");
        CompletionStage<Void> alert = applier.publish(List.of(flood, offline));
        turn();
        List<String> second = tasks.get(1);
        assertEquals(List.of("alerts", "devices"), second.subList(0, 2),
                "the alert and the device gone offline first, ahead of the rest of the burst");
        assertTrue(alert.toCompletableFuture().isDone(), "the alert's publish completes with the task that applied it");
        assertFalse(window.toCompletableFuture().isDone(), "the burst still waits");
        assertEquals(LiveApplier.APPLY_CHUNK, second.stream().filter(s -> s.startsWith("segment:")).count(),
                "then one chunk of the burst");

        turn();
        assertTrue(window.toCompletableFuture().isDone(), "the burst applied in three tasks");
        assertTrue(loop.isEmpty(), "nothing scheduled once both lanes are empty");
        List<String> applied = new ArrayList<>();
        tasks.forEach(t -> t.stream().filter(s -> s.startsWith("segment:")).forEach(applied::add));
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 3 * LiveApplier.APPLY_CHUNK; i++) expected.add("segment:" + T.plusSeconds(30L * i));
        assertEquals(expected, applied, "the burst in order");
    }

    @Test
    void aRecordThatFailsDoesNotStopTheRestNorItsBatch() {
        CompletionStage<Void> done = applier.publish(List.of("not a result record",
                TestData.result("seg-le-loi-a", "ben-thanh", T, LevelOfService.F, 5)));
        turn();
        assertTrue(done.toCompletableFuture().isDone());
        assertEquals(List.of("segment:" + T), tasks.get(0));
        assertTrue(applier.publish(List.of()).toCompletableFuture().isDone(), "nothing to apply: done at once");
    }
}
