package org.iocity.jobs.congestion;

import java.time.Instant;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.iocity.model.CongestionResult;

/** Stamps a segment's window totals with the window's bounds and computes its {@link CongestionMeasures}. */
public final class ToCongestionResult extends ProcessWindowFunction<SegmentTraffic, CongestionResult, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(String segmentId, Context ctx, Iterable<SegmentTraffic> totals, Collector<CongestionResult> out) {
        for (SegmentTraffic t : totals) {
            out.collect(CongestionMeasures.of(t, Instant.ofEpochMilli(ctx.window().getStart()),
                    Instant.ofEpochMilli(ctx.window().getEnd())));
        }
    }
}
