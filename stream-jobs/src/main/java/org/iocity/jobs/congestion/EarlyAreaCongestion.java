package org.iocity.jobs.congestion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.iocity.jobs.alerts.StateTtl;
import org.iocity.model.AreaCongestion;

/**
 * Ward and city congestion from the early segment results (keyed by area): the early results of one window all go out
 * together, {@code congestion.live.delay} after its end ({@link SlidingSegmentWindows}), so each area gathers what
 * arrives for a window during {@code settle} after the first of them and then sends the window's
 * {@link AreaCongestion} early, computed as the final one is ({@link AreaCongestionAggregate}). The final area result
 * of the window, from the final segment results, follows on {@code ioc.congestion} and supersedes it.
 * <p>
 * An early segment result for a window at or before the last one this area sent is not added to anything (that
 * window went out; a second, partial copy would replace it on the wall with less): it is counted in the
 * {@code earlyAreaStragglers} metric, and its final result counts in the final area result. State: the windows being
 * gathered (emptied on each firing) and the last window sent, which expires after the state TTL.
 */
public final class EarlyAreaCongestion extends KeyedProcessFunction<String, AreaSegmentResult, AreaCongestion> {
    private static final long serialVersionUID = 1L;
    /** How long an area gathers a window's early segment results after the first one arrived. */
    public static final Duration SETTLE = Duration.ofMillis(200);

    private final long settle;
    private final Duration ttl;
    private final AreaCongestionAggregate aggregate = new AreaCongestionAggregate();
    private transient MapState<Long, AreaTraffic> gathering;
    private transient ValueState<Long> lastSent;
    private transient Counter stragglers;

    public EarlyAreaCongestion(Duration settle, Duration ttl) {
        this.settle = settle.toMillis();
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        gathering = getRuntimeContext().getMapState(new MapStateDescriptor<>("early-area-windows", Types.LONG,
                TypeInformation.of(AreaTraffic.class)));
        lastSent = StateTtl.value(getRuntimeContext(), "early-area-last-sent", Long.class, ttl);
        stragglers = getRuntimeContext().getMetricGroup().counter("earlyAreaStragglers");
    }

    @Override
    public void processElement(AreaSegmentResult in, Context ctx, Collector<AreaCongestion> out) throws Exception {
        long end = in.result().windowEnd().toEpochMilli();
        Long sent = lastSent.value();
        if (sent != null && end <= sent) {
            stragglers.inc();
            return;
        }
        AreaTraffic acc = gathering.get(end);
        if (acc == null) {
            acc = aggregate.createAccumulator();
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + settle);
        }
        gathering.put(end, aggregate.add(in, acc));
    }

    /** Sends every window gathered so far, oldest first. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AreaCongestion> out) throws Exception {
        List<Map.Entry<Long, AreaTraffic>> windows = new ArrayList<>();
        gathering.entries().forEach(windows::add);
        if (windows.isEmpty()) return;
        windows.sort(Map.Entry.comparingByKey());
        for (Map.Entry<Long, AreaTraffic> w : windows) out.collect(aggregate.getResult(w.getValue()));
        lastSent.update(windows.get(windows.size() - 1).getKey());
        gathering.clear();
    }
}
