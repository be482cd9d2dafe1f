package org.iocity.api;

import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;
import org.iocity.model.CongestionResult;

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
        field(b, "flowPerHour", r.flowPerHour());
        field(b, "meanSpeedKmh", r.meanSpeedKmh());
        field(b, "occupancy", r.occupancy());
        field(b, "speedRatio", r.speedRatio());
        field(b, "travelTimeIndex", r.travelTimeIndex());
        b.addField("vehicles", r.vehicles());
        if (r.los() != null) b.addField("los", r.los().name());
        return b.build();
    }

    /** InfluxDB rejects NaN and infinities (and would reject the whole batch with them): such a field is left out. */
    private static void field(Point.Builder b, String name, double value) {
        if (Double.isFinite(value)) b.addField(name, value);
    }
}
