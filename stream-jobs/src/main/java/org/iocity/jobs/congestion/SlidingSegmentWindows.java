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
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.iocity.jobs.CongestionResultSerializer;
import org.iocity.jobs.FirstCopies;
import org.iocity.jobs.alerts.StateTtl;
import org.iocity.model.CameraObservation;
import org.iocity.model.CongestionResult;

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
 */
public final class SlidingSegmentWindows extends KeyedProcessFunction<String, CameraObservation, CongestionResult>
        implements ResultTypeQueryable<CongestionResult> {
    private static final long serialVersionUID = 1L;

    private final long size;
    private final long slide;
    private final SegmentTrafficAggregate totals = new SegmentTrafficAggregate();
    private final FirstCopies firstCopies;
    private transient MapState<Long, SegmentTraffic> slides;

    public SlidingSegmentWindows(CongestionPipeline.Windows windows) {
        this(windows, StateTtl.DEFAULT);
    }

    /** The windows, with each camera's sequence numbers kept for at most {@code stateTtl} since its last new one. */
    public SlidingSegmentWindows(CongestionPipeline.Windows windows, Duration stateTtl) {
        this.size = windows.size().toMillis();
        this.slide = windows.slide().toMillis();
        this.firstCopies = new FirstCopies(stateTtl);
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
    }

    /** The end of the first window holding the slide that starts at {@code slideStart} not fired at {@code watermark}. */
    private long firstUnfiredEnd(long slideStart, long watermark) {
        long end = slideStart + slide;
        if (end - 1 > watermark) return end;
        return end + ((watermark - (end - 1)) / slide + 1) * slide;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CongestionResult> out) throws Exception {
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
        if (!inWindow.isEmpty()) {
            inWindow.sort(Map.Entry.comparingByKey());
            SegmentTraffic window = totals.createAccumulator();
            for (Map.Entry<Long, SegmentTraffic> e : inWindow) window = combine(window, e.getValue());
            out.collect(CongestionMeasures.of(window, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end)));
        }
        for (Long s : done) slides.remove(s);
        if (nextSlide != Long.MAX_VALUE) {
            ctx.timerService().registerEventTimeTimer(Math.max(end, nextSlide) + slide - 1);
        }
        if (nextSlide == Long.MAX_VALUE) firstCopies.forgetAll(); // no slide left: no window for a copy to count in
    }

    /** The totals of both, named after the later slide (the segment's latest ward and free-flow speed). */
    private SegmentTraffic combine(SegmentTraffic earlier, SegmentTraffic later) {
        return totals.merge(later, earlier);
    }
}
