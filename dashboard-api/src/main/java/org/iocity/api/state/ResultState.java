package org.iocity.api.state;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.iocity.api.live.LiveProtocol;
import org.iocity.model.records.Alert;
import org.iocity.model.records.AreaCongestion;
import org.iocity.model.records.DailySummary;
import org.iocity.model.records.DeviceStatus;
import org.iocity.model.records.EnvReading;
import org.iocity.model.records.HeatmapCell;
import org.iocity.model.records.ServiceKpi;
import org.iocity.model.records.SignalCycle;
import org.iocity.model.records.SignalPerformance;

/**
 * The live state of every result topic but congestion ({@link CongestionState}): alerts paired by id with their
 * acknowledgement, KPIs (live, and each day's latest revision), daily summaries (latest revision), heatmap cells
 * (latest window per key), signal performance bins and cycles per intersection (bounded), each device's latest
 * status, each area's latest congestion window and each sensor's latest reading per kind. {@link #apply} says what
 * changed as {@link Push}es for the live channels. Thread-safe (one lock).
 */
public final class ResultState {
    static final int BINS_PER_INTERSECTION = 2_000;
    static final int CYCLES_PER_INTERSECTION = 500;
    static final int CLEARED_ALERTS_KEPT = 1_000;
    static final int PLAN_CHANGES_KEPT = 10_000;

    /** A change for the live channel {@code channel}, coalesced per {@code key}. */
    public record Push(String channel, String key, Object data) {}

    /** An area's latest congestion window, provisional when it was sent early and its final one has not come. */
    public record AreaView(AreaCongestion congestion, boolean provisional) {}

    /** Who acknowledged an alert, and when. */
    public record Ack(String by, String role, Instant at, String note) {}

    /** An alert as the API shows it: its raise and clear paired, {@code status} open or cleared. */
    public record AlertView(String id, String kind, String entity, String ward, String severity, String status,
                     Instant since, Instant raisedAt, Instant clearedAt, String detail, Ack ack) {
        static final String OPEN = "open";
        static final String CLEARED = "cleared";

        boolean open() {
            return OPEN.equals(status);
        }
    }

    private final Map<String, AlertView> alerts = new LinkedHashMap<>();
    private final Map<String, Ack> acks = new HashMap<>();
    private final Map<String, ServiceKpi> kpis = new HashMap<>();
    private final Map<String, DailySummary> summaries = new HashMap<>();
    private final Map<String, HeatmapCell> heatmap = new HashMap<>();
    private final Map<String, TreeMap<Instant, SignalPerformance>> bins = new HashMap<>();
    private final Map<String, Deque<SignalCycle>> cycles = new HashMap<>();
    private final Map<String, DeviceStatus> devices = new HashMap<>();
    private final List<PlanAuditRecord> planChanges = new ArrayList<>();
    private final Map<String, AreaView> areas = new HashMap<>();
    private final Map<String, Map<String, EnvReading>> readings = new HashMap<>();

    /** Applies one model record; returns the live pushes it causes (none when it changed nothing). */
    public synchronized List<Push> apply(Object record) {
        if (record instanceof Alert a) return alert(a);
        if (record instanceof AlertAck a) return ack(a);
        if (record instanceof ServiceKpi k) return kpi(k);
        if (record instanceof DailySummary d) return summary(d);
        if (record instanceof HeatmapCell c) return cell(c);
        if (record instanceof SignalPerformance b) return bin(b);
        if (record instanceof SignalCycle c) return cycle(c);
        if (record instanceof DeviceStatus s) return device(s);
        if (record instanceof PlanAuditRecord p) return plan(p);
        if (record instanceof AreaCongestion a) return area(a, false);
        if (record instanceof Provisional p && p.result() instanceof AreaCongestion a) return area(a, true);
        if (record instanceof EnvReading r) return reading(r);
        throw new IllegalArgumentException("not a result record: " + record.getClass().getSimpleName());
    }

    private List<Push> alert(Alert a) {
        AlertView old = alerts.get(a.id());
        boolean clear = Alert.CLEARED.equals(a.state());
        if (old != null && !old.open() && !clear) return List.of(); // a raise replayed after its clear
        AlertView v = new AlertView(a.id(), a.kind(), a.entity(), a.ward(), a.severity(),
                clear ? AlertView.CLEARED : AlertView.OPEN, a.since(),
                clear ? (old == null ? null : old.raisedAt()) : a.at(), clear ? a.at() : null, a.detail(), acks.get(a.id()));
        if (v.equals(old)) return List.of();
        alerts.put(a.id(), v);
        if (clear) evictCleared();
        return List.of(new Push(LiveProtocol.ALERTS, v.id(), v));
    }

