package org.iocity.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.parts.Await;

/**
 * Reads a topic from the beginning (committed records only), for tests: keeps polling until the records read so far
 * satisfy a condition or the deadline passes.
 */
public final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    private final String topic;

    public TopicReader(IocConfig config, String topic) {
        this(config, topic, false);
    }

    /**
     * A reader that also sees records of open and aborted transactions ({@code read_uncommitted}): what a failed
     * exactly-once writer wrote and rolled back.
     */
    public static TopicReader uncommitted(IocConfig config, String topic) {
        return new TopicReader(config, topic, true);
    }

    private TopicReader(IocConfig config, String topic, boolean uncommitted) {
        this.topic = topic;
        var props = KafkaClients.consumer(config, "test-reader-" + UUID.randomUUID(), "test-reader");
        if (uncommitted) props.put("isolation.level", "read_uncommitted");
        this.consumer = new KafkaConsumer<>(props);
        List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /** Polls until {@code done} holds for everything read so far; returns all records read. */
    public List<ConsumerRecord<String, byte[]>> until(Duration timeout, Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        return Await.value(timeout, "records on " + topic, () -> {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) seen.add(r);
            return List.copyOf(seen);
        }, done);
    }

    /**
     * Polls until every partition is read to its end as it is now (for committed reads, the last stable offset): all
     * the topic holds, however few records that is (none included); returns all records read.
     */
    public List<ConsumerRecord<String, byte[]>> toEnd(Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), timeout);
        return until(timeout, rs -> end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue()));
    }

    /** Polls until at least {@code count} records were read. */
    public List<ConsumerRecord<String, byte[]>> atLeast(int count, Duration timeout) {
        return until(timeout, rs -> rs.size() >= count);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
