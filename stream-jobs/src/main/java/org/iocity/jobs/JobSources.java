package org.iocity.jobs;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.iocity.jobs.io.KafkaConnectors;

/**
 * Where the job reads its inputs: the raw records (one JSON document each) of a raw topic, which the job then parses
 * itself (operator {@code read-<name>}, unreadable ones to the dead letters). {@link #kafka} in production; a test
 * passes finite streams, or Kafka with an operator of its own after it.
 */
@FunctionalInterface
public interface JobSources {
    /** The raw records of {@code topic}, added to {@code env}. */
    DataStream<byte[]> read(StreamExecutionEnvironment env, String topic);

    /** The name of the source of a topic: {@code ioc.traffic.observations} → {@code traffic-observations}. */
    static String name(String topic) {
        return topic.substring(topic.indexOf('.') + 1).replace('.', '-');
    }

    /** Each topic from Kafka, from the committed offsets of the job's group; source uid {@code <name>-source}. */
    static JobSources kafka(JobSettings.Kafka kafka) {
        return (env, topic) -> env
                .fromSource(KafkaConnectors.source(kafka.clients(), topic, kafka.groupId()),
                        WatermarkStrategy.noWatermarks(), name(topic))
                .uid(name(topic) + "-source");
    }
}
