package org.iocity.ingest;

import java.time.Duration;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.contract.DeviceContract;

/**
 * How old a device reading may be when it reaches the gateway, per stream: {@code ingest.max.age.camera} and
 * {@code ingest.max.age.sensor} (default {@link DeviceContract#MAX_AGE}, 7 days: older is no longer a live reading),
 * {@code ingest.max.age.signal} (default {@link DeviceContract#MAX_AGE_SIGNAL}, 30 days: controllers upload backlogs
 * after an outage). Controller logs are checked event by event.
 */
public record AgeLimits(Duration camera, Duration sensor, Duration signal) {

    public static final AgeLimits DEFAULTS = new AgeLimits(DeviceContract.MAX_AGE, DeviceContract.MAX_AGE,
            DeviceContract.MAX_AGE_SIGNAL);

    public AgeLimits {
        positive("camera", camera);
        positive("sensor", sensor);
        positive("signal", signal);
    }

    /** Reads the three settings; a bad value is a one-line {@link ConfigException} naming the setting. */
    public static AgeLimits from(IocConfig config) {
        return new AgeLimits(read(config, "camera", DEFAULTS.camera), read(config, "sensor", DEFAULTS.sensor),
                read(config, "signal", DEFAULTS.signal));
    }

    private static Duration read(IocConfig config, String stream, Duration fallback) {
        String key = "ingest.max.age." + stream;
        Duration d = config.duration(key, fallback);
        if (d.isZero()) {
            throw new ConfigException(key + "=" + config.string(key, "") + " would refuse every reading: give a positive"
                    + " duration such as 7d or 720h (" + IocConfig.envName(key) + ")");
        }
        return d;
    }

    private static void positive(String stream, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new ConfigException("ingest.max.age." + stream + " must be a positive duration, was " + d);
        }
    }
}
