package org.iocity.jobs.congestion;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.iocity.jobs.common.FirstCopies;
import org.iocity.jobs.common.StateTtl;
import org.iocity.jobs.io.CongestionResultSerializer;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.CongestionResult;

/**
 * The sliding congestion windows of one segment (keyed by segment id), computed from per-slide partial totals: each
 * camera interval is added once, to the {@link SegmentTraffic} of the slide it falls in, instead of to every window
 * holding it (10 with 5 min / 30 s); at the end of each window its slides are combined into one result.
 * <p>
 * The results and the late handling are those of Flink's {@code SlidingEventTimeWindows} with no allowed lateness:
 * window {@code [end − size, end)} fires when the watermark reaches {@code end − 1}, only if some interval fell in it,
 * and its result carries the timestamp {@code end − 1}; an interval whose windows have all fired is late and goes to
 * the {@link CongestionPipeline#LATE} side output, one whose first windows have fired counts in the later ones only.
 * <p>
 * State: per segment the partial totals of the slides some unfired window still needs (at most size / slide + the
 * slides ahead of the watermark), each dropped when the last window holding it fires; one event-time timer per window
 * to fire (registered when a slide gets its first interval, and after each firing for the next window with data), so
 * a segment with no data keeps no state and no timer. Window size must be a whole number of slides.
 * <p>
 * Repeated copies of a camera's (device, seq) are dropped here, by {@link FirstCopies} (a camera reports for one
 * segment, so its sequence numbers are all seen under this key, and a redelivered copy is byte-identical), which saves
 * an exchange keyed by camera before the windows. Only intervals that are not late are recorded: a late one changes
 * no window, so it is only asked whether it is a known copy (dropped and counted as one, as a copy redelivered long
 * after a gateway crash should be) and otherwise goes to {@link CongestionPipeline#LATE} (counted, never silently
 * dropped). So the sequences only need to cover slides that still have an unfired window, and they are forgotten
 * with the segment's last slide, besides each camera's TTL: a segment with no data keeps nothing. The cost: after
 * such a gap a late copy counts as late, not as a copy, and a restarted counter simply starts afresh.
 * <p>
 * Early results, for the live wall: a window's final result waits for the watermark (the out-of-orderness after its
 * end, then the next camera round) and for the checkpoint that commits it. For live data, each window is also emitted
 * on processing time, {@code liveDelay} after its end, with the intervals that have arrived by then, to the
 * {@link CongestionPipeline#EARLY} side output; the final result follows as before and supersedes it. Cameras report
 * each interval at its end, so by then the early result normally holds every interval of the window. An early timer is
 * registered only for a window that ends less than one window size ahead of the processing clock and whose early time
 * is still ahead (so a backlog or a replay registers none), and not fired when the window's final result is out
 * already or the timer is more than a slide overdue (after a restore). After an early firing the next window's early
 * timer is set if that window has data, so a segment's early results stop with its final ones.
 */
