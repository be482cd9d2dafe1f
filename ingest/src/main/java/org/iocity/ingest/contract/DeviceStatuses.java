package org.iocity.ingest.contract;

import static org.iocity.model.contract.DeviceContract.MAX_FIRMWARE_LENGTH;
import static org.iocity.model.contract.DeviceContract.STATUS_STATES;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.iocity.model.records.DeviceStatus;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;
import org.iocity.model.registry.Registry;

/**
 * Validation and normalisation of {@code ioc/v1/{type}/{id}/status} messages (retained; also the last will) into
 * {@link DeviceStatus} records. {@code seq} and {@code ts} are optional here: a last will is a fixed payload.
 */
public final class DeviceStatuses {
    private DeviceStatuses() {}

    /**
     * Reads a status message of a device of {@code topicType} (the topic's type level): envelope, {@code state}
     * online/offline, optional {@code firmware} (text) and {@code battery} (0..100 %), and the registry (the device
     * must be known with that type).
     */
    public static DeviceStatus parse(byte[] payload, String topicType, String topicDeviceId, Registry registry,
                                     int maxBytes, Instant receivedAt) throws Rejection {
        DeviceMessage msg = DeviceMessage.parse(payload, topicDeviceId, maxBytes, receivedAt, true);
        JsonNode root = msg.root();
        Registry.Device device = registry.device(msg.deviceId())
                .orElseThrow(() -> new Rejection(RejectReason.UNKNOWN_DEVICE, "device " + msg.deviceId() + " is not in the device registry"));
        if (!device.type().equals(topicType)) {
            throw new Rejection(RejectReason.DEVICE_MISMATCH, "device " + device.id() + " is a " + device.type()
                    + " in the registry, not a " + topicType);
        }
        String state = DeviceMessage.requiredText(root, "state");
        if (!STATUS_STATES.contains(state)) {
            throw new Rejection(RejectReason.OUT_OF_RANGE, "state " + state + " is not online or offline");
        }
        String firmware = null;
        JsonNode fw = root.get("firmware");
        if (fw != null && !fw.isNull()) {
            firmware = DeviceMessage.requiredText(root, "firmware");
            if (firmware.length() > MAX_FIRMWARE_LENGTH) {
                throw new Rejection(RejectReason.OUT_OF_RANGE, "firmware is " + firmware.length() + " characters, the limit is " + MAX_FIRMWARE_LENGTH);
            }
        }
        Double battery = DeviceMessage.optionalDouble(root, "battery", 0, 100);
        String ward = device.ward();
        if (ward == null && device.segmentId() != null) {
            ward = registry.segment(device.segmentId()).map(Registry.Segment::ward).orElse(null);
        }
        if (ward == null && device.intersectionId() != null) {
            ward = registry.intersection(device.intersectionId()).map(Registry.Intersection::ward).orElse(null);
        }
        return new DeviceStatus(msg.deviceId(), msg.seq(), device.type(), state, firmware, battery, msg.ts(), receivedAt, ward);
    }
}
