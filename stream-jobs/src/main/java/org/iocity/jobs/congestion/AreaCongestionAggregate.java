package org.iocity.jobs.congestion;

import java.time.Instant;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.iocity.model.records.AreaCongestion;

/**
 * Adds the segment results of one window of one area (ward or city) into the area's congestion:
 * <ul>
 * <li>congestion index = Σ vehicles × max(0, 1 − speed ratio) / Σ vehicles — the share of free-flow speed the
 *     area's traffic loses, weighted by how many vehicles suffer it (0 free flow, 1 standstill); with no vehicle
 *     counted in the area, the plain mean over its segments;</li>
 * <li>congested share = segments at level of service E or F / segments reporting.</li>
 * </ul>
 */
public final class AreaCongestionAggregate implements AggregateFunction<AreaSegmentResult, AreaTraffic, AreaCongestion> {
    private static final long serialVersionUID = 1L;

    @Override
    public AreaTraffic createAccumulator() {
        return new AreaTraffic();
    }

    @Override
    public AreaTraffic add(AreaSegmentResult in, AreaTraffic acc) {
        var r = in.result();
        acc.area = in.area();
        acc.areaType = in.areaType();
        acc.windowStartMs = Math.min(acc.windowStartMs, r.windowStart().toEpochMilli());
        acc.windowEndMs = Math.max(acc.windowEndMs, r.windowEnd().toEpochMilli());
        acc.segments++;
        if (r.los().congested()) acc.congestedSegments++;
        acc.vehicles += r.vehicles();
        double slowness = Math.max(0, 1 - r.speedRatio());
        acc.slownessTimesVehicles += slowness * r.vehicles();
        acc.slownessSum += slowness;
        acc.ratioTimesVehicles += r.speedRatio() * r.vehicles();
        acc.ratioSum += r.speedRatio();
        return acc;
    }

    @Override
    public AreaCongestion getResult(AreaTraffic a) {
        double index = a.vehicles > 0 ? a.slownessTimesVehicles / a.vehicles
                : a.segments > 0 ? a.slownessSum / a.segments : 0;
        double ratio = a.vehicles > 0 ? a.ratioTimesVehicles / a.vehicles : a.segments > 0 ? a.ratioSum / a.segments : 1;
        double share = a.segments > 0 ? (double) a.congestedSegments / a.segments : 0;
        return new AreaCongestion(AreaCongestion.KIND, a.area, a.areaType, Instant.ofEpochMilli(a.windowStartMs),
                Instant.ofEpochMilli(a.windowEndMs), a.segments, a.congestedSegments, a.vehicles,
                CongestionMeasures.round(index, 4), CongestionMeasures.round(share, 4), CongestionMeasures.round(ratio, 4));
    }

    @Override
    public AreaTraffic merge(AreaTraffic a, AreaTraffic b) {
        AreaTraffic m = new AreaTraffic();
        AreaTraffic named = a.area != null ? a : b;
        m.area = named.area;
        m.areaType = named.areaType;
        m.windowStartMs = Math.min(a.windowStartMs, b.windowStartMs);
        m.windowEndMs = Math.max(a.windowEndMs, b.windowEndMs);
        m.segments = a.segments + b.segments;
        m.congestedSegments = a.congestedSegments + b.congestedSegments;
        m.vehicles = a.vehicles + b.vehicles;
        m.slownessTimesVehicles = a.slownessTimesVehicles + b.slownessTimesVehicles;
        m.slownessSum = a.slownessSum + b.slownessSum;
        m.ratioTimesVehicles = a.ratioTimesVehicles + b.ratioTimesVehicles;
        m.ratioSum = a.ratioSum + b.ratioSum;
        return m;
    }
}
