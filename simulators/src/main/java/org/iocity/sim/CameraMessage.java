package org.iocity.sim;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.records.VehicleCounts;

/**
 * One message of a camera on {@code ioc/v1/camera/{id}/counts}, device contract v1, in the field order of the
 * contract. {@code ts} is the end of the counting interval, ISO-8601 with the city's +07:00 offset.
 */
@JsonPropertyOrder({"v", "deviceId", "seq", "ts", "segmentId", "intervalSec", "intensity", "byClass",
        "averageVehicleSpeed", "occupancy"})
public record CameraMessage(int v, String deviceId, long seq, String ts, String segmentId, int intervalSec,
                            long intensity, VehicleCounts byClass, double averageVehicleSpeed, double occupancy) {
    public static final int VERSION = DeviceContract.SCHEMA_VERSION;
}
