package org.iocity.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.iocity.ingest.contract.EnvReadings;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.EnvReading;
import org.iocity.model.records.Json;
import org.iocity.model.records.Rejection;
import org.iocity.model.registry.Registry;

/**
 * {@code ioc/v1/sensor/{id}/air|water|noise} → {@link Topics#ENV_READINGS} as {@link EnvReading}s. One filter per
 * kind (not {@code sensor/+/+}), so a sensor's status topic is not matched twice.
 */
public final class EnvReadingsStream implements DeviceStream {
    private final Duration maxAge;

    /** @param maxAge readings older than this are refused */
    public EnvReadingsStream(Duration maxAge) {
        this.maxAge = maxAge;
    }

    @Override
    public List<String> mqttFilters() {
        return DeviceContract.ENV_KINDS.stream().sorted().map(kind -> "ioc/v1/sensor/+/" + kind).toList();
    }

    @Override
    public String kafkaTopic() {
        return Topics.ENV_READINGS;
    }

    @Override
    public boolean handles(String[] levels) {
        return levels.length == 5 && levels[2].equals("sensor") && DeviceContract.ENV_KINDS.contains(levels[4]);
    }

    @Override
    public Normalised normalise(String[] levels, byte[] payload, Registry registry, int maxBytes, Instant receivedAt)
            throws Rejection {
        EnvReading r = EnvReadings.parse(payload, levels[3], levels[4], registry, maxBytes, receivedAt, maxAge);
        return new Normalised(r.seq(), Json.toBytes(r));
    }
}
