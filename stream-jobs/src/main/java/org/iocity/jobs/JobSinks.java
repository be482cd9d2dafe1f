package org.iocity.jobs;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.iocity.jobs.io.KafkaConnectors;

/**
 * Where the job writes its results: each result stream with its {@link JobOutput}. {@link #kafka} in production (the
 * sink operator named and uid'd as the output says: savepoints depend on the uid); a test collects them instead.
 */
public interface JobSinks {
    <T> void write(DataStream<T> results, JobOutput<T> output);

    /** Each output to its Kafka topic, keyed, exactly once with the job's transactional id prefix or at least once. */
    static JobSinks kafka(JobSettings.Kafka kafka) {
        return new JobSinks() {
            @Override
            public <T> void write(DataStream<T> results, JobOutput<T> o) {
                results.sinkTo(switch (o.delivery()) {
                    case EXACTLY_ONCE -> KafkaConnectors.exactlyOnceSink(kafka.clients(), o.topic(), o.key(),
                            kafka.transactionalIdPrefix() + o.transactionalIdSuffix());
                    case AT_LEAST_ONCE -> KafkaConnectors.atLeastOnceSink(kafka.clients(), o.topic(), o.key());
                }).name(o.name()).uid(o.uid());
            }
        };
    }
}
