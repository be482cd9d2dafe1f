package org.iocity.jobs.citizen;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.iocity.jobs.common.StateTtl;
import org.iocity.model.records.ServiceKpi;

/**
 * Service KPIs of one area (keyed by {@code areaType:id}) from the {@link CaseChange}s of its cases: each change takes
 * the old snapshot's contribution out and puts the new one in, so the numbers are exact whatever the order of events.
 *
 * <p>State: per day the flow counts ({@link DayCounts}: received, resolved, on time, reopened on that day) and a step
 * function of the backlog: per case +1 at received and −1 at resolved (open), +1 at the due time and −1 at resolved
 * when resolved after it (overdue); the backlog at an instant is the sum of the steps before it. Steps older than the
 * oldest kept day are folded into a base. The live backlog is kept as a running sum at the last live tick, with the
 * steps after it waiting per tick, so a live record costs no scan of the steps.
 *
 * <p>Output ({@link ServiceKpi}): {@code day} records, revision 0 when event time passes the day's end + the allowed
 * lateness, then revision + 1 (at the next watermark) whenever a late change alters that day's numbers, with the
 * backlog as at the day's end; {@code live} records on a grid of {@code liveInterval} of event time when the numbers
 * changed (an event, or a due time passing): the counts of the day so far and the backlog at {@code asOf}. A day is
 * forgotten (state dropped) at its end + the revision window; its last record stands.
 *
 * <p>Live records also follow processing time, so a quiet area's tile stays current: every {@code liveRefresh} of
 * processing time (a processing-time timer per area) the live record is issued again, whether or not it changed, with
 * {@code asOf} = the area's newest event time + the processing time passed since it arrived (so a replay of old events
 * is not pushed to the wall clock, and a live stream is at the wall clock), never before the previous live record.
 * Its counts are those of that day so far and its backlog the exact backlog at {@code asOf}: a due time that passes
 * with nothing arriving moves the overdue count. This only reads the live running sum forward; the day records and
 * everything downstream of them (daily summaries) stay event-time results, the same whatever processing time does.
 */
public final class AreaKpiFunction extends KeyedProcessFunction<String, CaseChange, ServiceKpi> {
    private static final long serialVersionUID = 1L;
    static final int OPEN = 0, OVERDUE = 1, DOSSIER_OPEN = 2, DOSSIER_OVERDUE = 3;
    private static final TypeInformation<long[]> LONGS =
            org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO;

    private final KpiSettings settings;
    private transient MapState<Long, DayCounts> days;
    private transient MapState<Long, long[]> steps;
    private transient ValueState<long[]> base;
    private transient ValueState<Long> foldedBefore;
    private transient MapState<Long, ServiceKpi> finals;
    private transient ValueState<ServiceKpi> lastLive;
    private transient ValueState<Boolean> dirty;
    private transient ValueState<String> areaType;
    private transient ValueState<Long> liveAt;
    private transient ValueState<long[]> liveSum;
    private transient MapState<Long, long[]> pending;
    /** The area's newest event time and the processing time it arrived at. */
    private transient ValueState<long[]> clock;

    public AreaKpiFunction(KpiSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        var ttl = StateTtl.withoutIncrementalCleanup(settings.revisionWindow().plus(settings.caseTtl()));
        days = map("days", TypeInformation.of(DayCounts.class), ttl);
        steps = map("backlog-steps", LONGS, ttl);
        finals = map("final-days", TypeInformation.of(ServiceKpi.class), ttl);
        base = value("backlog-base", LONGS, ttl);
        foldedBefore = value("folded-before", Types.LONG, ttl);
        lastLive = value("last-live", TypeInformation.of(ServiceKpi.class), ttl);
        dirty = value("dirty", Types.BOOLEAN, ttl);
        areaType = value("area-type", Types.STRING, ttl);
        liveAt = value("live-at", Types.LONG, ttl);
        liveSum = value("live-backlog", LONGS, ttl);
        pending = map("live-pending-steps", LONGS, ttl);
        clock = value("live-clock", LONGS, ttl);
    }

