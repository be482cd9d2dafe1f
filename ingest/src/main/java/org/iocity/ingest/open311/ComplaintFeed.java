package org.iocity.ingest.open311;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.ComplaintEvent;
import org.iocity.model.records.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads {@code ioc.complaints} from the beginning into a {@link ComplaintView}, on its own thread, until closed. */
final class ComplaintFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComplaintFeed.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final ComplaintView view;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    ComplaintFeed(IocConfig config, ComplaintView view) {
        this.view = view;
        this.consumer = new KafkaConsumer<>(KafkaClients.consumer(config, "ingest-open311-view-" + UUID.randomUUID(),
                "ingest-open311-view"));
        List<TopicPartition> parts = consumer.partitionsFor(Topics.COMPLAINTS, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        this.thread = new Thread(this::run, "open311-view");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        view.apply(Json.fromBytes(r.value(), ComplaintEvent.class), r.partition(), r.offset());
                    } catch (RuntimeException e) {
                        LOG.warn("skipping unreadable complaint event at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            if (running.get()) throw e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
