package org.iocity.api.signals;

/** Sends a command to a device over MQTT. Blocking: called on a worker thread. */
public interface PlanPublisher extends AutoCloseable {
    /** Publishes at QoS 1 and returns once the broker acknowledged; throws {@link UnavailableException} otherwise. */
    void publish(String topic, byte[] payload) throws UnavailableException;

    @Override
    void close();

    final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
