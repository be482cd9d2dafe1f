package org.iocity.jobs.congestion;

import java.time.Instant;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.LevelOfService;
import org.iocity.model.records.VehicleCounts;

/**
 * The congestion measures of one segment over one window, from its {@link SegmentTraffic}:
 * <ul>
 * <li>flow = 3600 × vehicles / seconds of counting (vehicles per hour, also by class);</li>
 * <li>mean speed = Σ(speed × vehicles) / Σ vehicles; with no vehicle counted the road was empty, so free flow;</li>
 * <li>speed ratio = mean speed / free-flow speed, and the HCM level of service from it;</li>
 * <li>travel time index = free-flow speed / mean speed (speeds under 1 km/h count as 1 km/h).</li>
 * </ul>
 */
public final class CongestionMeasures {
    private CongestionMeasures() {}

    public static CongestionResult of(SegmentTraffic t, Instant windowStart, Instant windowEnd) {
        double hours = t.intervalSeconds / 3600.0;
        double flow = hours > 0 ? t.vehicles / hours : 0;
        VehicleCounts byClass = new VehicleCounts(t.motorbike, t.car, t.bus, t.truck, t.bicycle);
        VehicleCounts flowByClass = hours > 0 ? byClass.scaled(1 / hours) : VehicleCounts.ZERO;
        double meanSpeed = t.vehicles > 0 ? t.speedTimesVehicles / t.vehicles : t.freeFlowKmh;
        double ratio = meanSpeed / t.freeFlowKmh;
        double occupancy = t.observations > 0 ? t.occupancySum / t.observations : 0;
        double tti = t.freeFlowKmh / Math.max(meanSpeed, 1.0);
        return new CongestionResult(t.segmentId, t.ward, windowStart, windowEnd, t.observations, t.vehicles,
                round(flow, 1), flowByClass, round(meanSpeed, 2), round(occupancy, 4), t.freeFlowKmh, round(ratio, 4),
                LevelOfService.fromSpeedRatio(ratio), round(tti, 3));
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
