package org.iocity.jobs.congestion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.LevelOfService;
import org.iocity.model.records.VehicleCounts;
import org.junit.jupiter.api.Test;

class CongestionMeasuresTest {
    static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");

    static CameraObservation obs(String seg, long atSec, long vehicles, double speed, double occupancy) {
        return new CameraObservation("cam-1", atSec, T0.plusSeconds(atSec), T0.plusSeconds(atSec), seg, "sai-gon", 40,
                10, vehicles, new VehicleCounts(vehicles - vehicles / 5, vehicles / 5, 0, 0, 0), speed, occupancy);
    }

    static SegmentTraffic totals(CameraObservation... all) {
        SegmentTrafficAggregate agg = new SegmentTrafficAggregate();
        SegmentTraffic acc = agg.createAccumulator();
        for (CameraObservation o : all) acc = agg.add(o, acc);
        return acc;
    }

    @Test
    void twoIntervalsGiveVehicleWeightedSpeedAndHourlyFlow() {
        // 10 vehicles at 20 km/h and 30 at 40 km/h, 20 s of counting:
        // flow 40 / (20/3600) = 7200 veh/h; mean speed (200 + 1200) / 40 = 35; ratio 35/40 = 0.875 -> A; TTI 40/35
        CongestionResult r = CongestionMeasures.of(totals(obs("s", 10, 10, 20, 0.2), obs("s", 40, 30, 40, 0.4)),
                T0, T0.plusSeconds(60));
        assertEquals(2, r.observations());
        assertEquals(40, r.vehicles());
        assertEquals(7200.0, r.flowPerHour());
        assertEquals(new VehicleCounts(5760, 1440, 0, 0, 0), r.flowByClass());
        assertEquals(35.0, r.meanSpeedKmh());
        assertEquals(0.3, r.occupancy(), 1e-9);
        assertEquals(0.875, r.speedRatio());
        assertEquals(LevelOfService.A, r.los());
        assertEquals(1.143, r.travelTimeIndex());
        assertEquals(T0, r.windowStart());
        assertEquals(T0.plusSeconds(60), r.windowEnd());
    }

    @Test
    void halfOfFreeFlowIsLevelD() {
        CongestionResult r = CongestionMeasures.of(totals(obs("s", 10, 10, 20, 0.2)), T0, T0.plusSeconds(60));
        assertEquals(0.5, r.speedRatio());
        assertEquals(LevelOfService.D, r.los());
        assertEquals(3600.0, r.flowPerHour());
        assertEquals(2.0, r.travelTimeIndex());
    }

    @Test
    void anEmptyRoadIsFreeFlow() {
        CongestionResult r = CongestionMeasures.of(totals(obs("s", 10, 0, 0, 0)), T0, T0.plusSeconds(60));
        assertEquals(40.0, r.meanSpeedKmh());
        assertEquals(LevelOfService.A, r.los());
        assertEquals(0.0, r.flowPerHour());
    }

    @Test
    void standstillCapsTheTravelTimeIndex() {
        CongestionResult r = CongestionMeasures.of(totals(obs("s", 10, 8, 0, 1.0)), T0, T0.plusSeconds(60));
        assertEquals(LevelOfService.F, r.los());
        assertEquals(40.0, r.travelTimeIndex());
    }

    @Test
    void mergedAccumulatorsEqualOneAccumulator() {
        SegmentTrafficAggregate agg = new SegmentTrafficAggregate();
        SegmentTraffic merged = agg.merge(totals(obs("s", 10, 10, 20, 0.2)), totals(obs("s", 40, 30, 40, 0.4)));
        SegmentTraffic whole = totals(obs("s", 10, 10, 20, 0.2), obs("s", 40, 30, 40, 0.4));
        assertEquals(CongestionMeasures.of(whole, T0, T0), CongestionMeasures.of(merged, T0, T0));
    }
}
