package org.iocity.ingest.contract;

import static org.iocity.model.contract.DeviceContract.ENV_KINDS;
import static org.iocity.model.contract.DeviceContract.MAX_LAEQ;
import static org.iocity.model.contract.DeviceContract.MAX_NO2;
import static org.iocity.model.contract.DeviceContract.MAX_PM;
import static org.iocity.model.contract.DeviceContract.MAX_WATER_LEVEL_CM;
import static org.iocity.model.contract.DeviceContract.MIN_WATER_LEVEL_CM;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.records.EnvReading;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;
import org.iocity.model.registry.Registry;

/** Validation and normalisation of {@code ioc/v1/sensor/{id}/air|water|noise} messages into {@link EnvReading}s. */
public final class EnvReadings {
    private EnvReadings() {}

    /**
     * Reads a sensor message of {@code kind} (the last level of its topic): envelope, the values of that kind (at
     * least one present; pm25/pm10 0..1000, no2 0..2000 µg/m³, waterLevelCm -50..500, laeq 0..150 dBA), and the
     * registry (the device must be a sensor that measures {@code kind}; its ward and location are added).
     */
    public static EnvReading parse(byte[] payload, String topicDeviceId, String kind, Registry registry, int maxBytes,
                                   Instant receivedAt) throws Rejection {
        return parse(payload, topicDeviceId, kind, registry, maxBytes, receivedAt, DeviceContract.MAX_AGE);
    }

    /** As {@link #parse(byte[], String, String, Registry, int, Instant)}, with the stream's age limit on {@code ts}. */
    public static EnvReading parse(byte[] payload, String topicDeviceId, String kind, Registry registry, int maxBytes,
                                   Instant receivedAt, Duration maxAge) throws Rejection {
        if (!ENV_KINDS.contains(kind)) {
            throw new Rejection(RejectReason.UNKNOWN_TOPIC, "sensor readings are air, water or noise, not " + kind);
        }
        DeviceMessage msg = DeviceMessage.parse(payload, topicDeviceId, maxBytes, receivedAt, maxAge);
        JsonNode root = msg.root();
        Registry.Device device = registry.device(msg.deviceId())
                .filter(d -> "sensor".equals(d.type()))
                .orElseThrow(() -> new Rejection(RejectReason.UNKNOWN_DEVICE, "sensor " + msg.deviceId() + " is not in the device registry"));
        if (device.measures() == null || !device.measures().contains(kind)) {
            throw new Rejection(RejectReason.DEVICE_MISMATCH, "sensor " + device.id() + " does not measure " + kind
                    + " in the registry; it measures " + (device.measures() == null ? "nothing" : device.measures()));
        }
        Double pm25 = null, pm10 = null, no2 = null, water = null, laeq = null;
        switch (kind) {
            case "air" -> {
                pm25 = DeviceMessage.optionalDouble(root, "pm25", 0, MAX_PM);
                pm10 = DeviceMessage.optionalDouble(root, "pm10", 0, MAX_PM);
                no2 = DeviceMessage.optionalDouble(root, "no2", 0, MAX_NO2);
                if (pm25 == null && pm10 == null && no2 == null) {
                    throw new Rejection(RejectReason.MISSING_FIELD, "an air reading needs at least one of pm25, pm10, no2");
                }
            }
            case "water" -> water = DeviceMessage.requiredDouble(root, "waterLevelCm", MIN_WATER_LEVEL_CM, MAX_WATER_LEVEL_CM);
            default -> laeq = DeviceMessage.requiredDouble(root, "laeq", 0, MAX_LAEQ);
        }
        return new EnvReading(msg.deviceId(), msg.seq(), msg.ts(), receivedAt, kind, device.ward(), device.lat(),
                device.lon(), pm25, pm10, no2, water, laeq);
    }
}
