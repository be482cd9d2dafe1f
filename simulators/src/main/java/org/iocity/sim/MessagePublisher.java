package org.iocity.sim;

import java.time.Duration;

/** Where simulated devices send their messages: a real MQTT broker ({@link MqttPublisher}), or a test's list. */
public interface MessagePublisher extends AutoCloseable {

    /**
     * Hands one message over for delivery; it may still be in flight when this returns.
     *
     * @return false when it could not be handed over (counted in {@link #failed()})
     */
    default boolean publish(String topic, byte[] payload) {
        return publish(topic, payload, false);
    }

    /** Like {@link #publish(String, byte[])}; a {@code retained} message is kept by the broker for later subscribers. */
    boolean publish(String topic, byte[] payload, boolean retained);

    /** Messages the broker has acknowledged. */
    long published();

    /** Messages that could not be handed over or whose delivery failed. */
    long failed();

    /** Messages handed over and not yet acknowledged or failed. */
    int inFlight();

    /** Waits until nothing is in flight; false when {@code timeout} passed first. */
    boolean awaitIdle(Duration timeout);

    /** Where the messages go, for logs. */
    String target();

    @Override
    void close();
}
