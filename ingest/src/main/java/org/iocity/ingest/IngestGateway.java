package org.iocity.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.iocity.model.ConfigException;
import org.iocity.model.IocConfig;
import org.iocity.model.KafkaClients;
import org.iocity.model.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT → Kafka gateway. Subscribes with QoS 1 on a persistent session and acknowledges each message to the
 * broker only after Kafka has acknowledged its record (manual acks), so a message is never lost between the two:
 * while Kafka is away nothing is acknowledged and the broker keeps the messages.
 */
public final class IngestGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestGateway.class);

    private final MessageRouter router;
    private final KafkaProducer<String, byte[]> producer;
    private final MqttAsyncClient mqtt;
    private final String subscriptionPrefix;
    private final GatewayCounters counters = new GatewayCounters();
    private final ScheduledExecutorService reporter;

    private IngestGateway(MessageRouter router, KafkaProducer<String, byte[]> producer, MqttAsyncClient mqtt,
                          String subscriptionPrefix, Duration reportEvery) {
        this.router = router;
        this.producer = producer;
        this.mqtt = mqtt;
        this.subscriptionPrefix = subscriptionPrefix;
        this.reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-report");
            t.setDaemon(true);
            return t;
        });
        long every = reportEvery.toMillis();
        reporter.scheduleAtFixedRate(() -> LOG.info("ingest: {}", counters), every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects to MQTT and Kafka and starts forwarding. Settings: {@code mqtt.url}, {@code kafka.bootstrap},
     * {@code registry.file}, {@code mqtt.client.id} (stable: it names the persistent session),
     * {@code ingest.shared.group} (MQTT shared subscription group; empty for a plain subscription),
     * {@code ingest.max.payload.bytes}, {@code mqtt.username}/{@code mqtt.password} (when the broker wants them).
     */
    public static IngestGateway start(IocConfig config) {
        String url = config.string("mqtt.url");
        String clientId = config.string("mqtt.client.id", "ioc-ingest-1");
        int maxBytes = config.integer("ingest.max.payload.bytes", 64 * 1024, 256, 16 * 1024 * 1024);
        String group = config.string("ingest.shared.group", "ingest");
        Registry registry = Registry.load(Path.of(config.string("registry.file", "config/registry.json")));
        MessageRouter router = new MessageRouter(List.of(new CameraCountsStream()), registry, maxBytes);

        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.producer(config, clientId));
        MqttAsyncClient mqtt;
        try {
            mqtt = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            producer.close();
            throw new ConfigException("bad MQTT URL " + url + ": " + e.getMessage() + " (fix " + IocConfig.envName("mqtt.url") + ")");
        }
        IngestGateway gw = new IngestGateway(router, producer, mqtt, group.isBlank() ? "" : "$share/" + group + "/",
                config.duration("ingest.report.interval", Duration.ofSeconds(60)));
        gw.connect(url, config.integer("mqtt.receive.maximum", 100, 1, 65535),
                config.string("mqtt.username", null), config.string("mqtt.password", null));
        return gw;
    }

    private void connect(String url, int maxInflight, String username, String password) {
        mqtt.setManualAcks(true);
        mqtt.setCallback(new Callback());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxInflight(maxInflight);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        if (username != null) options.setUserName(username);
        if (password != null) options.setPassword(password.toCharArray());
        try {
            mqtt.connect(options).waitForCompletion(15_000);
        } catch (MqttException e) {
            close();
            throw new ConfigException("MQTT broker not reachable at " + url + " (" + e.getMessage()
                    + "): start it or fix " + IocConfig.envName("mqtt.url"));
        }
        LOG.info("ingest connected to {} as {}; forwarding to Kafka", url, mqtt.getClientId());
    }

    private void subscribe() {
        for (DeviceStream s : router.streams()) {
            String filter = subscriptionPrefix + s.mqttFilter();
            try {
                mqtt.subscribe(filter, 1).waitForCompletion(10_000);
                LOG.info("subscribed {} -> {}", filter, s.kafkaTopic());
            } catch (MqttException e) {
                LOG.error("cannot subscribe {}: {}", filter, e.getMessage());
            }
        }
    }

    public GatewayCounters counters() {
        return counters;
    }

    /** Replaces the device registry without a restart. */
    public void reloadRegistry(Path file) {
        router.registry(Registry.load(file));
        LOG.info("device registry reloaded from {}", file);
    }

    private void onMessage(String topic, MqttMessage message) {
        counters.received.increment();
        Decision d = router.route(topic, message.getPayload(), Instant.now());
        if (d.rejected()) {
            counters.reject(d.reason());
            LOG.debug("dead letter from {}: {}", topic, d.reason());
        }
        long t0 = System.nanoTime();
        int id = message.getId();
        int qos = message.getQos();
        producer.send(new ProducerRecord<>(d.kafkaTopic(), d.key(), d.value()), (meta, error) -> {
            if (error != null) {
                // Not acknowledged: the broker redelivers it on the next session; nothing is lost.
                counters.kafkaFailures.increment();
                LOG.warn("Kafka did not take a record for {} ({}); the MQTT message stays unacknowledged", d.kafkaTopic(), error.getMessage());
                return;
            }
            counters.lastKafkaLatencyMicros.set((System.nanoTime() - t0) / 1000);
            if (!d.rejected()) counters.forwarded.increment();
            if (qos > 0) {
                try {
                    mqtt.messageArrivedComplete(id, qos);
                } catch (MqttException e) {
                    LOG.warn("cannot acknowledge MQTT message {}: {}", id, e.getMessage());
                }
            }
        });
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (reconnect) LOG.info("reconnected to {}", serverURI);
            subscribe();
        }

        @Override
        public void connectionLost(Throwable cause) {
            LOG.warn("lost MQTT connection: {}; reconnecting", cause == null ? "unknown" : cause.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            onMessage(topic, message);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // the gateway publishes nothing
        }
    }

    @Override
    public void close() {
        reporter.shutdownNow();
        try {
            if (mqtt.isConnected()) mqtt.disconnect().waitForCompletion(5_000);
        } catch (MqttException e) {
            LOG.debug("MQTT disconnect: {}", e.getMessage());
        }
        try {
            mqtt.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT close: {}", e.getMessage());
        }
        producer.close(Duration.ofSeconds(10));
        LOG.info("ingest stopped: {}", counters);
    }
}
