package org.iocity.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.iocity.ingest.contract.CameraCounts;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.Json;
import org.iocity.model.records.Rejection;
import org.iocity.model.registry.Registry;

/** {@code ioc/v1/camera/{id}/counts} → {@link Topics#TRAFFIC_OBSERVATIONS}. */
public final class CameraCountsStream implements DeviceStream {
    private final Duration maxAge;

    /** @param maxAge readings older than this are refused */
    public CameraCountsStream(Duration maxAge) {
        this.maxAge = maxAge;
    }

    @Override
    public List<String> mqttFilters() {
        return List.of(Topics.MQTT_CAMERA_COUNTS);
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
    public Normalised normalise(String[] levels, byte[] payload, Registry registry, int maxBytes, Instant receivedAt)
            throws Rejection {
        CameraObservation o = CameraCounts.parse(payload, levels[3], registry, maxBytes, receivedAt, maxAge);
        return new Normalised(o.seq(), Json.toBytes(o));
    }
}
