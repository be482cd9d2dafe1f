package org.iocity.jobs.citizen;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.iocity.jobs.common.StateTtl;

/**
 * Per case (keyed by {@link CaseEvent#key()}): keeps the case's events, folds them into a {@link CaseSnapshot} after
 * each new one, and when the snapshot changed sends a {@link CaseChange} (before, after) to every area the case
 * counts or counted in. Because the snapshot is refolded from all events in event-time order, the KPIs do not depend
 * on the order the events arrived in. A repeated {@code eventId} changes nothing. An event whose day was forgotten
 * ({@link KpiSettings#forgotten}) goes to {@link #LATE}. A resolved case is dropped once its resolved day is
 * forgotten (event-time timer); any case nobody wrote for {@code caseTtl} is dropped by the state TTL.
 */
public final class CaseTracker extends KeyedProcessFunction<String, CaseEvent, CaseChange> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<CaseEvent> LATE = new OutputTag<>("late-case-events") {};

    private final KpiSettings settings;
    private transient ListState<CaseEvent> events;
    private transient ValueState<CaseSnapshot> snapshot;
    private transient Counter duplicates;

    public CaseTracker(KpiSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        ListStateDescriptor<CaseEvent> e = new ListStateDescriptor<>("case-events", TypeInformation.of(CaseEvent.class));
        e.enableTimeToLive(StateTtl.of(settings.caseTtl()));
        events = getRuntimeContext().getListState(e);
        ValueStateDescriptor<CaseSnapshot> s = new ValueStateDescriptor<>("case-snapshot", TypeInformation.of(CaseSnapshot.class));
        s.enableTimeToLive(StateTtl.of(settings.caseTtl()));
        snapshot = getRuntimeContext().getState(s);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateCaseEvents");
    }

    @Override
    public void processElement(CaseEvent e, Context ctx, Collector<CaseChange> out) throws Exception {
        if (settings.forgotten(settings.day(e.time()), ctx.timerService().currentWatermark())) {
            ctx.output(LATE, e);
            return;
        }
        List<CaseEvent> all = new ArrayList<>();
        for (CaseEvent seen : events.get()) {
            if (e.eventId() != null && e.eventId().equals(seen.eventId())) {
                duplicates.inc();
                return;
            }
            all.add(seen);
        }
        all.add(e);
        events.add(e);
        CaseSnapshot before = snapshot.value();
        CaseSnapshot after = CaseSnapshot.of(all, settings.calendar(), settings.defaultDueWorkingDays());
        if (after.equals(before)) return;
        snapshot.update(after);
        emit(before, after, out);
        if (after.resolved() != null) {
            ctx.timerService().registerEventTimeTimer(
                    settings.end(settings.day(after.resolved())) + settings.revisionWindow().toMillis());
        }
    }

    static void emit(CaseSnapshot before, CaseSnapshot after, Collector<CaseChange> out) {
        Set<CaseSnapshot.Area> areas = new LinkedHashSet<>();
        if (before != null) areas.addAll(before.areas());
        areas.addAll(after.areas());
        for (CaseSnapshot.Area a : areas) {
            CaseSnapshot b = before != null && before.areas().contains(a) ? before : null;
            CaseSnapshot n = after.areas().contains(a) ? after : null;
            if (!Objects.equals(b, n)) out.collect(new CaseChange(a.key(), a.type(), a.id(), b, n));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CaseChange> out) throws Exception {
        CaseSnapshot s = snapshot.value();
        if (s != null && s.resolved() != null && settings.forgotten(settings.day(s.resolved()), timestamp)) {
            snapshot.clear();
            events.clear();
        }
    }
}
