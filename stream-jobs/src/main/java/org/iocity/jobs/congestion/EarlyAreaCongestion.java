package org.iocity.jobs.congestion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.iocity.jobs.common.StateTtl;
import org.iocity.model.records.AreaCongestion;

/**
 * Ward and city congestion from the early segment results (keyed by area): the early results of one window all go out
 * together, {@code congestion.live.delay} after its end ({@link SlidingSegmentWindows}), so each area gathers what
 * arrives for a window during {@code settle} after the first of them and then sends the window's
 * {@link AreaCongestion} early, computed as the final one is ({@link AreaCongestionAggregate}). An early segment result
 * that comes later for the window last sent (a busy machine) is added, and the window is sent again, whole, after
 * another {@code settle} ({@code earlyAreaResends}), so the wall is never left with a partial area. The final area
 * result of the window, from the final segment results, follows on {@code ioc.congestion} and supersedes it.
 * <p>
 * An early segment result for a window older than the last one sent is counted in {@code earlyAreaStragglers} and
 * left to the final result. State: the totals of the windows not yet sent and of the last one sent, which windows
 * changed since they were sent, when the next sending is due, and the last window sent (expires after the state TTL).
 */
public final class EarlyAreaCongestion extends KeyedProcessFunction<String, AreaSegmentResult, AreaCongestion> {
    private static final long serialVersionUID = 1L;
    /** How long an area gathers a window's early segment results after the first one arrived. */
    public static final Duration SETTLE = Duration.ofMillis(200);

    private final long settle;
    private final Duration ttl;
    private final AreaCongestionAggregate aggregate = new AreaCongestionAggregate();
    private transient MapState<Long, AreaTraffic> windows;
    private transient MapState<Long, Boolean> changed;
    private transient ValueState<Long> due;
    private transient ValueState<Long> lastSent;
    private transient Counter stragglers;
    private transient Counter resends;

    public EarlyAreaCongestion(Duration settle, Duration ttl) {
        this.settle = settle.toMillis();
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>("early-area-windows", Types.LONG,
                TypeInformation.of(AreaTraffic.class)));
        changed = getRuntimeContext().getMapState(new MapStateDescriptor<>("early-area-changed", Types.LONG, Types.BOOLEAN));
        due = getRuntimeContext().getState(new ValueStateDescriptor<>("early-area-due", Types.LONG));
        lastSent = StateTtl.value(getRuntimeContext(), "early-area-last-sent", Long.class, ttl);
        stragglers = getRuntimeContext().getMetricGroup().counter("earlyAreaStragglers");
        resends = getRuntimeContext().getMetricGroup().counter("earlyAreaResends");
    }

    @Override
    public void processElement(AreaSegmentResult in, Context ctx, Collector<AreaCongestion> out) throws Exception {
        long end = in.result().windowEnd().toEpochMilli();
        Long sent = lastSent.value();
        if (sent != null && end < sent) {
            stragglers.inc();
            return;
        }
        AreaTraffic acc = windows.get(end);
        windows.put(end, aggregate.add(in, acc == null ? aggregate.createAccumulator() : acc));
        if (sent != null && end == sent && !changed.contains(end)) resends.inc();
        changed.put(end, true);
        if (due.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + settle;
            ctx.timerService().registerProcessingTimeTimer(at);
            due.update(at);
        }
    }

    /** Sends every window that changed since it was last sent, oldest first; keeps only the newest one's totals. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AreaCongestion> out) throws Exception {
        due.clear();
        List<Long> ends = new ArrayList<>();
        changed.keys().forEach(ends::add);
        if (ends.isEmpty()) return;
        ends.sort(null);
        for (long end : ends) out.collect(aggregate.getResult(windows.get(end)));
        long newest = ends.get(ends.size() - 1);
        lastSent.update(newest);
        changed.clear();
        List<Long> older = new ArrayList<>();
        for (Long end : windows.keys()) if (end < newest) older.add(end);
        for (Long end : older) windows.remove(end);
    }
}
