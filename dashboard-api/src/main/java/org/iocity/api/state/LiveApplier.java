package org.iocity.api.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.iocity.model.records.Alert;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.DeviceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the records of the result topics to the live state ({@link CongestionState}, {@link ResultState}) on one
 * event loop, in two lanes. The alert lane holds alerts and device status (raise, clear, offline: what the wall must
 * show at once); the bulk lane everything else, such as a window's congestion results, which arrive all at once at the
 * window's end. One task at a time runs on the loop: it applies what waits in the alert lane, then at most
 * {@link #APPLY_CHUNK} records of the bulk lane, and schedules the next while records wait. An alert published behind
 * a queued burst therefore waits for one chunk at most, not for the burst, and the loop serves requests between
 * chunks. What a task changes goes to the {@link Output} together ({@link Output#batched}). Framework-free: the loop
 * is an {@link Executor}.
 */
public final class LiveApplier {
    private static final Logger LOG = LoggerFactory.getLogger(LiveApplier.class);
    /** How many records of one lane one task applies at most, so a burst does not hold the loop for long. */
    public static final int APPLY_CHUNK = 200;

    /** Where the changes go: the live push, which renders them and sends them to the subscribers. */
    public interface Output {
        /** Runs {@code apply}, holding back what it pushes until it ends (one message per channel). */
        void batched(Runnable apply);

        /** A segment's result changed the live state: the whole feature ({@code NEW}) or a confirmation. */
        void segment(CongestionResult r, boolean provisional, CongestionState.Change change);

        /** Any other record changed what a channel shows. */
        void changed(ResultState.Push push);

        /** A plan change from the audit topic (remembered for the signal plans' list). */
        void planChange(PlanAuditRecord record);
    }

    /** Records of one {@link #publish} call: its future completes when the last of them is applied. */
    private static final class Batch {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        int remaining;
    }

    private record Entry(Object record, Batch batch) {}

    private final CongestionState state;
    private final ResultState results;
    private final Output output;
    private final Executor loop;
    private final Queue<Entry> alerts = new ConcurrentLinkedQueue<>();
    private final Queue<Entry> bulk = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /** @param loop runs a task on the event loop that owns the state and the output */
    public LiveApplier(CongestionState state, ResultState results, Output output, Executor loop) {
        this.state = state;
        this.results = results;
        this.output = output;
        this.loop = loop;
    }

    /** True for the records of the alert lane. */
    public static boolean urgent(Object record) {
        return record instanceof Alert || record instanceof DeviceStatus;
    }

    /**
     * Queues {@code records} (each in its lane, in order) to be applied on the loop. Callable from any thread; the
     * stage completes once they are all applied.
     */
    public CompletionStage<Void> publish(List<?> records) {
        Batch b = new Batch();
        if (records.isEmpty()) {
            b.done.complete(null);
            return b.done;
        }
        b.remaining = records.size(); // published before the entries: the loop sees it through the queues
        for (Object r : records) (urgent(r) ? alerts : bulk).add(new Entry(r, b));
        schedule();
        return b.done;
    }

    /** Records waiting in the alert lane and in the bulk lane. */
    public int[] waiting() {
        return new int[] {alerts.size(), bulk.size()};
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) loop.execute(this::drain);
    }

    /** One task on the loop: the alert lane, then a chunk of the bulk lane. */
    private void drain() {
        scheduled.set(false);
        List<Batch> finished = new ArrayList<>();
        output.batched(() -> {
            take(alerts, finished);
            take(bulk, finished);
        });
        for (Batch b : finished) b.done.complete(null);
        if (!alerts.isEmpty() || !bulk.isEmpty()) schedule();
    }

    private void take(Queue<Entry> lane, List<Batch> finished) {
        for (int i = 0; i < APPLY_CHUNK; i++) {
            Entry e = lane.poll();
            if (e == null) return;
            // one record that fails must neither drop the rest nor leave the consumer waiting for ever
            try {
                apply(e.record());
            } catch (RuntimeException ex) {
                LOG.error("applying a {} to the live state failed", e.record().getClass().getSimpleName(), ex);
            }
            if (--e.batch().remaining == 0) finished.add(e.batch());
        }
    }

    /** Applies one record now (on the loop, such as an acknowledgement made by a request) and pushes what changed. */
    public void applyNow(Object record) {
        apply(record);
    }

    private void apply(Object record) {
        if (record instanceof CongestionResult r) {
            output.segment(r, false, state.offer(r, false));
            return;
        }
        if (record instanceof Provisional p && p.result() instanceof CongestionResult r) {
            output.segment(r, true, state.offer(r, true));
            return;
        }
        if (record instanceof PlanAuditRecord p) output.planChange(p);
        for (ResultState.Push p : results.apply(record)) output.changed(p);
    }
}
