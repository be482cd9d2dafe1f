package org.iocity.ingest;

import java.time.Instant;
import java.util.List;
import org.iocity.model.records.Rejection;
import org.iocity.model.registry.Registry;

/**
 * One device stream of the contract: the MQTT topic filters it arrives on, how a message is validated and
 * normalised, and the Kafka topic its records go to.
 */
public interface DeviceStream {

    /**
     * A validated message: its sequence number ({@link org.iocity.model.contract.DeviceContract#NO_SEQ} if none) and
     * record as JSON (null when every part of it was refused), the parts refused alone (events of a controller batch),
     * and the vendor codes among its events (one per event; counted).
     */
    record Normalised(long seq, byte[] value, List<RefusedPart> refused, List<Integer> vendorCodes) {
        public Normalised(long seq, byte[] value) {
            this(seq, value, List.of(), List.of());
        }
    }

    /** A part of a message refused alone: why, and its raw bytes. */
    record RefusedPart(Rejection rejection, byte[] raw) {}

    /** MQTT topic filters, e.g. {@code ioc/v1/camera/+/counts}; they must not overlap another stream's. */
    List<String> mqttFilters();

    /** The Kafka topic valid messages are written to. */
    String kafkaTopic();

    /** Whether this stream handles the MQTT topic (levels: ioc, v1, type, id, kind). */
    boolean handles(String[] levels);

    /** Validates and normalises a message that arrived on a topic this stream {@link #handles}. */
    Normalised normalise(String[] levels, byte[] payload, Registry registry, int maxBytes, Instant receivedAt) throws Rejection;
}
