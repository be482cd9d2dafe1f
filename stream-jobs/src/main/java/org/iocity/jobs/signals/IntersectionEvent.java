package org.iocity.jobs.signals;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.iocity.model.records.SignalEvent;
import org.iocity.model.records.SignalEventBatch;

/**
 * One hi-res controller event with the intersection it happened at (a controller batch, flattened), and the batch it
 * came in: its controller, sequence number and time, and whether this is its first event, so that the copies of a
 * batch (MQTT redelivery) are dropped whole ({@link SignalPerformanceFunction}). {@code deviceId} null: no batch known.
 */
public record IntersectionEvent(String intersectionId, String ward, long ts, int code, int param, String deviceId,
                                long seq, long batchTime, boolean firstOfBatch) {

    /** An event of no known batch (never checked for copies). */
    public IntersectionEvent(String intersectionId, String ward, long ts, int code, int param) {
        this(intersectionId, ward, ts, code, param, null, -1, 0, false);
    }

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
            long batchTime = b.eventTime() != null ? b.eventTime().toEpochMilli() : 0;
            for (SignalEvent e : b.events()) {
                if (e == null || e.ts() == null) continue;
                all.add(new IntersectionEvent(id, b.ward(), e.ts().toEpochMilli(), e.code(), e.param(), b.deviceId(),
                        b.seq(), batchTime, all.isEmpty()));
            }
            return all;
        }
    }
}
