package org.iocity.jobs.alerts;

/**
 * What {@link DeviceSilenceAlerts} keeps per camera, in one value state so an observation costs one read and at most
 * one write: the event time of its last observation, its ward (for the alert), and whether a {@code device-silent}
 * alert is up (raised at {@code lastSeen} + the silence threshold, since {@code lastSeen}). A POJO (public fields), so
 * no Kryo.
 */
public final class CameraWatch {
    public long lastSeen;
    public String ward;
    public boolean silent;

    public CameraWatch() {}
}