    private <V> MapState<Long, V> map(String name, TypeInformation<V> type, org.apache.flink.api.common.state.StateTtlConfig ttl) {
        MapStateDescriptor<Long, V> d = new MapStateDescriptor<>(name, Types.LONG, type);
        d.enableTimeToLive(ttl);
        return getRuntimeContext().getMapState(d);
    }

    @SuppressWarnings("unchecked")
    private <V> ValueState<V> value(String name, TypeInformation<V> type, org.apache.flink.api.common.state.StateTtlConfig ttl) {
        ValueStateDescriptor<V> d = new ValueStateDescriptor<>(name, type);
        d.enableTimeToLive(ttl);
        return getRuntimeContext().getState(d);
    }

    @Override
    public void processElement(CaseChange c, Context ctx, Collector<ServiceKpi> out) throws Exception {
        areaType.update(c.areaType());
        long wm = ctx.timerService().currentWatermark();
        long now = ctx.timerService().currentProcessingTime();
        long[] seen = clock.value();
        if (ctx.timestamp() != null && (seen == null || ctx.timestamp() > seen[0])) {
            clock.update(new long[] {ctx.timestamp(), now});
        }
        long refresh = settings.liveRefresh().toMillis();
        ctx.timerService().registerProcessingTimeTimer(Math.floorDiv(now, refresh) * refresh + refresh);
        Changes ch = new Changes();
        if (c.before() != null) contribute(c.before(), -1, ch);
        if (c.after() != null) contribute(c.after(), +1, ch);
        long earliest = Long.MAX_VALUE;
        long interval = settings.liveInterval().toMillis();
        for (var e : ch.days.entrySet()) {
            LocalDate day = LocalDate.ofEpochDay(e.getKey());
            if (e.getValue().zero()) continue;
            if (settings.forgotten(day, wm) || isFolded(settings.end(day))) continue; // too late: the tracker sent it aside
            DayCounts d = days.get(e.getKey());
            if (d == null) {
                d = new DayCounts();
                ctx.timerService().registerEventTimeTimer(settings.end(day) + settings.allowedLateness().toMillis());
                ctx.timerService().registerEventTimeTimer(settings.end(day) + settings.revisionWindow().toMillis());
            }
            e.getValue().addTo(d);
            if (d.empty()) days.remove(e.getKey());
            else days.put(e.getKey(), d);
            earliest = Math.min(earliest, day.atStartOfDay(settings.calendar().zone()).toInstant().toEpochMilli());
        }
        for (var s : ch.steps.entrySet()) {
            long t = s.getKey();
            if (allZero(s.getValue())) continue;
            earliest = Math.min(earliest, t);
            live(t, s.getValue());
            if (isFolded(t)) {
                base.update(add(base.value(), s.getValue()));
            } else {
                long[] sum = add(steps.get(t), s.getValue());
                if (allZero(sum)) steps.remove(t);
                else steps.put(t, sum);
                if (t > wm) ctx.timerService().registerEventTimeTimer(tickOf(t));
            }
        }
        if (earliest == Long.MAX_VALUE) return;
        long lastFinalEnd = Long.MIN_VALUE;
        for (Long k : finals.keys()) lastFinalEnd = Math.max(lastFinalEnd, settings.end(LocalDate.ofEpochDay(k)));
        if (earliest < lastFinalEnd) {
            dirty.update(true);
            ctx.timerService().registerEventTimeTimer(wm + 1);
        }
        // the next live tick (steps ahead of the watermark registered their own ticks above)
        if (wm != Long.MIN_VALUE) ctx.timerService().registerEventTimeTimer(Math.floorDiv(wm, interval) * interval + interval);
    }

    /** The first live tick whose backlog includes a step at {@code t} (the backlog counts steps before asOf). */
    private long tickOf(long t) {
        long interval = settings.liveInterval().toMillis();
        return Math.floorDiv(t, interval) * interval + interval;
    }

