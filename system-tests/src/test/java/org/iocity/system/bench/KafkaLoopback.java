package org.iocity.system.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;

/**
 * Kafka alone on loopback, on the broker of the run: a plain producer with the services' settings
 * ({@link KafkaClients#producer}: acks=all, idempotent, linger 5 ms, 64 KB lz4 batches) writes N records of the size of
 * a camera observation to a topic of its own, then a plain consumer ({@code read_committed}) reads them back. The
 * limits the end-to-end rates are compared with.
 */
final class KafkaLoopback {
    /** Records per second of the producer (until every ack) and of the consumer. */
    record Rates(double producerPerSecond, double consumerPerSecond) {}

    private KafkaLoopback() {}

    static Rates measure(IocConfig config, int n) {
        String topic = "bench.loopback." + UUID.randomUUID().toString().substring(0, 8);
        KafkaClients.ensureTopics(config, List.of(topic));
        byte[] value = ("{\"deviceId\":\"cam-0001\",\"seq\":1,\"eventTime\":\"2026-11-23T01:00:00Z\",\"receivedAt\":"
                + "\"2026-11-23T01:00:00.120Z\",\"segmentId\":\"seg-0001\",\"ward\":\"sai-gon\",\"intervalSec\":10,"
                + "\"intensity\":12,\"averageVehicleSpeed\":23.5,\"occupancy\":0.21}").getBytes(StandardCharsets.UTF_8);
        AtomicLong acked = new AtomicLong();
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.producer(config, "bench-loopback"))) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, "cam-" + (i % 1000), value), (m, e) -> {
                    if (e == null) acked.incrementAndGet();
                });
            }
            producer.flush();
        }
        double produce = acked.get() / ((System.nanoTime() - t0) / 1e9);
        if (acked.get() != n) throw new IllegalStateException("loopback producer: " + acked.get() + " of " + n + " acked");
        long t1 = System.nanoTime();
        AtomicLong read = new AtomicLong();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(config,
                "bench-loopback-" + UUID.randomUUID(), "bench-loopback"))) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (read.get() < n) { // poll back to back: a pause between polls would cap the rate
                if (System.nanoTime() > deadline) throw new IllegalStateException("loopback consumer: " + read.get() + " of " + n + " read in 2 min");
                read.addAndGet(consumer.poll(Duration.ofMillis(100)).count());
            }
        }
        return new Rates(produce, read.get() / ((System.nanoTime() - t1) / 1e9));
    }
}
