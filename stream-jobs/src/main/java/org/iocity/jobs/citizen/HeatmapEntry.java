package org.iocity.jobs.citizen;

/**
 * One received complaint as one heatmap area sees it: an H3 cell at one resolution or a ward, for its own category
 * or for {@code all}. Keyed by {@link #key()}.
 */
public record HeatmapEntry(String areaType, String area, Integer resolution, String category, String ward, long time,
                           String requestId) {
    public String key() {
        return areaType + ":" + area + ":" + category;
    }
}
