package org.iocity.ingest.contract;

import static org.iocity.model.contract.DeviceContract.MAX_INTENSITY;
import static org.iocity.model.contract.DeviceContract.MAX_INTERVAL_SEC;
import static org.iocity.model.contract.DeviceContract.MAX_SPEED_KMH;
import static org.iocity.model.contract.DeviceContract.VEHICLE_CLASSES;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;
import org.iocity.model.records.VehicleCounts;
import org.iocity.model.registry.Registry;

/** Validation and normalisation of {@code ioc/v1/camera/{id}/counts} messages into {@link CameraObservation}s. */
public final class CameraCounts {
    private CameraCounts() {}

    /**
     * Reads a camera message: envelope, payload types and ranges, and the registry (the camera must be known,
     * and its segment must be the one the registry gives it).
     */
    public static CameraObservation parse(byte[] payload, String topicDeviceId, Registry registry, int maxBytes,
                                          Instant receivedAt) throws Rejection {
        return parse(payload, topicDeviceId, registry, maxBytes, receivedAt, DeviceContract.MAX_AGE);
    }

    /** As {@link #parse(byte[], String, Registry, int, Instant)}, with the stream's age limit on {@code ts}. */
    public static CameraObservation parse(byte[] payload, String topicDeviceId, Registry registry, int maxBytes,
                                          Instant receivedAt, Duration maxAge) throws Rejection {
        DeviceMessage msg = DeviceMessage.parse(payload, topicDeviceId, maxBytes, receivedAt, maxAge);
        JsonNode root = msg.root();
        Registry.Device device = registry.device(msg.deviceId())
                .filter(d -> "camera".equals(d.type()))
                .orElseThrow(() -> new Rejection(RejectReason.UNKNOWN_DEVICE, "camera " + msg.deviceId() + " is not in the device registry"));
        String segmentId = DeviceMessage.requiredText(root, "segmentId");
        if (device.segmentId() != null && !device.segmentId().equals(segmentId)) {
            throw new Rejection(RejectReason.DEVICE_MISMATCH, "segmentId " + segmentId + " is not camera " + device.id()
                    + "'s segment " + device.segmentId() + " in the registry");
        }
        Registry.Segment segment = registry.segment(segmentId)
                .orElseThrow(() -> new Rejection(RejectReason.UNKNOWN_DEVICE, "segment " + segmentId + " is not in the device registry"));
        int intervalSec = (int) DeviceMessage.requiredLong(root, "intervalSec", 1, MAX_INTERVAL_SEC);
        long intensity = DeviceMessage.requiredLong(root, "intensity", 0, MAX_INTENSITY);
        VehicleCounts byClass = byClass(root, intensity);
        double speed = DeviceMessage.requiredDouble(root, "averageVehicleSpeed", 0, MAX_SPEED_KMH);
        double occupancy = DeviceMessage.requiredDouble(root, "occupancy", 0, 1);
        return new CameraObservation(msg.deviceId(), msg.seq(), msg.ts(), receivedAt, segment.id(), segment.ward(),
                segment.freeFlowKmh(), intervalSec, intensity, byClass, speed, occupancy);
    }

    private static VehicleCounts byClass(JsonNode root, long intensity) throws Rejection {
        JsonNode node = root.get("byClass");
        if (node == null || node.isNull()) throw new Rejection(RejectReason.MISSING_FIELD, "byClass is missing");
        if (!node.isObject()) throw new Rejection(RejectReason.WRONG_TYPE, "byClass must be an object of counts by vehicle class, was " + node);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            String cls = it.next().getKey();
            if (!VEHICLE_CLASSES.contains(cls)) {
                throw new Rejection(RejectReason.OUT_OF_RANGE, "byClass." + cls + " is not a vehicle class; known: motorbike, car, bus, truck, bicycle");
            }
        }
        VehicleCounts counts = new VehicleCounts(count(node, "motorbike", intensity), count(node, "car", intensity),
                count(node, "bus", intensity), count(node, "truck", intensity), count(node, "bicycle", intensity));
        if (counts.total() > intensity) {
            throw new Rejection(RejectReason.OUT_OF_RANGE, "byClass adds up to " + counts.total() + ", more than intensity " + intensity);
        }
        return counts;
    }

    private static long count(JsonNode byClass, String cls, long intensity) throws Rejection {
        return byClass.has(cls) ? DeviceMessage.requiredLong(byClass, cls, 0, MAX_INTENSITY) : 0;
    }
}
