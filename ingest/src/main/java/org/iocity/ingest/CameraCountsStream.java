package org.iocity.ingest;

import java.time.Instant;
import org.iocity.model.CameraCounts;
import org.iocity.model.Json;
import org.iocity.model.Registry;
import org.iocity.model.Rejection;
import org.iocity.model.Topics;

/** {@code ioc/v1/camera/{id}/counts} → {@link Topics#TRAFFIC_OBSERVATIONS}. */
public final class CameraCountsStream implements DeviceStream {

    @Override
    public String mqttFilter() {
        return Topics.MQTT_CAMERA_COUNTS;
    }

    @Override
    public String kafkaTopic() {
        return Topics.TRAFFIC_OBSERVATIONS;
    }

    @Override
    public boolean handles(String[] levels) {
        return levels.length == 5 && levels[2].equals("camera") && levels[4].equals("counts");
    }

    @Override
    public byte[] normalise(byte[] payload, String deviceId, Registry registry, int maxBytes, Instant receivedAt)
            throws Rejection {
        return Json.toBytes(CameraCounts.parse(payload, deviceId, registry, maxBytes, receivedAt));
    }
}
