package org.iocity.model.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka client settings for every process. Pass-through properties come from {@code kafka.producer.*} and
 * {@code kafka.consumer.*}; the safe settings (idempotence, acks=all, read_committed) are enforced here, once.
 */
public final class KafkaClients {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClients.class);

    private KafkaClients() {}

    public static String bootstrap(IocConfig config) {
        return config.string("kafka.bootstrap");
    }

    /** Producer properties: String keys, byte[] values, idempotent with acks=all whatever the pass-through says. */
    public static Properties producer(IocConfig config, String clientId) {
        Properties p = new Properties();
        p.putAll(config.withPrefix("kafka.producer"));
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(config));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(64 * 1024));
        p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    /** Consumer properties: String keys, byte[] values, committed reads only, offsets committed by the caller. */
    public static Properties consumer(IocConfig config, String groupId, String clientId) {
        Properties p = new Properties();
        p.putAll(config.withPrefix("kafka.consumer"));
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(config));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    public static Properties admin(IocConfig config) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(config));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return p;
    }

    /**
     * Fails fast with a one-line {@link ConfigException} when no broker answers at the configured address
     * within {@code kafka.connect.timeout} (default 15 s).
     */
    public static void requireReachable(IocConfig config) {
        String bootstrap = bootstrap(config);
        Duration timeout = config.duration("kafka.connect.timeout", Duration.ofSeconds(15));
        try (Admin admin = Admin.create(admin(config))) {
            admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new ConfigException("Kafka is not reachable at " + bootstrap + " within " + timeout.toSeconds()
                    + " s: start the broker or fix " + IocConfig.envName("kafka.bootstrap"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while waiting for Kafka at " + bootstrap);
        }
    }

    /**
     * The create step of {@code ./ioc topics} ({@link TopicAdmin#create}), for {@code ./ioc up} and the test fixtures:
     * creates the missing topics with the configured partitions, replication and min ISR; logs drift of existing ones.
     * Services do not call this: they check ({@link TopicAdmin#requireTopics}).
     */
    public static void ensureTopics(IocConfig config, List<String> topics) {
        for (TopicAdmin.Status s : TopicAdmin.create(config, topics)) {
            if (s.created()) LOG.info("{}", s.line());
            else if (!s.clean()) LOG.warn("{}", s.line());
        }
    }
}
