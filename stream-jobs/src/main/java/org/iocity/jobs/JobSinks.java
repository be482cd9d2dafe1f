package org.iocity.jobs;

import org.apache.flink.api.connector.sink2.Sink;
import org.iocity.jobs.io.KafkaConnectors;

/**
 * Where the job writes its results: a sink for each {@link JobOutput} (the job gives it the output's name and uid).
 * {@link #kafka} in production; a test passes collecting sinks.
 */
public interface JobSinks {
    <T> Sink<T> sinkFor(JobOutput<T> output);

    /** Each output to its Kafka topic, keyed, exactly once with the job's transactional id prefix or at least once. */
    static JobSinks kafka(JobSettings.Kafka kafka) {
        return new JobSinks() {
            @Override
            public <T> Sink<T> sinkFor(JobOutput<T> o) {
                return switch (o.delivery()) {
                    case EXACTLY_ONCE -> KafkaConnectors.exactlyOnceSink(kafka.clients(), o.topic(), o.key(),
                            kafka.transactionalIdPrefix() + o.transactionalIdSuffix());
                    case AT_LEAST_ONCE -> KafkaConnectors.atLeastOnceSink(kafka.clients(), o.topic(), o.key());
                };
            }
        };
    }
}
