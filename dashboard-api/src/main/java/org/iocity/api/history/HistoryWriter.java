package org.iocity.api.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.Point;
import org.iocity.api.state.ConsumerThread;
import org.iocity.api.web.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the result topics ({@link HistoryPoints}) into InfluxDB on its own thread: consumer group {@code ioc-history-writer}, one
 * write per poll, offsets committed only after the write succeeded. When the write fails the batch is held and
 * retried with capped exponential back-off while the consumer stays in its group with its partitions paused (so
 * nothing more is fetched and nothing is dropped); the live path never waits on this thread. One log line when
 * InfluxDB goes away and one when it is back, none per retry.
 */
public final class HistoryWriter extends ConsumerThread {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryWriter.class);
    public static final String GROUP = "ioc-history-writer";

    /** Where batches go; {@link #write} throws when they did not arrive. */
    interface Target {
        /** Writes the points; {@code backfill} has their measures and times, for the downsampled policy. */
        void write(List<Point> points, LongPolicyBackfill backfill);

        String describe();
    }

    private final List<String> topics;
    private final Target target;
    private final Backoff backoff;
    private volatile boolean down;
    private volatile String state = "starting";
    private volatile Instant lastWrite;
    private volatile int pending;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();

    public HistoryWriter(Properties props, List<String> topics, Target target, Backoff backoff) {
        super(props, "ioc-history-writer", "history writer", LOG);
        this.topics = topics;
        this.target = target;
        this.backoff = backoff;
    }

    /** Records taken from Kafka that are not yet written: their points and the offsets to commit after. */
    private static final class Batch {
        final List<Point> points = new ArrayList<>();
        final LongPolicyBackfill backfill = new LongPolicyBackfill();
        final Map<TopicPartition, Long> next = new HashMap<>();
        int malformed;

        void add(ConsumerRecords<String, byte[]> records) {
            for (ConsumerRecord<String, byte[]> rec : records) {
                next.merge(new TopicPartition(rec.topic(), rec.partition()), rec.offset() + 1, Math::max);
                HistoryPoints.Mapped m = HistoryPoints.map(rec.topic(), rec.value());
                if (m.points() == null) malformed++;
                else if (!m.points().isEmpty()) {
                    points.addAll(m.points());
                    backfill.add(m.measure(), m.time());
                }
            }
        }
    }

    @Override
    protected void begin(KafkaConsumer<String, byte[]> c) {
        c.subscribe(topics, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (down) c.pause(partitions); // a held batch is pending: fetch nothing new
            }
        });
        state = "up";
    }

    @Override
    protected boolean handle(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        Batch batch = new Batch();
        batch.add(records);
        if (!writeUntilDone(c, batch)) return false;
        commit(c, batch);
        return true;
    }

    @Override
    protected void ended() {
        state = "stopped";
    }

    /** Writes until it worked (true) or the writer is closing (false, nothing committed). */
    private boolean writeUntilDone(KafkaConsumer<String, byte[]> c, Batch batch) {
        int attempt = 0;
        while (!closed) {
            pending = batch.points.size();
            try {
                if (!batch.points.isEmpty()) target.write(batch.points, batch.backfill);
                written.addAndGet(batch.points.size());
                lastWrite = Instant.now();
                recovered(c, batch, attempt);
                return true;
            } catch (InfluxDBException.FieldTypeConflictException | InfluxDBException.UnableToParseException
                     | InfluxDBException.PointsBeyondRetentionPolicyException e) {
                // InfluxDB took the good points of the batch and refused the rest: retrying cannot help
                rejected.addAndGet(batch.points.size());
                LOG.warn("{} refused points of a batch of {} (kept the others): {}", target.describe(),
                        batch.points.size(), Text.oneLine(e));
                recovered(c, batch, attempt);
                return true;
            } catch (RuntimeException e) {
                failedAttempts.incrementAndGet();
                lastError = Text.oneLine(e);
                if (!down) {
                    down = true;
                    state = "down";
                    LOG.warn("{} is unavailable ({}): holding {} points, retrying with back-off up to {} s",
                            target.describe(), lastError, batch.points.size(), backoff.max().toSeconds());
                }
                c.pause(c.assignment());
                // the wait: a poll on paused partitions keeps the group membership and returns after the delay
                ConsumerRecords<String, byte[]> more = c.poll(backoff.delay(attempt++));
                if (!more.isEmpty()) batch.add(more); // partitions assigned before the pause took hold
            }
        }
        return false;
    }

    private void recovered(KafkaConsumer<String, byte[]> c, Batch batch, int failedBefore) {
        malformed.addAndGet(batch.malformed);
        pending = 0;
        if (down) {
            down = false;
            LOG.info("{} is back: wrote the {} held point(s) after {} failed attempt(s)", target.describe(),
                    batch.points.size(), failedBefore);
            c.resume(c.paused());
        }
        state = "up";
    }

    private void commit(KafkaConsumer<String, byte[]> c, Batch batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        var assigned = c.assignment();
        batch.next.forEach((tp, offset) -> {
            if (assigned.contains(tp)) offsets.put(tp, new OffsetAndMetadata(offset));
        });
        if (offsets.isEmpty()) return;
        try {
            c.commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // the partitions moved: their new owner reads these records again, and rewriting them is harmless
            LOG.warn("history writer: offsets not committed ({}); the records will be written again", Text.oneLine(e));
        }
    }

    public long pointsWritten() {
        return written.get();
    }

    public long failedAttempts() {
        return failedAttempts.get();
    }

    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state);
        m.put("pendingPoints", pending);
        m.put("writtenPoints", written.get());
        m.put("refusedPoints", rejected.get());
        m.put("malformedRecords", malformed.get());
        m.put("failedAttempts", failedAttempts.get());
        if (lastWrite != null) m.put("lastWrite", lastWrite.toString());
        if (lastError != null) m.put("lastError", lastError);
        return m;
    }
}
