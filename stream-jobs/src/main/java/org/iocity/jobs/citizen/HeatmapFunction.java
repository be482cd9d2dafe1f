package org.iocity.jobs.citizen;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.iocity.jobs.alerts.StateTtl;
import org.iocity.model.Alert;
import org.iocity.model.HeatmapCell;

/**
 * Rolling complaint counts of one heatmap key ({@link HeatmapEntry#key()}) over the last 1 h (evaluated every
 * minute), 24 h and 7 d (every hour), in event time: complaints are counted in minute and hour buckets, and a
 * window ending at {@code e} counts the buckets starting in [e − size, e). Event-time timers fire only where a count
 * can change (a bucket entering or leaving a window), and a {@link HeatmapCell} is emitted when the count (or, for
 * 1 h, the hot-spot flag) differs from the last one emitted, down to 0 when the last complaint leaves the 7 d window;
 * then the key's state is cleared.
 *
 * <p>The 1 h window carries the baseline (mean count per hour over the {@link HotSpotRule#baselineWindows()} hours
 * before the window) and the {@link HotSpotRule} verdict. For wards and cells at the alert resolution, a hot spot
 * raises a {@code complaint-hotspot} {@link Alert} on {@link #ALERTS}, cleared at the first evaluation that is no
 * longer hot. Complaints older than the watermark minus the allowed lateness go to {@link #LATE}.
 */
