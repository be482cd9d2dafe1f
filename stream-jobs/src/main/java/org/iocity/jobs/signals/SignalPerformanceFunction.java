package org.iocity.jobs.signals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.iocity.jobs.common.FirstCopies;
import org.iocity.jobs.common.StateTtl;
import org.iocity.model.records.SignalCycle;
import org.iocity.model.records.SignalPerformance;

/**
 * Per intersection (keyed by intersection id): buffers its events until the watermark passes them, so they are
 * replayed into the {@link SignalTracker} in event-time order whatever order they arrived in; bins go to the main
 * output, cycles to {@link #CYCLES}, events behind the watermark to {@link #LATE}. Buffer flushes run on event-time
 * timers at the end of each second holding events, and at the end of the bin in progress, so a bin is emitted when
 * event time passes its end even if the intersection then falls quiet. State (buffer, tracker) has a TTL.
 * <p>
 * A repeated copy of a controller's batch (same controller and {@code seq}: an MQTT redelivery after a gateway or
 * broker restart) is dropped whole, before the late check, so its events are neither counted twice nor reported late:
 * the batch's first event decides ({@link FirstCopies}, per controller), the rest of its events follow that decision.
 * The events of one batch come in order and together (one Kafka partition per controller, one flatten call), and a
 * checkpoint never falls between them.
 */
public final class SignalPerformanceFunction extends KeyedProcessFunction<String, IntersectionEvent, SignalPerformance> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<SignalCycle> CYCLES = new OutputTag<>("signal-cycles") {};
    public static final OutputTag<IntersectionEvent> LATE = new OutputTag<>("late-signal-events") {};
    static final long FLUSH_MS = 1_000;

    private final SignalConfig config;
    private final long binMs;
    private final Duration ttl;
    private transient ListState<IntersectionEvent> buffer;
    private transient ValueState<SignalTracker> tracker;
    private final FirstCopies copies;
    /** Per controller, the {@code seq} of the batch whose events are being dropped as a copy. */
    private transient MapState<String, Long> dropping;

    public SignalPerformanceFunction(SignalConfig config, Duration bin, Duration ttl) {
        this.config = config;
        this.binMs = bin.toMillis();
        this.ttl = ttl;
        this.copies = new FirstCopies(ttl);
    }

    @Override
    public void open(OpenContext openContext) {
        ListStateDescriptor<IntersectionEvent> b = new ListStateDescriptor<>("buffer", TypeInformation.of(IntersectionEvent.class));
        b.enableTimeToLive(StateTtl.of(ttl));
        buffer = getRuntimeContext().getListState(b);
        ValueStateDescriptor<SignalTracker> t = new ValueStateDescriptor<>("signal-tracker", TypeInformation.of(SignalTracker.class));
        t.enableTimeToLive(StateTtl.of(ttl));
        tracker = getRuntimeContext().getState(t);
        copies.open(getRuntimeContext());
        MapStateDescriptor<String, Long> d = new MapStateDescriptor<>("dropping-batch", Types.STRING, Types.LONG);
        d.enableTimeToLive(StateTtl.of(ttl));
        dropping = getRuntimeContext().getMapState(d);
    }

    /** Whether {@code e} belongs to a repeated copy of a batch (then dropped; counted once per batch by FirstCopies). */
    private boolean ofACopy(IntersectionEvent e) throws Exception {
        if (e.deviceId() == null) return false;
        if (e.firstOfBatch()) {
            if (copies.isFirst(e.deviceId(), e.seq(), e.batchTime())) {
                dropping.remove(e.deviceId());
                return false;
            }
            dropping.put(e.deviceId(), e.seq());
            return true;
        }
        Long seq = dropping.get(e.deviceId());
        return seq != null && seq == e.seq();
    }

    @Override
    public void processElement(IntersectionEvent e, Context ctx, Collector<SignalPerformance> out) throws Exception {
        if (ofACopy(e)) return;
        if (e.ts() <= ctx.timerService().currentWatermark()) {
            ctx.output(LATE, e);
            return;
        }
        buffer.add(e);
        ctx.timerService().registerEventTimeTimer(Math.floorDiv(e.ts(), FLUSH_MS) * FLUSH_MS + FLUSH_MS - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SignalPerformance> out) throws Exception {
        List<IntersectionEvent> due = new ArrayList<>();
        List<IntersectionEvent> later = new ArrayList<>();
        Iterable<IntersectionEvent> buffered = buffer.get();
        if (buffered != null) {
            for (IntersectionEvent e : buffered) (e.ts() <= timestamp ? due : later).add(e);
        }
        SignalTracker t = tracker.value();
        if (t == null && due.isEmpty()) return;
        if (t != null) t.configure(config.of(ctx.getCurrentKey()));
        if (t == null) {
            IntersectionEvent first = due.get(0);
            t = new SignalTracker(ctx.getCurrentKey(), first.ward(), config.of(ctx.getCurrentKey()), binMs);
        }
        due.sort(Comparator.comparingLong(IntersectionEvent::ts)); // stable: same-time events keep their order
        long binEndBefore = t.binEnd();
        SignalTracker.Emitter emitter = new SignalTracker.Emitter() {
            @Override
            public void cycle(SignalCycle cycle) {
                ctx.output(CYCLES, cycle);
            }

            @Override
            public void bin(SignalPerformance bin) {
                out.collect(bin);
            }
        };
        for (IntersectionEvent e : due) t.accept(e, emitter);
        t.advanceTo(timestamp + 1, emitter);
        if (later.isEmpty()) buffer.clear();
        else buffer.update(later);
        tracker.update(t);
        long binEnd = t.binEnd();
        if (binEnd >= 0 && binEnd != binEndBefore) ctx.timerService().registerEventTimeTimer(binEnd - 1);
    }
}
