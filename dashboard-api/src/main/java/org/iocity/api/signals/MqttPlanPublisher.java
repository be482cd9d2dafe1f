package org.iocity.api.signals;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PlanPublisher} on a Paho v3 client, connected on first use and again after a loss; QoS 1, not retained (a
 * controller that was offline must not pick up a stale plan when it returns). One publish at a time.
 */
public final class MqttPlanPublisher implements PlanPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(MqttPlanPublisher.class);
    private static final int TIMEOUT_SEC = 5;

    private final String url;
    private final String username;
    private final String password;
    private MqttClient client;

    public MqttPlanPublisher(String url, String username, String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    @Override
    public synchronized void publish(String topic, byte[] payload) throws UnavailableException {
        try {
            if (client == null) client = new MqttClient(url, "ioc-dashboard-plans-" + ProcessHandle.current().pid()
                    + "-" + Long.toHexString(System.nanoTime()), new MemoryPersistence());
            if (!client.isConnected()) {
                MqttConnectOptions o = new MqttConnectOptions();
                o.setCleanSession(true);
                o.setConnectionTimeout(TIMEOUT_SEC);
                o.setAutomaticReconnect(false);
                if (username != null) o.setUserName(username);
                if (password != null) o.setPassword(password.toCharArray());
                client.connect(o);
                LOG.info("plan publisher connected to {}", url);
            }
            client.setTimeToWait(TIMEOUT_SEC * 1000L);
            MqttMessage m = new MqttMessage(payload);
            m.setQos(1);
            m.setRetained(false);
            client.publish(topic, m);
        } catch (MqttException | IllegalArgumentException e) {
            throw new UnavailableException("MQTT broker " + url + " did not take the plan: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""), e);
        }
    }

    @Override
    public synchronized void close() {
        if (client == null) return;
        try {
            if (client.isConnected()) client.disconnect(1000);
        } catch (MqttException e) {
            LOG.debug("plan publisher disconnect: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("plan publisher close: {}", e.toString());
        }
        client = null;
    }
}