    private void evictCleared() {
        long cleared = alerts.values().stream().filter(v -> !v.open()).count();
        for (Iterator<AlertView> it = alerts.values().iterator(); it.hasNext() && cleared > CLEARED_ALERTS_KEPT; ) {
            AlertView v = it.next();
            if (!v.open()) {
                it.remove();
                acks.remove(v.id());
                cleared--;
            }
        }
    }

    private List<Push> ack(AlertAck a) {
        if (acks.containsKey(a.alertId())) return List.of(); // the first acknowledgement stands
        Ack ack = new Ack(a.actor(), a.role(), a.time(), a.note());
        acks.put(a.alertId(), ack);
        AlertView v = alerts.get(a.alertId());
        if (v == null) return List.of();
        AlertView acked = withAck(v, ack);
        alerts.put(v.id(), acked);
        return List.of(new Push(LiveProtocol.ALERTS, v.id(), acked));
    }

    private static AlertView withAck(AlertView v, Ack ack) {
        return new AlertView(v.id(), v.kind(), v.entity(), v.ward(), v.severity(), v.status(), v.since(), v.raisedAt(),
                v.clearedAt(), v.detail(), ack);
    }

    private List<Push> kpi(ServiceKpi k) {
        ServiceKpi old = kpis.get(k.key());
        if (old != null && newer(old.revision(), old.asOf(), k.revision(), k.asOf())) return List.of();
        kpis.put(k.key(), k);
        return List.of(new Push(LiveProtocol.KPI, k.key(), k));
    }

    private List<Push> summary(DailySummary d) {
        DailySummary old = summaries.get(d.key());
        if (old != null && old.revision() > d.revision()) return List.of();
        summaries.put(d.key(), d);
        return List.of(new Push(LiveProtocol.KPI, d.key(), d));
    }

    /** True when the held (revision, time) is strictly newer than the offered one. */
    private static boolean newer(int heldRevision, Instant heldAt, int revision, Instant at) {
        if (heldRevision != revision) return heldRevision > revision;
        return heldAt != null && at != null && heldAt.isAfter(at);
    }

    private List<Push> cell(HeatmapCell c) {
        HeatmapCell old = heatmap.get(c.key());
        if (old != null && old.windowEnd() != null && c.windowEnd() != null && old.windowEnd().isAfter(c.windowEnd())) {
            return List.of();
        }
        heatmap.put(c.key(), c);
        return List.of(new Push(LiveProtocol.HEATMAP, c.key(), c));
    }

    private List<Push> bin(SignalPerformance b) {
        TreeMap<Instant, SignalPerformance> m = bins.computeIfAbsent(b.intersectionId(), k -> new TreeMap<>());
        m.put(b.binStart(), b);
        while (m.size() > BINS_PER_INTERSECTION) m.pollFirstEntry();
        return List.of(new Push(LiveProtocol.intersection(b.intersectionId()), "bin:" + b.binStart(), b));
    }

    private List<Push> cycle(SignalCycle c) {
        Deque<SignalCycle> d = cycles.computeIfAbsent(c.intersectionId(), k -> new ArrayDeque<>());
        if (d.stream().anyMatch(x -> x.phase() == c.phase() && x.start().equals(c.start()))) return List.of();
        d.addLast(c);
        while (d.size() > CYCLES_PER_INTERSECTION) d.removeFirst();
        return List.of(new Push(LiveProtocol.intersection(c.intersectionId()), "cycle:" + c.phase() + ":" + c.start(), c));
    }

    private List<Push> device(DeviceStatus s) {
        DeviceStatus old = devices.get(s.deviceId());
        if (old != null && old.eventTime().isAfter(s.eventTime())) return List.of();
        devices.put(s.deviceId(), s);
        return List.of(new Push(LiveProtocol.DEVICES, s.deviceId(), s));
    }

    /**
     * The latest window of each area (a re-emitted window replaces its copy, an older one is ignored; for one window a
     * final result replaces a provisional one, never the other way round).
     */
    private List<Push> area(AreaCongestion a, boolean provisional) {
        AreaView old = areas.get(a.area());
        if (old != null && !Provisional.replaces(a.windowEnd(), provisional, old.congestion().windowEnd(), old.provisional())) {
            return List.of();
        }
        AreaView v = new AreaView(a, provisional);
        areas.put(a.area(), v);
        return List.of(new Push(LiveProtocol.AREAS, a.area(), v));
    }

    /** The latest reading of each sensor per kind, by event time (a replayed older reading is ignored). */
    private List<Push> reading(EnvReading r) {
        Map<String, EnvReading> byKind = readings.computeIfAbsent(r.deviceId(), k -> new TreeMap<>());
        EnvReading old = byKind.get(r.kind());
        if (old != null && old.eventTime().isAfter(r.eventTime())) return List.of();
        byKind.put(r.kind(), r);
        return List.of(new Push(LiveProtocol.SENSORS, r.deviceId(), r));
    }