    /** Keeps the live backlog as a running sum: steps before the last live tick are in it, later ones wait per tick. */
    private void live(long t, long[] delta) throws Exception {
        Long at = liveAt.value();
        if (at != null && t < at) {
            liveSum.update(add(liveSum.value(), delta));
        } else {
            long tick = tickOf(t);
            long[] sum = add(pending.get(tick), delta);
            if (allZero(sum)) pending.remove(tick);
            else pending.put(tick, sum);
        }
    }

    /** The live backlog at the tick {@code to}: the running sum moved forward over the steps that took effect. */
    private long[] advanceLive(long to) throws Exception {
        long interval = settings.liveInterval().toMillis();
        Long at = liveAt.value();
        long[] sum = add(null, liveSum.value());
        List<Long> taken = new ArrayList<>();
        if (at == null || (to - at) / interval > 1_000) {
            for (var e : pending.entries()) if (e.getKey() <= to) taken.add(e.getKey());
        } else {
            for (long g = at + interval; g <= to; g += interval) taken.add(g);
        }
        for (Long g : taken) {
            long[] v = pending.get(g);
            if (v == null) continue;
            sum = add(sum, v);
            pending.remove(g);
        }
        if (at == null || to > at) {
            liveAt.update(to);
            liveSum.update(sum);
        }
        return sum;
    }