public final class HeatmapFunction extends KeyedProcessFunction<String, HeatmapEntry, HeatmapCell> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<Alert> ALERTS = new OutputTag<>("complaint-hotspot-alerts") {};
    public static final OutputTag<HeatmapEntry> LATE = new OutputTag<>("late-heatmap-complaints") {};
    static final long MINUTE = 60_000, HOUR = 3_600_000, DAY = 24 * HOUR, WEEK = 7 * DAY;
    static final String[] WINDOWS = {"1h", "24h", "7d"};

    private final HeatmapSettings settings;
    private transient MapState<Long, Long> minutes;
    private transient MapState<Long, Long> hours;
    private transient ValueState<long[]> emitted;
    private transient ValueState<Long> hotSince;
    private transient ValueState<HeatmapEntry> last;

    public HeatmapFunction(HeatmapSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtl.of(settings.stateTtl());
        minutes = buckets("minute-buckets", ttl);
        hours = buckets("hour-buckets", ttl);
        emitted = value("emitted-counts", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO, ttl);
        hotSince = value("hot-since", Types.LONG, ttl);
        last = value("last-entry", TypeInformation.of(HeatmapEntry.class), ttl);
    }

    private MapState<Long, Long> buckets(String name, StateTtlConfig ttl) {
        MapStateDescriptor<Long, Long> d = new MapStateDescriptor<>(name, Types.LONG, Types.LONG);
        d.enableTimeToLive(ttl);
        return getRuntimeContext().getMapState(d);
    }

    private <V> ValueState<V> value(String name, TypeInformation<V> type, StateTtlConfig ttl) {
        ValueStateDescriptor<V> d = new ValueStateDescriptor<>(name, type);
        d.enableTimeToLive(ttl);
        return getRuntimeContext().getState(d);
    }

    private long baselineSpan() {
        return settings.rule().baselineWindows() * HOUR;
    }

    @Override
    public void processElement(HeatmapEntry e, Context ctx, Collector<HeatmapCell> out) throws Exception {
        long wm = ctx.timerService().currentWatermark();
        if (wm != Long.MIN_VALUE && e.time() < wm - settings.allowedLateness().toMillis()) {
            ctx.output(LATE, e);
            return;
        }
        last.update(e);
        long m = Math.floorDiv(e.time(), MINUTE) * MINUTE;
        long h = Math.floorDiv(e.time(), HOUR) * HOUR;
        Long mc = minutes.get(m);
        minutes.put(m, mc == null ? 1 : mc + 1);
        Long hc = hours.get(h);
        hours.put(h, hc == null ? 1 : hc + 1);
        var timers = ctx.timerService();
        timers.registerEventTimeTimer(m + MINUTE);                         // counted in the 1 h window
        timers.registerEventTimeTimer(m + MINUTE + HOUR);                  // leaves it, joins the baseline
        timers.registerEventTimeTimer(m + MINUTE + HOUR + baselineSpan()); // leaves the baseline
        timers.registerEventTimeTimer(h + HOUR);                           // counted in 24 h and 7 d
        timers.registerEventTimeTimer(h + HOUR + DAY);
        timers.registerEventTimeTimer(h + HOUR + WEEK);
    }

    @Override
    public void onTimer(long e, OnTimerContext ctx, Collector<HeatmapCell> out) throws Exception {
        HeatmapEntry entry = last.value();
        if (entry == null) return;
        long[] prev = emitted.value();
        long[] now = prev == null ? new long[3] : prev.clone();
        if (e % MINUTE == 0) {
            long count = sum(minutes, e - HOUR, e);
            double baseline = (double) sum(minutes, e - HOUR - baselineSpan(), e - HOUR) / settings.rule().baselineWindows();
            boolean hot = settings.rule().hot(count, baseline);
            Long since = hotSince.value();
            if (count != now[0] || hot != (since != null)) {
                now[0] = count;
                out.collect(cell(entry, 0, count, e, HOUR, baseline, hot));
            }
            if (hot && since == null) {
                hotSince.update(e);
                if (alerting(entry)) ctx.output(ALERTS, Alert.raised(Alert.COMPLAINT_HOTSPOT, ctx.getCurrentKey(),
                        entry.ward(), Alert.WARNING, Instant.ofEpochMilli(e), Instant.ofEpochMilli(e), detail(entry, count, baseline)));
            } else if (!hot && since != null) {
                hotSince.clear();
                if (alerting(entry)) ctx.output(ALERTS, Alert.cleared(Alert.COMPLAINT_HOTSPOT, ctx.getCurrentKey(),
                        entry.ward(), Alert.WARNING, Instant.ofEpochMilli(since), Instant.ofEpochMilli(e), detail(entry, count, baseline)));
            }
        }
        if (e % HOUR == 0) {
            long[] sizes = {0, DAY, WEEK};
            for (int w = 1; w < 3; w++) {
                long count = sum(hours, e - sizes[w], e);
                if (count != now[w]) {
                    now[w] = count;
                    out.collect(cell(entry, w, count, e, sizes[w], null, false));
                }
            }
        }
        emitted.update(now);
        prune(minutes, e - HOUR - baselineSpan());
        prune(hours, e - WEEK);
        if (minutes.isEmpty() && hours.isEmpty() && now[0] == 0 && now[1] == 0 && now[2] == 0 && hotSince.value() == null) {
            emitted.clear();
            last.clear();
        }
    }

    private boolean alerting(HeatmapEntry e) {
        return HeatmapCell.WARD.equals(e.areaType()) || e.resolution() == settings.alertResolution();
    }

    private static String detail(HeatmapEntry e, long count, double baseline) {
        return String.format(Locale.ROOT, "%d %s complaints in the last hour in %s %s (baseline %.2f per hour)", count,
                e.category(), e.areaType(), e.area(), baseline);
    }

    private static HeatmapCell cell(HeatmapEntry e, int w, long count, long end, long size, Double baseline, boolean hot) {
        return new HeatmapCell(WINDOWS[w], e.areaType(), e.area(), e.resolution(), e.category(), count,
                Instant.ofEpochMilli(end - size), Instant.ofEpochMilli(end), baseline, hot);
    }

    private static long sum(MapState<Long, Long> buckets, long from, long to) throws Exception {
        long n = 0;
        for (var b : buckets.entries()) if (b.getKey() >= from && b.getKey() < to) n += b.getValue();
        return n;
    }

    private static void prune(MapState<Long, Long> buckets, long before) throws Exception {
        List<Long> old = new ArrayList<>();
        for (Long k : buckets.keys()) if (k < before) old.add(k);
        for (Long k : old) buckets.remove(k);
    }
}
