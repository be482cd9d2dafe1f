package org.iocity.ingest;

import java.time.Instant;
import java.util.List;
import org.iocity.ingest.contract.DeviceStatuses;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.DeviceStatus;
import org.iocity.model.records.Json;
import org.iocity.model.records.Rejection;
import org.iocity.model.registry.Registry;

/** {@code ioc/v1/{type}/{id}/status} (retained, also the last will) → {@link Topics#DEVICE_STATUS}. */
public final class DeviceStatusStream implements DeviceStream {

    @Override
    public List<String> mqttFilters() {
        return List.of(Topics.MQTT_STATUS);
    }

    @Override
    public String kafkaTopic() {
        return Topics.DEVICE_STATUS;
    }

    @Override
    public boolean handles(String[] levels) {
        return levels.length == 5 && levels[4].equals("status");
    }

    @Override
    public Normalised normalise(String[] levels, byte[] payload, Registry registry, int maxBytes, Instant receivedAt)
            throws Rejection {
        DeviceStatus s = DeviceStatuses.parse(payload, levels[2], levels[3], registry, maxBytes, receivedAt);
        return new Normalised(s.seq(), Json.toBytes(s));
    }
}
