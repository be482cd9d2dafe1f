package org.iocity.ingest;

import java.time.Instant;
import org.iocity.model.Registry;
import org.iocity.model.Rejection;

/**
 * One device stream of the contract: the MQTT topic filter it arrives on, how a message is validated and
 * normalised, and the Kafka topic its records go to.
 */
public interface DeviceStream {

    /** MQTT topic filter, e.g. {@code ioc/v1/camera/+/counts}. */
    String mqttFilter();

    /** The Kafka topic valid messages are written to. */
    String kafkaTopic();

    /** Whether this stream handles the MQTT topic (levels: ioc, v1, type, id, kind). */
    boolean handles(String[] levels);

    /** Validates and normalises; returns the record to write, as JSON. */
    byte[] normalise(byte[] payload, String deviceId, Registry registry, int maxBytes, Instant receivedAt) throws Rejection;
}
