package org.iocity.jobs.congestion;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.iocity.model.records.CameraObservation;

/**
 * Adds camera intervals into a {@link SegmentTraffic} (the totals of one slide of one segment), and combines the totals
 * of slides into those of a window ({@link SlidingSegmentWindows}).
 */
public final class SegmentTrafficAggregate implements AggregateFunction<CameraObservation, SegmentTraffic, SegmentTraffic> {
    private static final long serialVersionUID = 1L;

    @Override
    public SegmentTraffic createAccumulator() {
        return new SegmentTraffic();
    }

    @Override
    public SegmentTraffic add(CameraObservation o, SegmentTraffic acc) {
        acc.segmentId = o.segmentId();
        acc.ward = o.ward();
        acc.freeFlowKmh = o.freeFlowKmh();
        acc.observations++;
        acc.vehicles += o.intensity();
        acc.motorbike += o.byClass().motorbike();
        acc.car += o.byClass().car();
        acc.bus += o.byClass().bus();
        acc.truck += o.byClass().truck();
        acc.bicycle += o.byClass().bicycle();
        acc.intervalSeconds += o.intervalSec();
        acc.speedTimesVehicles += o.averageSpeedKmh() * o.intensity();
        acc.speedSum += o.averageSpeedKmh();
        acc.occupancySum += o.occupancy();
        return acc;
    }

    @Override
    public SegmentTraffic getResult(SegmentTraffic acc) {
        return acc;
    }

    @Override
    public SegmentTraffic merge(SegmentTraffic a, SegmentTraffic b) {
        SegmentTraffic m = new SegmentTraffic();
        SegmentTraffic named = a.segmentId != null ? a : b;
        m.segmentId = named.segmentId;
        m.ward = named.ward;
        m.freeFlowKmh = named.freeFlowKmh;
        m.observations = a.observations + b.observations;
        m.vehicles = a.vehicles + b.vehicles;
        m.motorbike = a.motorbike + b.motorbike;
        m.car = a.car + b.car;
        m.bus = a.bus + b.bus;
        m.truck = a.truck + b.truck;
        m.bicycle = a.bicycle + b.bicycle;
        m.intervalSeconds = a.intervalSeconds + b.intervalSeconds;
        m.speedTimesVehicles = a.speedTimesVehicles + b.speedTimesVehicles;
        m.speedSum = a.speedSum + b.speedSum;
        m.occupancySum = a.occupancySum + b.occupancySum;
        return m;
    }
}