    private boolean isFolded(long t) throws Exception {
        Long f = foldedBefore.value();
        return f != null && t < f;
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<ServiceKpi> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            refresh(ts, ctx, out);
            return;
        }
        boolean revise = Boolean.TRUE.equals(dirty.value());
        dirty.clear();
        List<Long> keys = new ArrayList<>();
        for (Long k : days.keys()) keys.add(k);
        for (Long k : finals.keys()) if (!keys.contains(k)) keys.add(k);
        keys.sort(null);
        for (Long k : keys) {
            LocalDate day = LocalDate.ofEpochDay(k);
            long end = settings.end(day);
            if (settings.forgotten(day, ts)) {
                days.remove(k);
                finals.remove(k);
                fold(end);
            } else if (end + settings.allowedLateness().toMillis() <= ts) {
                ServiceKpi previous = finals.get(k);
                if (previous != null && !revise) continue;
                ServiceKpi now = record(ServiceKpi.DAY, ctx.getCurrentKey(), day,
                        previous == null ? 0 : previous.revision(), Instant.ofEpochMilli(end), backlog(end));
                if (now.equals(previous)) continue;
                if (previous != null) now = withRevision(now, previous.revision() + 1);
                finals.put(k, now);
                out.collect(now);
            }
        }
        long interval = settings.liveInterval().toMillis();
        if (ts % interval == 0) {
            ServiceKpi last = lastLive.value();
            // never behind a live record the processing-time refresh already issued
            ServiceKpi live = live(ctx.getCurrentKey(), last == null ? ts : Math.max(ts, last.asOf().toEpochMilli()));
            if (last == null || !withAsOf(last, live.asOf()).equals(live)) {
                lastLive.update(live);
                out.collect(live);
            }
        }
        if (days.isEmpty() && finals.isEmpty() && allZero(backlog(Long.MAX_VALUE)) && pending.isEmpty()) {
            days.clear();
            steps.clear();
            base.clear();
            foldedBefore.clear();
            finals.clear();
            lastLive.clear();
            areaType.clear();
            liveAt.clear();
            liveSum.clear();
            clock.clear();
        }
    }

    /**
     * The processing-time refresh: the live record again, at the area's newest event time moved on by the processing
     * time passed since it arrived (not before the last live record), then the next refresh. An area whose state is
     * gone (its clock cleared with it) gets no more refreshes.
     */
    private void refresh(long now, OnTimerContext ctx, Collector<ServiceKpi> out) throws Exception {
        long[] seen = clock.value();
        if (seen == null) return;
        long t = seen[0] + Math.max(0, now - seen[1]);
        ServiceKpi last = lastLive.value();
        if (last != null) t = Math.max(t, last.asOf().toEpochMilli());
        ServiceKpi live = live(ctx.getCurrentKey(), t);
        lastLive.update(live);
        out.collect(live);
        long refresh = settings.liveRefresh().toMillis();
        ctx.timerService().registerProcessingTimeTimer(Math.floorDiv(now, refresh) * refresh + refresh);
    }

    /**
     * The live record at {@code t}: the counts of the day of {@code t}'s last millisecond, the backlog just before
     * {@code t} (the running sum moved to the last live tick at or before {@code t}, plus the steps from that tick to
     * {@code t}, looked up only when that tick holds any). {@code t} is at or after the last live tick.
     */
    private ServiceKpi live(String key, long t) throws Exception {
        long interval = settings.liveInterval().toMillis();
        long tick = Math.floorDiv(t, interval) * interval;
        long[] b = advanceLive(tick);
        if (t > tick && pending.contains(tick + interval)) {
            for (var e : steps.entries()) if (e.getKey() >= tick && e.getKey() < t) b = add(b, e.getValue());
        }
        return record(ServiceKpi.LIVE, key, settings.day(t - 1), 0, Instant.ofEpochMilli(t), b);
    }

    /** Folds every step before {@code before} into the base. */
    private void fold(long before) throws Exception {
        long[] b = base.value();
        List<Long> gone = new ArrayList<>();
        for (var e : steps.entries()) {
            if (e.getKey() < before) {
                b = add(b, e.getValue());
                gone.add(e.getKey());
            }
        }
        for (Long t : gone) steps.remove(t);
        if (b != null) base.update(b);
        Long f = foldedBefore.value();
        if (f == null || f < before) foldedBefore.update(before);
    }

    /** The backlog counts (open, overdue, dossiers open, dossiers overdue) just before {@code at}. */
    private long[] backlog(long at) throws Exception {
        long[] sum = add(null, base.value());
        for (var e : steps.entries()) {
            if (e.getKey() < at) sum = add(sum, e.getValue());
        }
        return sum;
    }

    private ServiceKpi record(String kind, String key, LocalDate day, int revision, Instant asOf, long[] b)
            throws Exception {
        DayCounts d = days.get(day.toEpochDay());
        if (d == null) d = new DayCounts();
        String type = areaType.value();
        String id = key.substring(key.indexOf(':') + 1);
        return new ServiceKpi(kind, type, id, ServiceKpi.DAY.equals(kind) ? day : null, revision,
                ServiceKpi.DAY.equals(kind), asOf, d.complaintsReceived, d.complaintsResolved,
                d.complaintsResolvedOnTime, b[OPEN], b[OVERDUE], d.complaintsReopened, d.medianHours(), d.p90Hours(),
                d.dossiersReceived, d.dossiersResolved, d.dossiersResolvedOnTime, b[DOSSIER_OVERDUE],
                d.complaintsResolved == 0 ? null : (double) d.complaintsResolvedOnTime / d.complaintsResolved);
    }

    static ServiceKpi withRevision(ServiceKpi k, int revision) {
        return new ServiceKpi(k.kind(), k.areaType(), k.area(), k.day(), revision, k.isFinal(), k.asOf(),
                k.complaintsReceived(), k.complaintsResolved(), k.complaintsResolvedOnTime(), k.complaintsOpen(),
                k.complaintsOverdue(), k.complaintsReopened(), k.medianResolveHours(), k.p90ResolveHours(),
                k.dossiersReceived(), k.dossiersResolved(), k.dossiersResolvedOnTime(), k.dossiersOverdue(), k.onTimeRate());
    }

    static ServiceKpi withAsOf(ServiceKpi k, Instant asOf) {
        return new ServiceKpi(k.kind(), k.areaType(), k.area(), k.day(), k.revision(), k.isFinal(), asOf,
                k.complaintsReceived(), k.complaintsResolved(), k.complaintsResolvedOnTime(), k.complaintsOpen(),
                k.complaintsOverdue(), k.complaintsReopened(), k.medianResolveHours(), k.p90ResolveHours(),
                k.dossiersReceived(), k.dossiersResolved(), k.dossiersResolvedOnTime(), k.dossiersOverdue(), k.onTimeRate());
    }

    /** What one snapshot adds to (sign +1) or takes from (−1) the day counts and the backlog steps. */
    void contribute(CaseSnapshot s, int sign, Changes ch) {
        boolean c = s.complaint();
        if (s.received() != null) {
            DayDelta d = ch.day(settings.day(s.received()));
            if (c) d.complaintsReceived += sign;
            else d.dossiersReceived += sign;
            ch.step(s.received(), c ? OPEN : DOSSIER_OPEN, sign);
            if (s.resolved() != null) ch.step(s.resolved(), c ? OPEN : DOSSIER_OPEN, -sign);
            if (s.due() != null && (s.resolved() == null || s.due() < s.resolved())) {
                long from = Math.max(s.due(), s.received());
                if (s.resolved() == null || from < s.resolved()) {
                    ch.step(from, c ? OVERDUE : DOSSIER_OVERDUE, sign);
                    if (s.resolved() != null) ch.step(s.resolved(), c ? OVERDUE : DOSSIER_OVERDUE, -sign);
                }
            }
        }
        if (s.resolved() != null) {
            DayDelta d = ch.day(settings.day(s.resolved()));
            int onTime = s.onTime() ? sign : 0;
            if (c) {
                d.complaintsResolved += sign;
                d.complaintsResolvedOnTime += onTime;
                if (s.received() != null) (sign > 0 ? d.added : d.removed).add(s.resolved() - s.received());
            } else {
                d.dossiersResolved += sign;
                d.dossiersResolvedOnTime += onTime;
            }
        }
        for (Long t : s.reopened()) ch.day(settings.day(t)).complaintsReopened += sign;
    }

    private static long[] add(long[] a, long[] b) {
        long[] out = a == null ? new long[4] : a.clone();
        if (b != null) for (int i = 0; i < 4; i++) out[i] += b[i];
        return out;
    }

    private static boolean allZero(long[] a) {
        for (long v : a) if (v != 0) return false;
        return true;
    }

    /** The changes of one case change: per day and per step time. */
    static final class Changes {
        final TreeMap<Long, DayDelta> days = new TreeMap<>();
        final TreeMap<Long, long[]> steps = new TreeMap<>();

        DayDelta day(LocalDate d) {
            return days.computeIfAbsent(d.toEpochDay(), k -> new DayDelta());
        }

        void step(long t, int index, int sign) {
            steps.computeIfAbsent(t, k -> new long[4])[index] += sign;
        }
    }

    /** A change of one day's counts. */
    static final class DayDelta {
        long complaintsReceived, complaintsResolved, complaintsResolvedOnTime, complaintsReopened;
        long dossiersReceived, dossiersResolved, dossiersResolvedOnTime;
        final List<Long> added = new ArrayList<>();
        final List<Long> removed = new ArrayList<>();

        boolean zero() {
            removed.removeIf(r -> added.remove(r));
            return complaintsReceived == 0 && complaintsResolved == 0 && complaintsResolvedOnTime == 0
                    && complaintsReopened == 0 && dossiersReceived == 0 && dossiersResolved == 0
                    && dossiersResolvedOnTime == 0 && added.isEmpty() && removed.isEmpty();
        }

        void addTo(DayCounts d) {
            d.complaintsReceived += complaintsReceived;
            d.complaintsResolved += complaintsResolved;
            d.complaintsResolvedOnTime += complaintsResolvedOnTime;
            d.complaintsReopened += complaintsReopened;
            d.dossiersReceived += dossiersReceived;
            d.dossiersResolved += dossiersResolved;
            d.dossiersResolvedOnTime += dossiersResolvedOnTime;
            for (Long r : removed) d.removeResolve(r);
            for (Long r : added) d.addResolve(r);
        }
    }
}
