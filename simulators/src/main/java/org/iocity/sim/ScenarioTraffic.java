package org.iocity.sim;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.iocity.model.records.VehicleCounts;
import org.iocity.model.registry.Registry;

/**
 * A fixed script with known answers, for tests and demonstrations: every segment gets exactly
 * {@code vehiclesPerWindow} vehicles in every window of {@code windowSec} seconds (aligned to the epoch), spread over
 * the camera intervals of the window as evenly as whole vehicles allow; 80% motorbikes, 13% cars, 2% buses, 2% trucks,
 * the rest bicycles (rounded per interval, the parts always add up); speed 80% of free flow, occupancy 0.10.
 */
public final class ScenarioTraffic implements CameraMessageFactory.TrafficSource {
    private final long vehiclesPerWindow;
    private final int windowSec;
    private final Map<String, Double> freeFlow = new HashMap<>();

    public ScenarioTraffic(Collection<Registry.Segment> segments, long vehiclesPerWindow, int windowSec) {
        if (vehiclesPerWindow < 0) throw new IllegalArgumentException("vehicles per window must not be negative");
        if (windowSec < 1) throw new IllegalArgumentException("the window must be at least 1 s");
        this.vehiclesPerWindow = vehiclesPerWindow;
        this.windowSec = windowSec;
        for (Registry.Segment s : segments) freeFlow.put(s.id(), s.freeFlowKmh());
    }

    /** Interval ends must fall on whole intervals of the window: {@code windowSec} is a multiple of {@code intervalSec}. */
    @Override
    public CityTrafficModel.TrafficReading reading(String segmentId, Instant intervalEnd, int intervalSec) {
        Double ff = freeFlow.get(segmentId);
        if (ff == null) throw new IllegalArgumentException("segment " + segmentId + " is not in the scenario");
        if (windowSec % intervalSec != 0) {
            throw new IllegalArgumentException("the window (" + windowSec + " s) must be a whole number of intervals (" + intervalSec + " s)");
        }
        long m = windowSec / intervalSec;
        long endSec = intervalEnd.getEpochSecond();
        // interval k of the window ends at windowStart + (k + 1) * intervalSec
        long k = Math.floorMod(endSec - intervalSec, windowSec) / intervalSec;
        long n = (k + 1) * vehiclesPerWindow / m - k * vehiclesPerWindow / m;
        long motorbike = Math.round(n * 0.80);
        long car = Math.min(n - motorbike, Math.round(n * 0.13));
        long bus = Math.min(n - motorbike - car, Math.round(n * 0.02));
        long truck = Math.min(n - motorbike - car - bus, Math.round(n * 0.02));
        long bicycle = n - motorbike - car - bus - truck;
        return new CityTrafficModel.TrafficReading(segmentId, intervalEnd, intervalSec, n,
                new VehicleCounts(motorbike, car, bus, truck, bicycle), Math.round(ff * 8) / 10.0, 0.10, 0.5, false);
    }
}
