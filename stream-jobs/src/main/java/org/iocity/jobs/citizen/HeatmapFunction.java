package org.iocity.jobs.citizen;

import java.time.Instant;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.iocity.jobs.common.StateTtl;
import org.iocity.model.records.Alert;
import org.iocity.model.records.HeatmapCell;

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
    private transient ValueState<Counts> state;

    public HeatmapFunction(HeatmapSettings settings) {
        this.settings = settings;
    }

    /**
     * The state of one key (a Flink POJO, one value so a heap backend touches one entry per event): complaints per
     * minute (kept 1 h + the baseline) and per hour (kept 7 d), the counts last emitted per window, the hot-spot start.
     */
    public static class Counts {
        public TreeMap<Long, Long> minutes = new TreeMap<>();
        public TreeMap<Long, Long> hours = new TreeMap<>();
        public long[] emitted = new long[3];
        public Long hotSince;
        public HeatmapEntry last;

        public Counts() {}
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Counts> d = new ValueStateDescriptor<>("heatmap-counts", TypeInformation.of(Counts.class));
        d.enableTimeToLive(StateTtl.of(settings.stateTtl()));
        state = getRuntimeContext().getState(d);
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
        Counts c = state.value();
        if (c == null) c = new Counts();
        c.last = e;
        long m = Math.floorDiv(e.time(), MINUTE) * MINUTE;
        long h = Math.floorDiv(e.time(), HOUR) * HOUR;
        c.minutes.merge(m, 1L, Long::sum);
        c.hours.merge(h, 1L, Long::sum);
        state.update(c);
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
        Counts c = state.value();
        if (c == null) return;
        HeatmapEntry entry = c.last;
        long[] now = c.emitted;
        if (e % MINUTE == 0) {
            long count = sum(c.minutes, e - HOUR, e);
            double baseline = (double) sum(c.minutes, e - HOUR - baselineSpan(), e - HOUR) / settings.rule().baselineWindows();
            boolean hot = settings.rule().hot(count, baseline);
            Long since = c.hotSince;
            if (count != now[0] || hot != (since != null)) {
                now[0] = count;
                out.collect(cell(entry, 0, count, e, HOUR, baseline, hot));
            }
            if (hot && since == null) {
                c.hotSince = e;
                if (alerting(entry)) ctx.output(ALERTS, Alert.raised(Alert.COMPLAINT_HOTSPOT, ctx.getCurrentKey(),
                        entry.ward(), Alert.WARNING, Instant.ofEpochMilli(e), Instant.ofEpochMilli(e), detail(entry, count, baseline)));
            } else if (!hot && since != null) {
                c.hotSince = null;
                if (alerting(entry)) ctx.output(ALERTS, Alert.cleared(Alert.COMPLAINT_HOTSPOT, ctx.getCurrentKey(),
                        entry.ward(), Alert.WARNING, Instant.ofEpochMilli(since), Instant.ofEpochMilli(e), detail(entry, count, baseline)));
            }
        }
        if (e % HOUR == 0) {
            long[] sizes = {0, DAY, WEEK};
            for (int w = 1; w < 3; w++) {
                long count = sum(c.hours, e - sizes[w], e);
                if (count != now[w]) {
                    now[w] = count;
                    out.collect(cell(entry, w, count, e, sizes[w], null, false));
                }
            }
        }
        c.minutes.headMap(e - HOUR - baselineSpan()).clear();
        c.hours.headMap(e - WEEK).clear();
        if (c.minutes.isEmpty() && c.hours.isEmpty() && now[0] == 0 && now[1] == 0 && now[2] == 0 && c.hotSince == null) {
            state.clear();
        } else {
            state.update(c);
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

    private static long sum(TreeMap<Long, Long> buckets, long from, long to) {
        long n = 0;
        for (long v : buckets.subMap(from, to).values()) n += v;
        return n;
    }
}
