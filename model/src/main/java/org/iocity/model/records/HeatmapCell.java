package org.iocity.model.records;

import java.time.Instant;
import org.iocity.model.kafka.Topics;

/**
 * Complaint count of one area (an H3 cell or a ward) and one category over one rolling window, written to
 * {@link Topics#COMPLAINT_HEATMAP} keyed by {@link #key()} whenever the count changes; the latest record per key is
 * the current state, so the topic can be compacted.
 *
 * @param window the rolling window: {@code 1h}, {@code 24h} or {@code 7d}
 * @param areaType {@link #H3} or {@link #WARD}
 * @param area the H3 cell address (hex string) or the registry ward id
 * @param resolution the H3 resolution (7, 8 or 9); {@code null} for a ward
 * @param category the complaint group ({@code construction-order}, {@code urban-order}, {@code environment},
 *        {@code traffic-safety}, {@code security-order}, {@code other}) or {@link #ALL}
 * @param count complaints received in the window
 * @param windowStart start of the window (event time)
 * @param windowEnd end of the window (event time; the moment the count is for)
 * @param baselineMean the area's mean count per window over its recent baseline, {@code null} while it has none
 * @param hot whether the area is a hot spot now (see the job's hot-spot rule)
 */
public record HeatmapCell(String window, String areaType, String area, Integer resolution, String category, long count,
                          Instant windowStart, Instant windowEnd, Double baselineMean, boolean hot) {
    public static final String H3 = "h3";
    public static final String WARD = "ward";
    public static final String ALL = "all";

    /** The Kafka key: {@code window:areaType:area:category}. */
    public String key() {
        return window + ":" + areaType + ":" + area + ":" + category;
    }
}
