package org.iocity.jobs.citizen;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the complaint heatmap.
 *
 * @param resolutions H3 resolutions binned ({@code heatmap.h3.resolutions}, default 7,8,9)
 * @param allowedLateness a complaint older than the watermark minus this goes to the late side output
 *        ({@code heatmap.allowed.lateness}); a later one still corrects the counts at the next evaluation
 * @param rule the hot-spot rule, evaluated on the 1 h window
 * @param alertResolution hot-spot alerts are raised for wards and for H3 cells of this resolution only
 *        ({@code heatmap.hotspot.resolution}), so one burst does not raise one alert per resolution
 * @param stateTtl backstop time-to-live of a key's state (its event-time timers clear it first)
 */
public record HeatmapSettings(List<Integer> resolutions, Duration allowedLateness, HotSpotRule rule,
                              int alertResolution, Duration stateTtl) implements java.io.Serializable {
    public static final HeatmapSettings DEFAULT = new HeatmapSettings(List.of(7, 8, 9), Duration.ofHours(1),
            HotSpotRule.DEFAULT, 8, Duration.ofDays(9));
}
