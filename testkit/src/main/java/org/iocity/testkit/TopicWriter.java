package org.iocity.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;

/**
 * Writes records to Kafka for tests, with the project's safe producer settings ({@link KafkaClients#producer}); each
 * {@code send} returns once the broker acknowledged the record. {@link TopicReader} reads them back.
 */
public final class TopicWriter implements AutoCloseable {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private final KafkaProducer<String, byte[]> producer;

    public TopicWriter(IocConfig config) {
        this(config, "test-writer");
    }

    public TopicWriter(IocConfig config, String clientId) {
        this.producer = new KafkaProducer<>(KafkaClients.producer(config, clientId));
    }

    public RecordMetadata send(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + topic + ": " + e.getMessage(), e);
        }
    }

    public RecordMetadata send(String topic, String key, String value) {
        return send(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The producer, for what this class does not cover (a record with headers, an unacknowledged burst). */
    public KafkaProducer<String, byte[]> producer() {
        return producer;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
