package org.iocity.jobs.congestion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.iocity.model.records.AreaCongestion;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.LevelOfService;
import org.iocity.model.records.VehicleCounts;
import org.junit.jupiter.api.Test;

class AreaCongestionAggregateTest {
    static final Instant T0 = CongestionMeasuresTest.T0;

    static CongestionResult seg(String id, String ward, long vehicles, double ratio) {
        return new CongestionResult(id, ward, T0, T0.plusSeconds(300), 1, vehicles, 0, VehicleCounts.ZERO, 0, 0, 40, ratio,
                LevelOfService.fromSpeedRatio(ratio), 1 / ratio);
    }

    @Test
    void vehicleWeightedCongestionIndexAndShareAtEOrF() {
        var agg = new AreaCongestionAggregate();
        var acc = agg.createAccumulator();
        // 30 vehicles at 0.25 of free flow (F), 10 at 1.0 (A): index (30 × 0.75 + 10 × 0) / 40 = 0.5625
        for (var r : AreaSegmentResult.ToAreas.of(seg("a", "w1", 30, 0.25))) if (r.area().equals("w1")) agg.add(r, acc);
        var other = agg.createAccumulator();
        for (var r : AreaSegmentResult.ToAreas.of(seg("b", "w1", 10, 1.0))) if (r.area().equals("w1")) agg.add(r, other);
        AreaCongestion a = agg.getResult(agg.merge(acc, other));
        assertEquals("area", a.kind());
        assertEquals("area:w1", a.key());
        assertEquals(0.5625, a.congestionIndex());
        assertEquals(0.5, a.congestedShare());
        assertEquals(2, a.segments());
        assertEquals(40, a.vehicles());
        assertEquals(T0.plusSeconds(300), a.windowEnd());
        assertEquals(2, AreaSegmentResult.ToAreas.of(seg("a", "w1", 1, 1)).size()); // its ward and the city
    }
}
