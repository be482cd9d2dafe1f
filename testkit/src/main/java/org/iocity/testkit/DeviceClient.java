package org.iocity.testkit;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A device on MQTT for integration tests (Paho v3, synchronous): connected with a clean session, publishing QoS 1;
 * {@link #close()} disconnects and closes it (an open Paho client keeps the JVM alive).
 */
public final class DeviceClient implements AutoCloseable {
    private final MqttClient client;

    private DeviceClient(MqttClient client) {
        this.client = client;
    }

    /** An anonymous device. */
    public static DeviceClient connect(String url, String clientId) throws MqttException {
        return connect(url, clientId, o -> {});
    }

    /** A device with its MQTT user and password. */
    public static DeviceClient connect(String url, String clientId, String user, String password) throws MqttException {
        return connect(url, clientId, o -> {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        });
    }

    /**
     * A device with options changed from the defaults (clean session; 1000 in flight, as Paho counts a synchronous
     * publish in flight a moment after its ack).
     */
    public static DeviceClient connect(String url, String clientId, Consumer<MqttConnectOptions> options) throws MqttException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(1000);
        options.accept(o);
        MqttClient c = new MqttClient(url, clientId, new MemoryPersistence());
        try {
            c.connect(o);
        } catch (MqttException e) {
            c.close();
            throw e;
        }
        return new DeviceClient(c);
    }

    /** Publishes at QoS 1, not retained; returns when the broker acknowledged it. */
    public DeviceClient publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false);
        return this;
    }

    public DeviceClient publish(String topic, String payload) throws MqttException {
        return publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    public DeviceClient publish(String topic, DeviceMessage message) throws MqttException {
        return publish(topic, message.bytes());
    }

    /** Publishes at QoS 1, retained (a status); returns when the broker acknowledged it. */
    public DeviceClient publishRetained(String topic, DeviceMessage message) throws MqttException {
        client.publish(topic, message.bytes(), 1, true);
        return this;
    }

    /** Drops the connection without a DISCONNECT packet, as a device losing power does: the broker publishes its will. */
    public void disconnectAbruptly() throws MqttException {
        client.disconnectForcibly(0, 1000, false);
    }

    /** The Paho client, for what this class does not cover (subscriptions, retained messages). */
    public MqttClient paho() {
        return client;
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) client.disconnect();
        } finally {
            client.close(true);
        }
    }
}