    private List<Push> plan(PlanAuditRecord p) {
        if (planChanges.stream().noneMatch(x -> x.id().equals(p.id()))) planChanges.add(p);
        if (planChanges.size() > PLAN_CHANGES_KEPT) planChanges.remove(0);
        return List.of();
    }

    public synchronized Optional<AlertView> alert(String id) {
        return Optional.ofNullable(alerts.get(id));
    }

    /** Alerts, newest raise first; {@code open} null for all. */
    public synchronized List<AlertView> alerts(Boolean open) {
        return alerts.values().stream().filter(v -> open == null || v.open() == open)
                .sorted(Comparator.comparing(AlertView::raisedAt, Comparator.nullsLast(Comparator.reverseOrder()))).toList();
    }

    /** Live KPIs, or with {@code day} each area's latest revision of that day; {@code area} null for all. */
    public synchronized List<ServiceKpi> kpis(LocalDate day, String area) {
        return kpis.values().stream()
                .filter(k -> day == null ? ServiceKpi.LIVE.equals(k.kind()) : ServiceKpi.DAY.equals(k.kind()) && day.equals(k.day()))
                .filter(k -> area == null || area.equals(k.area()))
                .sorted(Comparator.comparing(ServiceKpi::areaType).thenComparing(ServiceKpi::area)).toList();
    }

    /** The latest revision of each area's summary of {@code day}: the city first, then wards by id. */
    public synchronized List<DailySummary> summaries(LocalDate day) {
        return summaries.values().stream().filter(d -> day.equals(d.day()))
                .sorted(Comparator.comparing((DailySummary d) -> !ServiceKpi.CITY.equals(d.areaType()))
                        .thenComparing(DailySummary::area)).toList();
    }

    /** The days that have daily summaries. */
    public synchronized java.util.SortedSet<LocalDate> summaryDays() {
        java.util.SortedSet<LocalDate> days = new java.util.TreeSet<>();
        for (DailySummary d : summaries.values()) days.add(d.day());
        return days;
    }

    /** The latest summary of each area whatever the day (for the wall's snapshot). */
    public synchronized List<DailySummary> latestSummaries() {
        Map<String, DailySummary> latest = new HashMap<>();
        for (DailySummary d : summaries.values()) {
            latest.merge(d.areaType() + ":" + d.area(), d, (a, b) -> a.day().isAfter(b.day()) ? a : b);
        }
        return new ArrayList<>(latest.values());
    }

    public synchronized List<HeatmapCell> heatmap(String window, String areaType, Integer resolution, String category) {
        return heatmap.values().stream()
                .filter(c -> window == null || window.equals(c.window()))
                .filter(c -> areaType == null || areaType.equals(c.areaType()))
                .filter(c -> resolution == null || resolution.equals(c.resolution()))
                .filter(c -> category == null || category.equals(c.category()))
                .sorted(Comparator.comparing(HeatmapCell::key)).toList();
    }

    /** Bins of an intersection that overlap [from, to), oldest first. */
    public synchronized List<SignalPerformance> bins(String intersection, Instant from, Instant to) {
        TreeMap<Instant, SignalPerformance> m = bins.get(intersection);
        if (m == null) return List.of();
        return m.values().stream().filter(b -> b.binEnd().isAfter(from) && b.binStart().isBefore(to)).toList();
    }

    /** The last {@code max} cycles of an intersection that ended in [from, to), oldest first. */
    public synchronized List<SignalCycle> cycles(String intersection, Instant from, Instant to, int max) {
        Deque<SignalCycle> d = cycles.get(intersection);
        if (d == null) return List.of();
        List<SignalCycle> in = d.stream().filter(c -> !c.end().isBefore(from) && c.end().isBefore(to)).toList();
        return in.subList(Math.max(0, in.size() - max), in.size());
    }

    public synchronized Optional<DeviceStatus> device(String id) {
        return Optional.ofNullable(devices.get(id));
    }

    /** The latest window of every area, the city first, then wards by id; {@code area} null for all. */
    public synchronized List<AreaView> areas(String area) {
        return areas.values().stream().filter(v -> area == null || area.equals(v.congestion().area()))
                .sorted(Comparator.comparing((AreaView v) -> !AreaCongestion.CITY.equals(v.congestion().areaType()))
                        .thenComparing(v -> v.congestion().area())).toList();
    }

    /** The latest reading of each kind a sensor sent, by kind; empty when none. */
    public synchronized Map<String, EnvReading> readings(String sensorId) {
        Map<String, EnvReading> m = readings.get(sensorId);
        return m == null ? Map.of() : new TreeMap<>(m);
    }

    public synchronized Optional<PlanAuditRecord> planChange(String id) {
        return planChanges.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
