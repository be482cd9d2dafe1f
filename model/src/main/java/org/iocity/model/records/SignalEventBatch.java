package org.iocity.model.records;

import java.time.Instant;
import java.util.List;
import org.iocity.model.kafka.Topics;

/**
 * A controller's batch of hi-res events ({@code ioc/v1/signal/{id}/events}), validated and enriched with its
 * intersection from the registry. Written to {@link Topics#SIGNAL_EVENTS}, keyed by controller id.
 *
 * @param eventTime the batch's {@code ts}
 * @param events in time order
 */
public record SignalEventBatch(String deviceId, long seq, Instant eventTime, Instant receivedAt, String intersectionId,
                               String ward, List<SignalEvent> events) {
}
