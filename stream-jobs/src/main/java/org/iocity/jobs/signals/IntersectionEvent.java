package org.iocity.jobs.signals;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.iocity.model.SignalEvent;
import org.iocity.model.SignalEventBatch;

/** One hi-res controller event with the intersection it happened at (a controller batch, flattened). */
public record IntersectionEvent(String intersectionId, String ward, long ts, int code, int param) {

    /** Flattens a controller batch into its events; a batch with no intersection is keyed by its device id. */
    public static final class Flatten implements FlatMapFunction<SignalEventBatch, IntersectionEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(SignalEventBatch b, Collector<IntersectionEvent> out) {
            for (IntersectionEvent e : of(b)) out.collect(e);
        }

        public static List<IntersectionEvent> of(SignalEventBatch b) {
            String id = b.intersectionId() != null ? b.intersectionId() : b.deviceId();
            List<IntersectionEvent> all = new ArrayList<>();
            if (b.events() == null) return all;
            for (SignalEvent e : b.events()) {
                if (e == null || e.ts() == null) continue;
                all.add(new IntersectionEvent(id, b.ward(), e.ts().toEpochMilli(), e.code(), e.param()));
            }
            return all;
        }
    }
}
