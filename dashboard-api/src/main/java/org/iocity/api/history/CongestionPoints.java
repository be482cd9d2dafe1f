package org.iocity.api.history;

import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;
import org.iocity.model.records.CongestionResult;

/**
 * A congestion result as an InfluxDB point: measurement {@code congestion}, tags {@code segment} and {@code ward},
 * the numeric fields and {@code los}, time = {@code windowEnd} in ms. Series + time identify the point, so writing a
 * result again overwrites it (the history writer is idempotent).
 */
public final class CongestionPoints {
    public static final String MEASUREMENT = "congestion";

    private CongestionPoints() {}

    public static Point toPoint(CongestionResult r) {
        Point.Builder b = Point.measurement(MEASUREMENT)
                .time(r.windowEnd().toEpochMilli(), TimeUnit.MILLISECONDS)
                .tag("segment", r.segmentId());
        if (r.ward() != null && !r.ward().isEmpty()) b.tag("ward", r.ward());
        HistoryPoints.field(b, "flowPerHour", r.flowPerHour());
        HistoryPoints.field(b, "meanSpeedKmh", r.meanSpeedKmh());
        HistoryPoints.field(b, "occupancy", r.occupancy());
        HistoryPoints.field(b, "speedRatio", r.speedRatio());
        HistoryPoints.field(b, "travelTimeIndex", r.travelTimeIndex());
        b.addField("vehicles", r.vehicles());
        if (r.los() != null) b.addField("los", r.los().name());
        return b.build();
    }
}
