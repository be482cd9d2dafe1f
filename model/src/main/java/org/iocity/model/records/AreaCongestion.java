package org.iocity.model.records;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import org.iocity.model.kafka.Topics;

/**
 * Congestion of a whole area (a ward, or the city) over one congestion window, written to {@link Topics#CONGESTION}
 * beside the per-segment {@link CongestionResult}s. It has no {@code segmentId}: its Kafka key is
 * {@code area:<ward id>} or {@code area:city}, and {@code kind} is {@code area}, so a consumer tells it apart.
 *
 * @param kind always {@link #KIND}
 * @param area the ward id, or {@link #CITY}
 * @param areaType {@code ward} or {@code city}
 * @param segments segments that reported in the window
 * @param congestedSegments of them, segments at level of service E or F
 * @param vehicles vehicles counted on them
 * @param congestionIndex vehicle-weighted mean of max(0, 1 − speed ratio) over the area's segments, 0 (free flow) to
 *        1 (standstill); with no vehicle counted, the plain mean over segments
 * @param congestedShare share of the reporting segments at E or F, 0..1
 * @param meanSpeedRatio vehicle-weighted mean speed ratio (plain mean with no vehicle)
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
public record AreaCongestion(String kind, String area, String areaType, Instant windowStart, Instant windowEnd,
                             long segments, long congestedSegments, long vehicles, double congestionIndex,
                             double congestedShare, double meanSpeedRatio)
        implements CongestionTopicRecord {
    public static final String KIND = "area";
    public static final String CITY = "city";

    /** The Kafka key: {@code area:<id>}, never a segment id. */
    public String key() {
        return "area:" + area;
    }
}
