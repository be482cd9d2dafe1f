package org.iocity.jobs.congestion;

import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.iocity.model.records.AreaCongestion;
import org.iocity.model.records.CongestionResult;

/** A segment's window result, addressed to one area it belongs to: its ward, and the city. */
public record AreaSegmentResult(String area, String areaType, CongestionResult result) {

    /** Each segment result counts for its ward (when it has one) and for the city. */
    public static final class ToAreas implements FlatMapFunction<CongestionResult, AreaSegmentResult> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(CongestionResult r, Collector<AreaSegmentResult> out) {
            for (AreaSegmentResult a : of(r)) out.collect(a);
        }

        static List<AreaSegmentResult> of(CongestionResult r) {
            AreaSegmentResult city = new AreaSegmentResult(AreaCongestion.CITY, "city", r);
            if (r.ward() == null || r.ward().isBlank()) return List.of(city);
            return List.of(new AreaSegmentResult(r.ward(), "ward", r), city);
        }
    }
}