public final class SlidingSegmentWindows extends KeyedProcessFunction<String, CameraObservation, CongestionResult>
        implements ResultTypeQueryable<CongestionResult> {
    private static final long serialVersionUID = 1L;

    private final long size;
    private final long slide;
    private final long liveDelay;
    private final SegmentTrafficAggregate totals = new SegmentTrafficAggregate();
    private final FirstCopies firstCopies;
    private transient MapState<Long, SegmentTraffic> slides;

    /** Windows with no early results. */
    public SlidingSegmentWindows(CongestionPipeline.Windows windows) {
        this(windows, StateTtl.DEFAULT, null);
    }

    /** The windows, with each camera's sequence numbers kept for at most {@code stateTtl} since its last new one. */
    public SlidingSegmentWindows(CongestionPipeline.Windows windows, Duration stateTtl) {
        this(windows, stateTtl, null);
    }

    /** As above, with early results {@code liveDelay} after each live window's end; none when it is null. */
    public SlidingSegmentWindows(CongestionPipeline.Windows windows, Duration stateTtl, Duration liveDelay) {
        this.size = windows.size().toMillis();
        this.slide = windows.slide().toMillis();
        this.firstCopies = new FirstCopies(stateTtl);
        this.liveDelay = liveDelay == null ? -1 : liveDelay.toMillis();
        if (liveDelay != null && (liveDelay.isNegative() || this.liveDelay >= slide)) {
            throw new org.iocity.model.config.ConfigException("congestion.live.delay (" + liveDelay
                    + ") must be at least 0 and less than congestion.slide (" + windows.slide() + ")");
        }
    }

    /** The results with their own {@link CongestionResultSerializer}. */
    @Override
    public TypeInformation<CongestionResult> getProducedType() {
        return CongestionResultSerializer.TYPE;
    }

    @Override
    public void open(OpenContext openContext) {
        slides = getRuntimeContext().getMapState(new MapStateDescriptor<>("slide-totals", Types.LONG,
                TypeInformation.of(SegmentTraffic.class)));
        firstCopies.open(getRuntimeContext());
    }

    @Override
    public void processElement(CameraObservation o, Context ctx, Collector<CongestionResult> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long slideStart = TimeWindow.getWindowStartWithOffset(ctx.timestamp(), 0, slide);
        if (slideStart + size - 1 <= watermark) { // the last window holding it has fired: late for all of them
            if (!firstCopies.isKnownCopy(o.deviceId(), o.seq(), ctx.timestamp())) ctx.output(CongestionPipeline.LATE, o);
            return;
        }
        if (!firstCopies.isFirst(o.deviceId(), o.seq(), ctx.timestamp())) return; // a repeated copy: counted, dropped
        SegmentTraffic partial = slides.get(slideStart);
        if (partial == null) {
            partial = new SegmentTraffic();
            ctx.timerService().registerEventTimeTimer(firstUnfiredEnd(slideStart, watermark) - 1);
        }
        slides.put(slideStart, totals.add(o, partial));
        if (liveDelay >= 0) registerEarly(slideStart, watermark, ctx.timerService());
    }

    /**
     * Sets the early timer of the first window holding the slide at {@code slideStart} that is neither fired nor past
     * its early time, when that window is live (ends less than a window size ahead of the processing clock).
     */
    private void registerEarly(long slideStart, long watermark, TimerService timers) {
        long now = timers.currentProcessingTime();
        long end = Math.max(firstUnfiredEnd(slideStart, watermark), Math.floorDiv(now - liveDelay, slide) * slide + slide);
        if (end <= slideStart + size && end - now <= size) timers.registerProcessingTimeTimer(end + liveDelay);
    }

    /** The end of the first window holding the slide that starts at {@code slideStart} not fired at {@code watermark}. */
    private long firstUnfiredEnd(long slideStart, long watermark) {
        long end = slideStart + slide;
        if (end - 1 > watermark) return end;
        return end + ((watermark - (end - 1)) / slide + 1) * slide;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CongestionResult> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            early(timestamp, ctx);
            return;
        }
        long end = timestamp + 1;
        long start = end - size;
        List<Map.Entry<Long, SegmentTraffic>> inWindow = new ArrayList<>();
        List<Long> done = new ArrayList<>();
        long nextSlide = Long.MAX_VALUE;
        for (Map.Entry<Long, SegmentTraffic> e : slides.entries()) {
            long s = e.getKey();
            if (s >= start && s < end) inWindow.add(e);
            if (s + size <= end) done.add(s);
            else nextSlide = Math.min(nextSlide, s);
        }
        if (!inWindow.isEmpty()) out.collect(result(inWindow, start, end));
        for (Long s : done) slides.remove(s);
        if (nextSlide != Long.MAX_VALUE) {
            ctx.timerService().registerEventTimeTimer(Math.max(end, nextSlide) + slide - 1);
        }
        if (nextSlide == Long.MAX_VALUE) firstCopies.forgetAll(); // no slide left: no window for a copy to count in
    }

    /** The early result of the window ending {@code liveDelay} before {@code timestamp}, if it is still due. */
    private void early(long timestamp, OnTimerContext ctx) throws Exception {
        long end = timestamp - liveDelay;
        long start = end - size;
        TimerService timers = ctx.timerService();
        if (end - 1 <= timers.currentWatermark() || timers.currentProcessingTime() - timestamp > slide) return;
        List<Map.Entry<Long, SegmentTraffic>> inWindow = new ArrayList<>();
        boolean nextHasData = false;
        for (Map.Entry<Long, SegmentTraffic> e : slides.entries()) {
            long s = e.getKey();
            if (s >= start && s < end) inWindow.add(e);
            nextHasData |= s >= start + slide && s < end + slide;
        }
        if (!inWindow.isEmpty()) ctx.output(CongestionPipeline.EARLY, result(inWindow, start, end));
        if (nextHasData) timers.registerProcessingTimeTimer(timestamp + slide);
    }

    /** The window {@code [start, end)} from its slides' totals. */
    private CongestionResult result(List<Map.Entry<Long, SegmentTraffic>> inWindow, long start, long end) {
        inWindow.sort(Map.Entry.comparingByKey());
        SegmentTraffic window = totals.createAccumulator();
        for (Map.Entry<Long, SegmentTraffic> e : inWindow) window = combine(window, e.getValue());
        return CongestionMeasures.of(window, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end));
    }

    /** The totals of both, named after the later slide (the segment's latest ward and free-flow speed). */
    private SegmentTraffic combine(SegmentTraffic earlier, SegmentTraffic later) {
        return totals.merge(later, earlier);
    }
}
