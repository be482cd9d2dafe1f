package org.iocity.jobs.congestion;

/** Running totals of one segment's camera intervals inside one window (the window's accumulator). */
public class SegmentTraffic {
    public String segmentId;
    public String ward;
    public double freeFlowKmh;
    public long observations;
    public long vehicles;
    public long motorbike;
    public long car;
    public long bus;
    public long truck;
    public long bicycle;
    /** Seconds of counting the intervals cover. */
    public long intervalSeconds;
    /** Σ speed × vehicles, for the vehicle-weighted mean speed. */
    public double speedTimesVehicles;
    /** Σ speed, for the plain mean when no vehicle was counted. */
    public double speedSum;
    public double occupancySum;

    public SegmentTraffic() {}
}
