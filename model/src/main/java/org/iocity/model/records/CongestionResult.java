package org.iocity.model.records;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import org.iocity.model.kafka.Topics;

/**
 * Congestion of one road segment over one sliding event-time window. Written to {@link Topics#CONGESTION},
 * keyed by segment id.
 *
 * @param observations camera intervals that fell in the window
 * @param vehicles vehicles counted in the window
 * @param flowPerHour vehicles per hour over the time the cameras covered
 * @param flowByClass vehicles per hour, by class
 * @param meanSpeedKmh vehicle-weighted mean speed (falls back to the plain mean when no vehicle was counted)
 * @param occupancy mean occupancy, 0..1
 * @param speedRatio mean speed as a share of the free-flow speed
 * @param travelTimeIndex free-flow speed over mean speed (1.0 is free flow)
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
public record CongestionResult(
        String segmentId,
        String ward,
        Instant windowStart,
        Instant windowEnd,
        long observations,
        long vehicles,
        double flowPerHour,
        VehicleCounts flowByClass,
        double meanSpeedKmh,
        double occupancy,
        double freeFlowKmh,
        double speedRatio,
        LevelOfService los,
        double travelTimeIndex) implements CongestionTopicRecord {
}
