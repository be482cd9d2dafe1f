package org.iocity.model.records;

import java.time.Instant;
import org.iocity.model.kafka.Topics;

/**
 * A camera or detector station's counts for one interval, validated and enriched from the registry
 * (ward and free-flow speed of the segment). Written to {@link Topics#TRAFFIC_OBSERVATIONS}, keyed by device id.
 *
 * @param eventTime end of the counting interval, as the device stamped it
 * @param receivedAt when the gateway received the message
 * @param averageSpeedKmh mean speed of the vehicles counted, km/h
 * @param occupancy share of the interval the detection zone was occupied, 0..1
 */
public record CameraObservation(
        String deviceId,
        long seq,
        Instant eventTime,
        Instant receivedAt,
        String segmentId,
        String ward,
        double freeFlowKmh,
        int intervalSec,
        long intensity,
        VehicleCounts byClass,
        double averageSpeedKmh,
        double occupancy) {
}
