package org.iocity.jobs.citizen;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.iocity.jobs.common.StateTtl;
import org.iocity.model.records.DailySummary;
import org.iocity.model.records.ServiceKpi;

/**
 * The leaders' summary of one day (keyed by the day), for the city and for each ward, from the day's final KPI
 * records and the day's congestion. Issued as revision 0 when event time passes the day's end + the allowed lateness
 * (after the KPI records of that moment), and again with revision + 1 and a {@code revisedBecause} line at the next
 * watermark after a revised KPI record or a late congestion result changed it. Same input, same numbers: the
 * summary holds nothing but the latest KPI records and the congestion sum.
 *
 * <p>Congestion hours: each congestion window result at level E or F stands for one slide of time on its segment
 * (the windows end once per slide), so a segment congested all day counts 24 segment-hours; the day is that of the
 * window's last millisecond. Worst wards (city summary) and worst categories (the city's, or the ward's own from the
 * {@code ward-category} KPIs): those with
 * overdue complaints or an on-time rate below 1, by overdue (most first), then on-time rate (lowest first), up to
 * five. The day's state is dropped at its end + the revision window; a result for a forgotten day goes to {@link #LATE}.
 */
public final class DailySummaryFunction extends KeyedProcessFunction<String, SummaryInput, DailySummary> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<SummaryInput> LATE = new OutputTag<>("late-summary-inputs") {};
    static final String CITY = "city";

    private final KpiSettings settings;
    private final double hoursPerResult;
    private transient MapState<String, ServiceKpi> kpis;
    private transient MapState<String, Double> congestionHours;
    private transient MapState<String, DailySummary> issued;
    private transient ValueState<Boolean> dirty;

    public DailySummaryFunction(KpiSettings settings, Duration congestionSlide) {
        this.settings = settings;
        this.hoursPerResult = SummaryInput.hoursPerResult(congestionSlide);
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtl.withoutIncrementalCleanup(settings.revisionWindow().plusDays(1));
        kpis = map("day-kpis", TypeInformation.of(ServiceKpi.class), ttl);
        congestionHours = map("congestion-hours", Types.DOUBLE, ttl);
        issued = map("issued-summaries", TypeInformation.of(DailySummary.class), ttl);
        ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>("dirty", Types.BOOLEAN);
        d.enableTimeToLive(ttl);
        dirty = getRuntimeContext().getState(d);
    }

    private <V> MapState<String, V> map(String name, TypeInformation<V> type, StateTtlConfig ttl) {
        MapStateDescriptor<String, V> d = new MapStateDescriptor<>(name, Types.STRING, type);
        d.enableTimeToLive(ttl);
        return getRuntimeContext().getMapState(d);
    }

    @Override
    public void processElement(SummaryInput in, Context ctx, Collector<DailySummary> out) throws Exception {
        LocalDate day = LocalDate.parse(in.day());
        long wm = ctx.timerService().currentWatermark();
        if (settings.forgotten(day, wm)) {
            ctx.output(LATE, in);
            return;
        }
        if (in.kpi() != null) {
            kpis.put(in.kpi().areaType() + ":" + in.kpi().area(), in.kpi());
        } else {
            String ward = in.congestion().ward();
            add(CITY);
            if (ward != null) add("ward:" + ward);
        }
        long end = settings.end(day);
        ctx.timerService().registerEventTimeTimer(end + settings.allowedLateness().toMillis());
        ctx.timerService().registerEventTimeTimer(end + settings.revisionWindow().toMillis());
        if (!issued.isEmpty()) {
            dirty.update(true);
            ctx.timerService().registerEventTimeTimer(wm + 1);
        }
    }

    private void add(String area) throws Exception {
        Double h = congestionHours.get(area);
        congestionHours.put(area, (h == null ? 0 : h) + hoursPerResult);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<DailySummary> out) throws Exception {
        LocalDate day = LocalDate.parse(ctx.getCurrentKey());
        long end = settings.end(day);
        if (settings.forgotten(day, ts)) {
            kpis.clear();
            congestionHours.clear();
            issued.clear();
            dirty.clear();
            return;
        }
        if (ts < end + settings.allowedLateness().toMillis()) return;
        if (!issued.isEmpty() && !Boolean.TRUE.equals(dirty.value())) return;
        dirty.clear();
        List<String> areas = new ArrayList<>();
        areas.add(CITY);
        for (String k : kpis.keys()) if (k.startsWith("ward:")) areas.add(k);
        for (String k : congestionHours.keys()) if (k.startsWith("ward:") && !areas.contains(k)) areas.add(k);
        for (String area : areas) {
            DailySummary previous = issued.get(area);
            DailySummary now = summary(day, area, previous == null ? 0 : previous.revision() + 1, Instant.ofEpochMilli(ts), previous);
            if (previous != null && sameNumbers(previous, now)) continue;
            issued.put(area, now);
            out.collect(now);
        }
    }

    DailySummary summary(LocalDate day, String area, int revision, Instant at, DailySummary previous) throws Exception {
        ServiceKpi k = kpis.get(area.equals(CITY) ? "city:city" : area);
        boolean city = area.equals(CITY);
        List<DailySummary.Ranked> worstWards = city ? worst("ward:") : List.of();
        List<DailySummary.Ranked> worstCategories = worst(city ? "category:" : "ward-category:" + area.substring(5) + "/");
        Double hours = congestionHours.get(area);
        double h = hours == null ? 0 : Math.round(hours * 1000) / 1000.0;
        DailySummary s = new DailySummary(DailySummary.KIND, day, city ? CITY : "ward", city ? CITY : area.substring(5),
                revision, at, k == null ? 0 : k.complaintsReceived(), k == null ? 0 : k.complaintsResolved(),
                k == null ? 0 : k.complaintsResolvedOnTime(), k == null ? null : k.onTimeRate(),
                k == null ? 0 : k.complaintsOverdue(), k == null ? 0 : k.dossiersReceived(),
                k == null ? 0 : k.dossiersResolved(), k == null ? 0 : k.dossiersResolvedOnTime(), h, worstWards,
                worstCategories, null);
        return previous == null ? s : withReason(s, changes(previous, s));
    }

    private List<DailySummary.Ranked> worst(String prefix) throws Exception {
        List<DailySummary.Ranked> all = new ArrayList<>();
        for (var e : kpis.entries()) {
            if (!e.getKey().startsWith(prefix)) continue;
            ServiceKpi k = e.getValue();
            if (k.complaintsOverdue() == 0 && (k.onTimeRate() == null || k.onTimeRate() >= 1.0)) continue;
            String id = k.area().substring(k.area().lastIndexOf('/') + 1); // a ward's category: the category alone
            all.add(new DailySummary.Ranked(id, k.complaintsReceived(), k.complaintsResolved(), k.complaintsOverdue(),
                    k.onTimeRate()));
        }
        all.sort(Comparator.comparingLong(DailySummary.Ranked::overdue).reversed()
                .thenComparing(DailySummary.Ranked::onTimeRate, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(DailySummary.Ranked::id));
        return List.copyOf(all.subList(0, Math.min(5, all.size())));
    }

    static boolean sameNumbers(DailySummary a, DailySummary b) {
        return changes(a, b).isEmpty();
    }

    /** What differs between two summaries of the same day and area, as one line ("" when nothing). */
    static String changes(DailySummary a, DailySummary b) {
        List<String> c = new ArrayList<>();
        diff(c, "received", a.complaintsReceived(), b.complaintsReceived());
        diff(c, "resolved", a.complaintsResolved(), b.complaintsResolved());
        diff(c, "resolved on time", a.complaintsResolvedOnTime(), b.complaintsResolvedOnTime());
        diff(c, "overdue", a.complaintsOverdue(), b.complaintsOverdue());
        diff(c, "dossiers received", a.dossiersReceived(), b.dossiersReceived());
        diff(c, "dossiers resolved", a.dossiersResolved(), b.dossiersResolved());
        diff(c, "dossiers on time", a.dossiersResolvedOnTime(), b.dossiersResolvedOnTime());
        diff(c, "congestion hours", a.congestionHours(), b.congestionHours());
        if (!a.worstWards().equals(b.worstWards())) c.add("worst wards changed");
        if (!a.worstCategories().equals(b.worstCategories())) c.add("worst categories changed");
        return String.join("; ", c);
    }

    private static void diff(List<String> c, String name, Object a, Object b) {
        if (!Objects.equals(a, b)) c.add(String.format(Locale.ROOT, "%s %s -> %s", name, a, b));
    }

    private static DailySummary withReason(DailySummary s, String reason) {
        return new DailySummary(s.kind(), s.day(), s.areaType(), s.area(), s.revision(), s.issuedAt(),
                s.complaintsReceived(), s.complaintsResolved(), s.complaintsResolvedOnTime(), s.onTimeRate(),
                s.complaintsOverdue(), s.dossiersReceived(), s.dossiersResolved(), s.dossiersResolvedOnTime(),
                s.congestionHours(), s.worstWards(), s.worstCategories(), "late events changed: " + reason);
    }
}
