package org.iocity.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.Topics;
import org.junit.jupiter.api.Test;

/** Which producer, with which linger, each stream of the gateway goes through. */
class GatewayProducersTest {
    private final Map<Producer<String, byte[]>, Properties> made = new IdentityHashMap<>();

    private GatewayProducers producers(Map<String, String> settings) {
        Properties base = new Properties();
        base.put(ProducerConfig.CLIENT_ID_CONFIG, "ioc-ingest-1");
        base.put(ProducerConfig.ACKS_CONFIG, "all");
        IocConfig config = IocConfig.of(settings);
        base.putAll(config.withPrefix("kafka.producer"));
        return new GatewayProducers(config, base, p -> {
            MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
            made.put(producer, p);
            return producer;
        });
    }

    private String linger(GatewayProducers p, String topic) {
        return made.get(p.forTopic(topic)).getProperty(ProducerConfig.LINGER_MS_CONFIG);
    }

    @Test
    void readingsAndStatusesAreSentAtOnceWhileTheHighRateStreamsLinger() {
        GatewayProducers p = producers(Map.of());
        assertEquals("0", linger(p, Topics.ENV_READINGS));
        assertEquals("0", linger(p, Topics.DEVICE_STATUS));
        assertEquals("20", linger(p, Topics.TRAFFIC_OBSERVATIONS));
        assertEquals("20", linger(p, Topics.SIGNAL_EVENTS));
        assertEquals("20", linger(p, Topics.DEADLETTER));
        assertSame(p.forTopic(Topics.ENV_READINGS), p.forTopic(Topics.DEVICE_STATUS));
        assertNotSame(p.forTopic(Topics.ENV_READINGS), p.forTopic(Topics.TRAFFIC_OBSERVATIONS));
    }

    @Test
    void bothProducersShareTheSettingsButTheLingerAndTheClientId() {
        GatewayProducers p = producers(Map.of());
        Properties bulk = made.get(p.forTopic(Topics.TRAFFIC_OBSERVATIONS));
        Properties prompt = made.get(p.forTopic(Topics.ENV_READINGS));
        assertEquals("all", prompt.getProperty(ProducerConfig.ACKS_CONFIG));
        assertEquals("ioc-ingest-1", bulk.getProperty(ProducerConfig.CLIENT_ID_CONFIG));
        assertEquals("ioc-ingest-1-prompt", prompt.getProperty(ProducerConfig.CLIENT_ID_CONFIG));
    }

    @Test
    void eachLingerHasItsOwnSetting() {
        GatewayProducers p = producers(Map.of("kafka.producer.linger.ms", "5", "ingest.prompt.linger", "2ms"));
        assertEquals("5", linger(p, Topics.TRAFFIC_OBSERVATIONS));
        assertEquals("2", linger(p, Topics.ENV_READINGS));
    }

    @Test
    void closingClosesBoth() {
        GatewayProducers p = producers(Map.of());
        p.close();
        assertEquals(true, ((MockProducer<String, byte[]>) p.forTopic(Topics.ENV_READINGS)).closed());
        assertEquals(true, ((MockProducer<String, byte[]>) p.forTopic(Topics.SIGNAL_EVENTS)).closed());
    }
}
