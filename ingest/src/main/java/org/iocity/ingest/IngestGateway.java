package org.iocity.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.records.IsoInstants;
import org.iocity.model.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT → Kafka gateway. Subscribes with QoS 1 on a persistent session and acknowledges each message to the
 * broker only after Kafka has acknowledged its record (manual acks, in arrival order per connection: {@link AckQueue}),
 * so a message is never lost between the two: while Kafka is away nothing is acknowledged and the broker keeps the
 * messages.
 *
 * <p>Scale-out: every MQTT connection (several per process with {@code ingest.mqtt.connections}, and any number of
 * processes) is a member of the same MQTT shared subscription group, so the broker splits the messages among them.
 * The streams the per-event alerts are raised from (sensor readings, device status) have a connection of their own
 * in each process ({@code <client id>-prompt}) and a producer that does not linger ({@link GatewayProducers}): a
 * round of every camera at once queues neither in the broker nor in the gateway ahead of a flood reading.
 */
public final class IngestGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestGateway.class);
    public static final String HEADER_RECEIVED_AT = "ioc-received-at";
    public static final String HEADER_MQTT_TOPIC = "ioc-mqtt-topic";
    public static final String HEADER_DUPLICATE = "ioc-duplicate";
    public static final String HEADER_LATE = "ioc-late";
    public static final String HEADER_GAP = "ioc-seq-gap";
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.UTF_8);
    /**
     * How long the producer retries a record, in order, before the gateway takes it back and sends it again
     * ({@code kafka.producer.delivery.timeout.ms} overrides it).
     */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);
    /** The {@code ingest.shared.group} of a gateway that subscribes on its own, not in a shared group. */
    public static final String PLAIN_SUBSCRIPTION = "none";
    /** The longest pause between two attempts to reconnect to the MQTT broker. */
    static final int RECONNECT_AT_MOST_EVERY_MS = 2_000;
    /** Appended to {@code mqtt.client.id} for the connection of the per-event alerts' streams. */
    static final String PROMPT_CLIENT_SUFFIX = "-prompt";
    /** How soon a record Kafka refused is sent again. */
    static final Duration RETRY_EVERY = Duration.ofSeconds(1);

    private final MessageRouter router;
    private final GatewayProducers producers;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final String subscriptionPrefix;
    private final IngestMetrics metrics = new MicrometerIngestMetrics();
    private final SequenceTracker sequences = new SequenceTracker();
    private final ScheduledExecutorService scheduler;
    private final AtomicLong kafkaLastSuccessMillis = new AtomicLong();
    private final AtomicLong kafkaLastFailureMillis = new AtomicLong();

    private IngestGateway(MessageRouter router, GatewayProducers producers, String subscriptionPrefix,
                          Duration reportEvery) {
        this.router = router;
        this.producers = producers;
        this.subscriptionPrefix = subscriptionPrefix;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-report");
            t.setDaemon(true);
            return t;
        });
        long every = reportEvery.toMillis();
        scheduler.scheduleAtFixedRate(() -> LOG.info("ingest: {}", metrics), every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects to MQTT and Kafka and starts forwarding. Settings: {@code mqtt.url}, {@code kafka.bootstrap},
     * {@code registry.file} (watched: changes are loaded every {@code ingest.registry.poll}, default 5 s),
     * {@code mqtt.client.id} (stable: it names the persistent session), {@code ingest.shared.group} (MQTT shared
     * subscription group, default {@code ingest}; {@value #PLAIN_SUBSCRIPTION} for a plain subscription, which a
     * restarted Mosquitto restores, unlike a shared one), {@code ingest.max.payload.bytes},
     * {@code mqtt.receive.maximum} (Paho's limit on its own publishes; what the broker sends unacknowledged is its
     * {@code max_inflight_messages}), {@code ingest.mqtt.connections} (MQTT
     * connections of this process for cameras and signals, default 1; ids {@code <client id>-<n>} when more than one;
     * readings and statuses get one more, {@code <client id>-prompt}),
     * {@code mqtt.username}/{@code mqtt.password} (when the broker wants them), {@code kafka.producer.linger.ms} and
     * {@code ingest.prompt.linger} (the two producers' lingers: {@link GatewayProducers}),
     * {@code ingest.max.age.camera|sensor|signal} (how old a reading may be: {@link AgeLimits}).
     */
    public static IngestGateway start(IocConfig config) {
        String url = config.string("mqtt.url");
        String clientId = config.string("mqtt.client.id", "ioc-ingest-1");
        int maxBytes = config.integer("ingest.max.payload.bytes", 64 * 1024, 256, 16 * 1024 * 1024);
        // an empty setting reads as unset (the default group): "none" is how a plain subscription is asked for
        String group = config.string("ingest.shared.group", "ingest");
        if (group.equals(PLAIN_SUBSCRIPTION)) group = "";
        int connections = config.integer("ingest.mqtt.connections", 1, 1, 64);
        int maxInflight = config.integer("mqtt.receive.maximum", 100, 1, 65535);
        String username = config.string("mqtt.username", null);
        String password = config.string("mqtt.password", null);
        Duration poll = config.duration("ingest.registry.poll", Duration.ofSeconds(5));
        if (connections > 1 && group.isBlank()) {
            throw new ConfigException("ingest.mqtt.connections=" + connections + " needs a shared subscription group: set "
                    + IocConfig.envName("ingest.shared.group") + " to a name, not " + PLAIN_SUBSCRIPTION);
        }
        Path registryFile = Path.of(config.string("registry.file", "config/registry.json"));
        Registry registry = Registry.load(registryFile);
        MessageRouter router = new MessageRouter(MessageRouter.allStreams(AgeLimits.from(config)), registry, maxBytes);

        Properties props = KafkaClients.producer(config, clientId);
        // While Kafka is away the producer retries, in order (idempotent), for DELIVERY_TIMEOUT; the MQTT acks held
        // back are the back-pressure. A record refused after that is sent again (Delivery). Not unlimited: an
        // idempotent producer can retry a batch for ever that the broker will never take (KAFKA-14359: the first
        // batch to a partition fails, the next one is taken as the producer's first, the retried first one is then
        // out of sequence), and the gateway acknowledged nothing more; expiring it resets the producer's sequence.
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(DELIVERY_TIMEOUT.toMillis()));
        // the high-rate streams linger for fewer, larger produce requests, the per-event alerts' streams do not
        GatewayProducers producers = new GatewayProducers(config, props, KafkaProducer::new);
        IngestGateway gw = new IngestGateway(router, producers, group.isBlank() ? "" : "$share/" + group + "/",
                config.duration("ingest.report.interval", Duration.ofSeconds(60)));
        try {
            // the high-rate streams over ingest.mqtt.connections connections, the per-event alerts' streams over one
            // of their own: a round of every camera at once does not queue ahead of a flood reading
            List<DeviceStream> prompt = router.streams().stream()
                    .filter(st -> GatewayProducers.PROMPT_TOPICS.contains(st.kafkaTopic())).toList();
            List<DeviceStream> bulk = router.streams().stream().filter(st -> !prompt.contains(st)).toList();
            for (int i = 1; i <= connections; i++) {
                gw.connect(connections == 1 ? clientId : clientId + "-" + i, bulk, url, maxInflight, username, password);
            }
            if (!prompt.isEmpty()) gw.connect(clientId + PROMPT_CLIENT_SUFFIX, prompt, url, maxInflight, username, password);
        } catch (RuntimeException e) {
            gw.close();
            throw e;
        }
        if (!poll.isZero()) {
            RegistryWatcher watcher = new RegistryWatcher(registryFile, router::registry);
            gw.scheduler.scheduleWithFixedDelay(watcher::check, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
        }
        return gw;
    }

    public IngestMetrics metrics() {
        return metrics;
    }

    public SequenceTracker sequences() {
        return sequences;
    }

    /**
     * Whether every MQTT connection is up and subscribed to every device stream since it last connected: after a
     * broker restart a connection can be up with no subscription yet (a shared one is not restored by Mosquitto).
     */
    public boolean mqttSubscribed() {
        return mqttConnected() && connections.stream().allMatch(c -> c.subscribed);
    }

    /** Whether every MQTT connection of this gateway is up. */
    public boolean mqttConnected() {
        return !connections.isEmpty() && connections.stream().allMatch(c -> c.client.isConnected());
    }

    /** When Kafka last acknowledged a record, or null if it never has. */
    public Instant kafkaLastSuccess() {
        long t = kafkaLastSuccessMillis.get();
        return t == 0 ? null : Instant.ofEpochMilli(t);
    }

    /** When Kafka last refused a record, or null if it never has. */
    public Instant kafkaLastFailure() {
        long t = kafkaLastFailureMillis.get();
        return t == 0 ? null : Instant.ofEpochMilli(t);
    }

    private void connect(String id, List<DeviceStream> streams, String url, int maxInflight, String username,
                         String password) {
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient(url, id, new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new ConfigException("bad MQTT URL " + url + ": " + e.getMessage() + " (fix " + IocConfig.envName("mqtt.url") + ")");
        }
        Connection c = new Connection(client, streams);
        connections.add(c);
        c.connect(url, maxInflight, username, password);
    }

    /** Whether the connections subscribed so far carry every device stream between them. */
    private boolean everyStreamSubscribed() {
        return connections.stream().filter(c -> c.subscribed).flatMap(c -> c.streams.stream()).distinct().count()
                == router.streams().size();
    }

    /** The registry in use. */
    public Registry registry() {
        return router.registry();
    }

    /** Replaces the device registry without a restart. */
    public void reloadRegistry(Path file) {
        router.registry(Registry.load(file));
        LOG.info("device registry reloaded from {}", file);
    }

    private void onMessage(Connection from, String topic, MqttMessage message) {
        metrics.received();
        Instant receivedAt = Instant.now();
        Decision d = router.route(topic, message.getPayload(), receivedAt);
        byte[] receivedHeader = IsoInstants.format(receivedAt).getBytes(StandardCharsets.US_ASCII);
        byte[] topicHeader = topic.getBytes(StandardCharsets.UTF_8);
        AckQueue.Ticket ticket = message.getQos() > 0 ? from.acks.arrived(message.getId(), message.getQos()) : null;
        // the MQTT message is acknowledged once Kafka took every record made of it
        AtomicInteger pending = new AtomicInteger(d.records().size());
        for (Decision.Out out : d.records()) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(new RecordHeader(HEADER_RECEIVED_AT, receivedHeader));
            headers.add(new RecordHeader(HEADER_MQTT_TOPIC, topicHeader));
            if (out.rejected()) {
                metrics.rejected(out.reason());
                LOG.debug("dead letter from {}: {}", topic, out.reason());
            } else {
                observeSeq(d, out, headers);
                for (int code : d.vendorCodes()) metrics.unknownCode(code);
            }
            new Delivery(new ProducerRecord<>(out.kafkaTopic(), null, out.key(), out.value(), headers), out.rejected(),
                    from, ticket, pending).send();
        }
    }

    private void observeSeq(Decision d, Decision.Out out, RecordHeaders headers) {
        if (d.seq() == DeviceContract.NO_SEQ) return;
        SequenceTracker.Observation o = sequences.observe(out.kafkaTopic() + "|" + out.key(), d.seq());
        switch (o.outcome()) {
            case DUPLICATE -> {
                headers.add(new RecordHeader(HEADER_DUPLICATE, TRUE));
                metrics.duplicate();
            }
            case LATE -> {
                headers.add(new RecordHeader(HEADER_LATE, TRUE));
                metrics.late();
            }
            case GAP -> {
                headers.add(new RecordHeader(HEADER_GAP, Long.toString(o.missing()).getBytes(StandardCharsets.UTF_8)));
                metrics.gap(o.missing());
            }
            case IN_ORDER -> { }
        }
    }

    /**
     * One record on its way to Kafka. When Kafka refuses it (not taken within {@link #DELIVERY_TIMEOUT}, or a
     * non-retriable error), it is sent again every {@link #RETRY_EVERY} until Kafka takes it; meanwhile its MQTT
     * message and the ones after it on the same connection stay unacknowledged, so the broker holds back at its
     * in-flight limit and nothing is lost. Records sent after it may then reach Kafka before it (their {@code seq} shows it).
     */
    private final class Delivery implements Callback {
        private final ProducerRecord<String, byte[]> record;
        private final boolean deadLetter;
        private final Connection from;
        private final AckQueue.Ticket ticket;
        /** The records of the same MQTT message not yet taken by Kafka. */
        private final AtomicInteger pending;
        private long sentAt;
        private int attempts;

        Delivery(ProducerRecord<String, byte[]> record, boolean deadLetter, Connection from, AckQueue.Ticket ticket,
                 AtomicInteger pending) {
            this.record = record;
            this.deadLetter = deadLetter;
            this.from = from;
            this.ticket = ticket;
            this.pending = pending;
        }

        void send() {
            attempts++;
            sentAt = System.nanoTime();
            try {
                producers.forTopic(record.topic()).send(record, this);
            } catch (RuntimeException e) {
                onCompletion(null, e);
            }
        }

        @Override
        public void onCompletion(RecordMetadata meta, Exception error) {
            if (error != null) {
                metrics.kafkaFailure();
                kafkaLastFailureMillis.set(System.currentTimeMillis());
                if (attempts == 1) {
                    LOG.warn("Kafka did not take a record for {} ({}); sending it again every {} s, the MQTT message stays unacknowledged",
                            record.topic(), error.getMessage(), RETRY_EVERY.toSeconds());
                }
                try {
                    scheduler.schedule(this::send, RETRY_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closing) {
                    LOG.debug("gateway closing: the broker redelivers the unacknowledged message on the next session");
                }
                return;
            }
            metrics.kafkaLatency(System.nanoTime() - sentAt);
            kafkaLastSuccessMillis.set(System.currentTimeMillis());
            if (!deadLetter) metrics.forwarded(record.topic());
            if (ticket != null && pending.decrementAndGet() == 0) from.acks.completed(ticket);
        }
    }

    /**
     * One MQTT connection: a member of the shared subscription group for its {@code streams}, acknowledging in arrival
     * order.
     */
    private final class Connection implements MqttCallbackExtended {
        final MqttAsyncClient client;
        final List<DeviceStream> streams;
        final AckQueue acks;
        /** Whether this connection subscribed to every one of its streams since it last connected. */
        volatile boolean subscribed;

        Connection(MqttAsyncClient client, List<DeviceStream> streams) {
            this.client = client;
            this.streams = streams;
            this.acks = new AckQueue((id, qos) -> {
                try {
                    client.messageArrivedComplete(id, qos);
                } catch (MqttException e) {
                    LOG.warn("cannot acknowledge MQTT message {}: {}", id, e.getMessage());
                }
            });
        }

        void connect(String url, int maxInflight, String username, String password) {
            client.setManualAcks(true);
            client.setCallback(this);
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(false);
            options.setAutomaticReconnect(true);
            // Paho backs off up to 128 s; after a broker restart every second counts: Mosquitto 2.0.11 does not
            // restore a persistent session's shared subscriptions, so what devices publish until this connection
            // subscribes again matches no one (MosquittoRestartIT)
            options.setMaxReconnectDelay(RECONNECT_AT_MOST_EVERY_MS);
            options.setMaxInflight(maxInflight);
            options.setKeepAliveInterval(30);
            options.setConnectionTimeout(10);
            // Plain TCP only: Paho wants an SSLSocketFactory for ssl:// and its own sockets for ws://.
            if (url.startsWith("tcp://")) options.setSocketFactory(new BufferedSocketFactory());
            if (username != null) options.setUserName(username);
            if (password != null) options.setPassword(password.toCharArray());
            try {
                client.connect(options).waitForCompletion(15_000);
            } catch (MqttException e) {
                throw new ConfigException("MQTT broker not reachable at " + url + " (" + e.getMessage()
                        + "): start it or fix " + IocConfig.envName("mqtt.url"));
            }
            LOG.info("ingest connected to {} as {}; forwarding to Kafka", url, client.getClientId());
            subscribe();
        }

        /**
         * Subscribes to the filters of this connection's streams, and drops those of the other streams, which a
         * persistent session from before the streams had connections of their own still holds.
         */
        private void subscribe() {
            boolean all = true;
            for (DeviceStream s : router.streams()) {
                if (streams.contains(s)) continue;
                for (String f : s.mqttFilters()) {
                    try {
                        client.unsubscribe(subscriptionPrefix + f).waitForCompletion(10_000);
                    } catch (MqttException e) {
                        LOG.warn("cannot unsubscribe {} from {}: {}", client.getClientId(), subscriptionPrefix + f, e.getMessage());
                    }
                }
            }
            for (DeviceStream s : streams) {
                for (String f : s.mqttFilters()) {
                    String filter = subscriptionPrefix + f;
                    try {
                        client.subscribe(filter, 1).waitForCompletion(10_000);
                        LOG.debug("{} subscribed {} -> {}", client.getClientId(), filter, s.kafkaTopic());
                    } catch (MqttException e) {
                        all = false;
                        LOG.error("cannot subscribe {}: {}", filter, e.getMessage());
                    }
                }
            }
            subscribed = all;
            if (all) {
                LOG.info("{} subscribed to {}{}", client.getClientId(), streams.stream().map(DeviceStream::kafkaTopic).toList(),
                        subscriptionPrefix.isEmpty() ? "" : " in shared group " + subscriptionPrefix);
                if (everyStreamSubscribed()) LOG.info("ingest subscribed to every device stream");
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (!reconnect) return; // the first connect subscribes in connect()
            LOG.info("{} reconnected to {}", client.getClientId(), serverURI);
            // Not on the callback thread: waiting for the subscription acks there would block it.
            Thread t = new Thread(this::subscribe, "ingest-subscribe");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void connectionLost(Throwable cause) {
            subscribed = false;
            acks.reset();
            LOG.warn("{} lost MQTT connection: {}; reconnecting", client.getClientId(), cause == null ? "unknown" : cause.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            onMessage(this, topic, message);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // the gateway publishes nothing
        }

        void close() {
            try {
                if (client.isConnected()) client.disconnect().waitForCompletion(5_000);
            } catch (MqttException e) {
                LOG.debug("MQTT disconnect: {}", e.getMessage());
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("MQTT close: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        for (Connection c : connections) c.close();
        producers.close();
        LOG.info("ingest stopped: {}", metrics);
    }
}
