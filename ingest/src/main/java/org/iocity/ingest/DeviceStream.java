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

    /** A validated message: its sequence number ({@link org.iocity.ingest.contract.DeviceMessage#NO_SEQ} if none) and record as JSON. */
    record Normalised(long seq, byte[] value) {}

    /** MQTT topic filters, e.g. {@code ioc/v1/camera/+/counts}; they must not overlap another stream's. */
    List<String> mqttFilters();

    /** The Kafka topic valid messages are written to. */
    String kafkaTopic();

    /** Whether this stream handles the MQTT topic (levels: ioc, v1, type, id, kind). */
    boolean handles(String[] levels);

    /** Validates and normalises a message that arrived on a topic this stream {@link #handles}. */
    Normalised normalise(String[] levels, byte[] payload, Registry registry, int maxBytes, Instant receivedAt) throws Rejection;
}
