package org.iocity.jobs.citizen;

import com.uber.h3core.H3Core;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;
import org.iocity.model.records.ComplaintEvent;
import org.iocity.model.records.HeatmapCell;

/**
 * A {@code received} complaint to its heatmap entries: the H3 cell holding its point at each resolution (when it
 * has a point), and its ward (when known), each for its category and for {@code all}. Other event types count
 * nothing here. {@link H3Core} is native and not serializable, so it is made in {@link #open}.
 */
public final class ToHeatmapEntries extends RichFlatMapFunction<ComplaintEvent, HeatmapEntry> {
    private static final long serialVersionUID = 1L;
    private final List<Integer> resolutions;
    private transient H3Core h3;

    public ToHeatmapEntries(List<Integer> resolutions) {
        this.resolutions = List.copyOf(resolutions);
    }

    @Override
    public void open(OpenContext openContext) {
        try {
            h3 = H3Core.newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the H3 library", e);
        }
    }

    @Override
    public void flatMap(ComplaintEvent e, Collector<HeatmapEntry> out) {
        if (!ComplaintEvent.RECEIVED.equals(e.type())) return;
        long t = e.eventTime().toEpochMilli();
        String category = e.category() == null ? "other" : e.category();
        if (e.lat() != null && e.lon() != null) {
            for (int res : resolutions) {
                String cell = h3.latLngToCellAddress(e.lat(), e.lon(), res);
                out.collect(new HeatmapEntry(HeatmapCell.H3, cell, res, category, e.ward(), t, e.requestId()));
                out.collect(new HeatmapEntry(HeatmapCell.H3, cell, res, HeatmapCell.ALL, e.ward(), t, e.requestId()));
            }
        }
        if (e.ward() != null) {
            out.collect(new HeatmapEntry(HeatmapCell.WARD, e.ward(), null, category, e.ward(), t, e.requestId()));
            out.collect(new HeatmapEntry(HeatmapCell.WARD, e.ward(), null, HeatmapCell.ALL, e.ward(), t, e.requestId()));
        }
    }
}
