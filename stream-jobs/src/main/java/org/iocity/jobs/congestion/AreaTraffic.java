package org.iocity.jobs.congestion;

/** Running totals of one area's segment results of one congestion window (the accumulator of {@link AreaCongestionAggregate}). */
public class AreaTraffic {
    public String area;
    public String areaType;
    public long windowStartMs = Long.MAX_VALUE;
    public long windowEndMs = Long.MIN_VALUE;
    public long segments;
    public long congestedSegments;
    public long vehicles;
    /** Σ vehicles × max(0, 1 − speed ratio). */
    public double slownessTimesVehicles;
    /** Σ max(0, 1 − speed ratio), for areas where no vehicle was counted. */
    public double slownessSum;
    public double ratioTimesVehicles;
    public double ratioSum;

    public AreaTraffic() {}
}
