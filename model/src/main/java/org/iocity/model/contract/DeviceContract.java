package org.iocity.model.contract;

import java.time.Duration;
import java.util.Set;

/**
 * The numbers of the device contract v1 (the public interface with the field): the schema version, the clock limits,
 * and the value ranges of each stream. Devices (the simulators) build to them; the gateway's validators
 * ({@code org.iocity.ingest.contract}) enforce them; readers of the raw topics may rely on them.
 */
public final class DeviceContract {
    private DeviceContract() {}

    // the envelope: v, deviceId, seq, ts
    public static final int SCHEMA_VERSION = 1;
    /** Device clocks may run ahead; further than this is refused. */
    public static final Duration MAX_CLOCK_AHEAD = Duration.ofMinutes(5);
    /**
     * Older than this is refused: it is no longer a live reading. The default of cameras and sensors; the gateway
     * reads a limit per stream ({@code ingest.max.age.camera|sensor|signal}).
     */
    public static final Duration MAX_AGE = Duration.ofDays(7);
    /**
     * The default age limit of controller logs: controllers upload a backlog after a communications outage, hours or
     * days late, and that is normal input.
     */
    public static final Duration MAX_AGE_SIGNAL = Duration.ofDays(30);
    /** The {@code seq} of a message that carries no sequence number (allowed for status messages only). */
    public static final long NO_SEQ = -1;

    // ioc/v1/camera/{id}/counts
    public static final Set<String> VEHICLE_CLASSES = Set.of("motorbike", "car", "bus", "truck", "bicycle");
    public static final double MAX_SPEED_KMH = 200;
    public static final long MAX_INTENSITY = 100_000;
    public static final int MAX_INTERVAL_SEC = 3600;

    // ioc/v1/sensor/{id}/air|water|noise
    /** The sensor kinds, the last level of a sensor topic and the {@code kind} of an env reading. */
    public static final Set<String> ENV_KINDS = Set.of("air", "water", "noise");
    public static final double MAX_PM = 1000;
    public static final double MAX_NO2 = 2000;
    public static final double MIN_WATER_LEVEL_CM = -50;
    public static final double MAX_WATER_LEVEL_CM = 500;
    public static final double MAX_LAEQ = 150;

    // ioc/v1/{type}/{id}/status
    public static final Set<String> STATUS_STATES = Set.of("online", "offline");
    public static final int MAX_FIRMWARE_LENGTH = 64;

    // ioc/v1/signal/{id}/events
    public static final int MAX_EVENTS = 10_000;
    /**
     * Event codes and parameters are 0..65535: the Indiana enumeration uses one byte, but real controllers also send
     * vendor codes (MAXTIME 300-320 controller-reported splits and cycle, 400, 500-503) and parameters above 255.
     */
    public static final int MAX_CODE = 65_535;
    public static final int MAX_PARAM = 65_535;
    /** The highest code of the Indiana enumeration (its one-byte space); codes above are vendor extensions. */
    public static final int MAX_INDIANA_CODE = 255;

    /** Whether {@code code} is in the Indiana enumeration's space; codes outside it are kept, passed on and counted. */
    public static boolean isIndianaCode(int code) {
        return code >= 0 && code <= MAX_INDIANA_CODE;
    }
}
