package org.iocity.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.iocity.ingest.contract.SignalEvents;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.Json;
import org.iocity.model.records.Rejection;
import org.iocity.model.records.SignalEventBatch;
import org.iocity.model.registry.Registry;

/** {@code ioc/v1/signal/{id}/events} → {@link Topics#SIGNAL_EVENTS} as {@link SignalEventBatch}es. */
public final class SignalEventsStream implements DeviceStream {
    private final Duration maxAge;

    /** @param maxAge events older than this are refused alone ({@code ingest.max.age.signal}) */
    public SignalEventsStream(Duration maxAge) {
        this.maxAge = maxAge;
    }

    @Override
    public List<String> mqttFilters() {
        return List.of(Topics.MQTT_SIGNAL_EVENTS);
    }

    @Override
    public String kafkaTopic() {
        return Topics.SIGNAL_EVENTS;
    }

    @Override
    public boolean handles(String[] levels) {
        return levels.length == 5 && levels[2].equals("signal") && levels[4].equals("events");
    }

    @Override
    public Normalised normalise(String[] levels, byte[] payload, Registry registry, int maxBytes, Instant receivedAt)
            throws Rejection {
        SignalEvents.Read r = SignalEvents.read(payload, levels[3], registry, maxBytes, receivedAt, maxAge);
        SignalEventBatch b = r.batch();
        List<RefusedPart> refused = r.refused().stream().map(e -> new RefusedPart(e.rejection(), e.raw())).toList();
        return new Normalised(b.seq(), Json.toBytes(b), refused, r.vendorCodes());
    }
}
