package org.iocity.jobs.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;

/**
 * The Kafka connectors of every job: sources read committed raw bytes from the committed offsets of the job's group;
 * sinks write JSON keyed records with Kafka transactions (exactly once, committed on checkpoints), but for the per-event
 * alerts (at least once, visible at once).
 */
public final class KafkaConnectors {
    private KafkaConnectors() {}

    public static KafkaSource<byte[]> source(IocConfig config, String topic, String groupId) {
        return KafkaSource.<byte[]>builder()
                .setBootstrapServers(KafkaClients.bootstrap(config))
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawValue())
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }

    /** A transactional sink; {@code transactionalIdPrefix} must be unique per sink in the cluster. */
    public static <T> KafkaSink<T> exactlyOnceSink(IocConfig config, String topic, KeyOf<T> key, String transactionalIdPrefix) {
        Properties p = new Properties();
        p.putAll(config.withPrefix("kafka.producer"));
        // below the broker's transaction.max.timeout.ms (15 min), above any checkpoint interval
        p.putIfAbsent("transaction.timeout.ms", "600000");
        return jsonSink(config, topic, key, p)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .build();
    }

    /**
     * A sink whose records are visible as soon as Kafka has them, not on the next checkpoint's commit: for the per-event
     * alerts, whose whole point is seconds (an exactly-once sink holds them back by up to a checkpoint interval). Flushed
     * on every checkpoint, so nothing is lost; a restore may write a record again. Safe for alerts: a raise or clear
     * carries its id and a consumer that sees it twice keeps one (the dashboard's live state does).
     */
    public static <T> KafkaSink<T> atLeastOnceSink(IocConfig config, String topic, KeyOf<T> key) {
        Properties p = new Properties();
        p.putAll(config.withPrefix("kafka.producer"));
        p.putIfAbsent("linger.ms", "0");
        return jsonSink(config, topic, key, p)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    private static <T> KafkaSinkBuilder<T> jsonSink(IocConfig config, String topic, KeyOf<T> key, Properties producer) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(KafkaClients.bootstrap(config))
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(KafkaRecordSerializationSchema.<T>builder()
                        .setTopic(topic)
                        .setKeySerializationSchema(key)
                        .setValueSerializationSchema(new JsonSerialization<T>())
                        .build());
    }

    /** The Kafka key of a record: the entity it is about (segment, intersection, cell), so its order is kept. */
    public interface KeyOf<T> extends SerializationSchema<T> {
        String keyOf(T element);

        @Override
        default byte[] serialize(T element) {
            String k = keyOf(element);
            return k == null ? null : k.getBytes(StandardCharsets.UTF_8);
        }
    }

    static final class RawValue implements KafkaRecordDeserializationSchema<byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<byte[]> out) throws IOException {
            if (record.value() != null) out.collect(record.value());
        }

        @Override
        public TypeInformation<byte[]> getProducedType() {
            return org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
        }
    }
}
