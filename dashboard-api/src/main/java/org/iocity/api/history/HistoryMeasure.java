package org.iocity.api.history;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The result kinds kept in InfluxDB: the path name of {@code GET /api/v1/history/{measure}}, the measurement, the tag
 * that names the entity, the numeric fields averaged per bucket and the tags a bucket is also grouped by.
 */
public enum HistoryMeasure {
    CONGESTION("congestion", CongestionPoints.MEASUREMENT, "segment", InfluxHistory.FIELDS, List.of()),
    AREA_CONGESTION("area-congestion", "area_congestion", "area",
            List.of("segments", "congestedSegments", "vehicles", "congestionIndex", "congestedShare", "meanSpeedRatio"),
            List.of("areaType")),
    SIGNAL_PERFORMANCE("signal-performance", "signal_performance", "intersection",
            List.of("cycles", "arrivals", "arrivalsOnGreen", "percentArrivalsOnGreen", "platoonRatio", "splitFailures",
                    "gapOuts", "maxOuts", "forceOffs", "skips", "meanPedDelayS", "maxPedDelayS"),
            List.of("phase")),
    KPI("kpi", "kpi", "area",
            List.of("onTimeRate", "complaintsReceived", "complaintsResolved", "complaintsOpen", "complaintsOverdue",
                    "dossiersOverdue", "medianResolveHours"),
            List.of("areaType"));

    final String path;
    public final String measurement;
    final String entityTag;
    final List<String> fields;
    final List<String> groupTags;

    HistoryMeasure(String path, String measurement, String entityTag, List<String> fields, List<String> groupTags) {
        this.path = path;
        this.measurement = measurement;
        this.entityTag = entityTag;
        this.fields = fields;
        this.groupTags = groupTags;
    }

    static Optional<HistoryMeasure> of(String path) {
        return Arrays.stream(values()).filter(m -> m.path.equals(path)).findFirst();
    }

    static String names() {
        return String.join(", ", Arrays.stream(values()).map(m -> m.path).toList());
    }

    /**
     * The per-bucket aggregate: {@code mean} of each field under its own name (and the last level of service for
     * congestion), so raw and downsampled series have the same field names.
     */
    String selectList() {
        String s = String.join(", ", fields.stream().map(f -> "mean(\"" + f + "\") AS \"" + f + "\"").toList());
        return this == CONGESTION ? s + ", last(\"los\") AS \"los\"" : s;
    }
}
