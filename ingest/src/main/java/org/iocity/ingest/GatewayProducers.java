package org.iocity.ingest;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.Topics;

/**
 * The gateway's two Kafka producers, same settings but the linger:
 * <ul>
 * <li><b>bulk</b>, for the high-rate streams (camera counts, signal events) and dead letters: lingers
 * {@link #BULK_LINGER} ({@code kafka.producer.linger.ms} overrides it) for fewer, larger produce requests, which take
 * about a quarter off the broker's CPU per record (BENCHMARKS.md, ingest gateway);</li>
 * <li><b>prompt</b>, for the streams the per-event alerts are raised from ({@link #PROMPT_TOPICS}: sensor readings,
 * device status; a few records a second even at ten times the city): sends at once ({@code ingest.prompt.linger},
 * default 0), because every millisecond a reading waits here is a flood alert's latency on the wall (the bulk linger
 * was a quarter of it: BENCHMARKS.md, end to end).</li>
 * </ul>
 * A device's records all go to one topic, so through one producer, and keep their order.
 */
final class GatewayProducers implements AutoCloseable {
    static final Set<String> PROMPT_TOPICS = Set.of(Topics.ENV_READINGS, Topics.DEVICE_STATUS);
    static final Duration BULK_LINGER = Duration.ofMillis(20);
    static final Duration PROMPT_LINGER = Duration.ZERO;

    private final Producer<String, byte[]> bulk;
    private final Producer<String, byte[]> prompt;

    /**
     * Both producers from the same {@code settings} (the client id gets {@code -prompt} for the second), made by
     * {@code create}.
     */
    GatewayProducers(IocConfig config, Properties settings, Function<Properties, Producer<String, byte[]>> create) {
        Properties bulkSettings = new Properties();
        bulkSettings.putAll(settings);
        if (!config.has("kafka.producer." + ProducerConfig.LINGER_MS_CONFIG)) {
            bulkSettings.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(BULK_LINGER.toMillis()));
        }
        Properties promptSettings = new Properties();
        promptSettings.putAll(settings);
        promptSettings.put(ProducerConfig.LINGER_MS_CONFIG,
                String.valueOf(config.duration("ingest.prompt.linger", PROMPT_LINGER).toMillis()));
        promptSettings.put(ProducerConfig.CLIENT_ID_CONFIG, settings.getProperty(ProducerConfig.CLIENT_ID_CONFIG) + "-prompt");
        this.bulk = create.apply(bulkSettings);
        try {
            this.prompt = create.apply(promptSettings);
        } catch (RuntimeException e) {
            bulk.close(Duration.ZERO);
            throw e;
        }
    }

    /** The producer for a record of {@code topic}. */
    Producer<String, byte[]> forTopic(String topic) {
        return PROMPT_TOPICS.contains(topic) ? prompt : bulk;
    }

    @Override
    public void close() {
        bulk.close(Duration.ofSeconds(10));
        prompt.close(Duration.ofSeconds(10));
    }
}
