package org.iocity.jobs.alerts;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.iocity.jobs.common.StateTtl;
import org.iocity.model.records.Alert;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.LevelOfService;

/**
 * Per segment (keyed by segment id), over its window results in event time: when the segment is at level of service
 * E or F from the end of a window for {@code after} (default 10 min) with no window better than E in between, a
 * {@code congestion} alert is raised (an event-time timer at since + after). The first window at D or better clears
 * it. Severity is {@code critical} when the last window before the raise was F, else {@code warning}.
 * State (since, raised, last level, ward) is per segment with a TTL; the timer is deleted when the segment recovers
 * before the threshold, and all state is cleared when an alert clears.
 */
public final class CongestionAlerts extends KeyedProcessFunction<String, CongestionResult, Alert> {
    private static final long serialVersionUID = 1L;

    private final long afterMs;
    private final Duration ttl;
    private transient ValueState<Long> since;
    private transient ValueState<Boolean> raised;
    private transient ValueState<String> lastLevel;
    private transient ValueState<String> ward;

    public CongestionAlerts(Duration after, Duration ttl) {
        this.afterMs = after.toMillis();
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        since = state("congested-since", Long.class);
        raised = state("raised", Boolean.class);
        lastLevel = state("last-level", String.class);
        ward = state("ward", String.class);
    }

    private <T> ValueState<T> state(String name, Class<T> type) {
        return StateTtl.value(getRuntimeContext(), name, type, ttl);
    }

    @Override
    public void processElement(CongestionResult r, Context ctx, Collector<Alert> out) throws Exception {
        long end = r.windowEnd().toEpochMilli();
        Long s = since.value();
        if (r.los().congested()) {
            if (s == null) {
                since.update(end);
                ctx.timerService().registerEventTimeTimer(end + afterMs);
            }
            lastLevel.update(r.los().name());
            ward.update(r.ward());
        } else if (s != null) {
            if (Boolean.TRUE.equals(raised.value())) {
                out.collect(Alert.cleared(Alert.CONGESTION, ctx.getCurrentKey(), r.ward(), severity(), Instant.ofEpochMilli(s),
                        r.windowEnd(), "segment back at level " + r.los() + " (speed " + Math.round(r.speedRatio() * 100)
                                + "% of free flow)"));
            } else {
                ctx.timerService().deleteEventTimeTimer(s + afterMs);
            }
            since.clear();
            raised.clear();
            lastLevel.clear();
            ward.clear();
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Long s = since.value();
        if (s == null || s + afterMs != timestamp || Boolean.TRUE.equals(raised.value())) return;
        raised.update(true);
        out.collect(Alert.raised(Alert.CONGESTION, ctx.getCurrentKey(), ward.value(), severity(), Instant.ofEpochMilli(s),
                Instant.ofEpochMilli(timestamp), "segment at level " + lastLevel.value() + " for "
                        + Duration.ofMillis(afterMs).toMinutes() + " min or more"));
    }

    private String severity() throws Exception {
        return LevelOfService.F.name().equals(lastLevel.value()) ? Alert.CRITICAL : Alert.WARNING;
    }
}
