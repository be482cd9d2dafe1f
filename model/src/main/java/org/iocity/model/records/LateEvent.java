package org.iocity.model.records;

import java.time.Instant;
import org.iocity.model.kafka.Topics;

/**
 * A valid event that reached a windowed computation after its windows had closed: counted and written to
 * {@link Topics#LATE_EVENTS}, never silently dropped.
 *
 * @param pipeline which computation it was late for, e.g. {@code congestion}
 * @param key the key it belonged to (segment, intersection, cell)
 * @param watermark the computation's event-time clock when it arrived
 * @param record the event itself, as JSON
 */
public record LateEvent(String pipeline, String key, Instant eventTime, Instant watermark, Instant detectedAt,
                        String record) {
}
