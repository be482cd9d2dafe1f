package org.iocity.api.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.iocity.api.web.Text;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the live state from the result topics on its own thread: no consumer group, every partition of every
 * topic assigned and read from the beginning (a recent-only topic from a while ago), partitions looked up again every {@code discovery} (and every second
 * while a topic has none). Records are read into their model records ({@link ResultRecords}) and handed to the
 * {@link Sink} in batches (the service applies them on the event loop); at most a few batches are in flight, so a
 * busy event loop slows this thread, not the other way round. Malformed records and congestion results for segments
 * the registry does not know are logged and counted, never fatal.
 */
public final class LiveStateConsumer extends ConsumerThread {
    private static final Logger LOG = LoggerFactory.getLogger(LiveStateConsumer.class);
    private static final int MAX_BATCHES_IN_FLIGHT = 4;

    /** Takes a batch of model records; the stage completes when they are applied. */
    public interface Sink {
        CompletionStage<?> accept(List<Object> results);
    }

    private final List<String> topics;
    private final Map<String, Duration> recentOnly;
    private final Registry registry;
    private final Sink sink;
    private final Duration discovery;
    private final Semaphore inFlight = new Semaphore(MAX_BATCHES_IN_FLIGHT);
    private final Set<String> unknownLogged = new HashSet<>();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final Set<String> discoveryFailing = new HashSet<>();
    private long nextDiscovery = System.nanoTime();
    private volatile int partitions;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong unknownSegments = new AtomicLong();

    /**
     * @param recentOnly topics read from that long ago instead of their beginning (the early congestion results: only
     *                   the latest windows matter, and the final results replace them anyway)
     */
    public LiveStateConsumer(Properties props, List<String> topics, Map<String, Duration> recentOnly, Registry registry,
                      Sink sink, Duration discovery) {
        this(props, "ioc-live-state", topics, recentOnly, registry, sink, discovery);
    }

    /** @param threadName the thread's name, which also names this consumer in the log */
    public LiveStateConsumer(Properties props, String threadName, List<String> topics, Map<String, Duration> recentOnly,
                             Registry registry, Sink sink, Duration discovery) {
        super(props, threadName, threadName.replace("ioc-", "").replace('-', ' ') + " consumer", LOG);
        this.topics = List.copyOf(topics);
        this.recentOnly = Map.copyOf(recentOnly);
        this.registry = registry;
        this.sink = sink;
        this.discovery = discovery;
    }

    @Override
    protected void begin(KafkaConsumer<String, byte[]> c) {}

    @Override
    protected ConsumerRecords<String, byte[]> poll(KafkaConsumer<String, byte[]> c) {
        if (System.nanoTime() - nextDiscovery >= 0) {
            boolean complete = true;
            for (String topic : topics) complete &= discover(c, topic);
            nextDiscovery = System.nanoTime() + (complete ? discovery : Duration.ofSeconds(1)).toNanos();
        }
        if (assigned.isEmpty()) {
            idle(Duration.ofSeconds(1));
            return null;
        }
        return c.poll(Duration.ofMillis(500));
    }

    @Override
    protected boolean handle(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> polled) {
        List<Object> good = new ArrayList<>(polled.count());
        for (ConsumerRecord<String, byte[]> rec : polled) {
            records.incrementAndGet();
            Object r = check(rec);
            if (r != null) good.add(r);
        }
        if (!good.isEmpty()) handOff(good);
        return true;
    }

    /** Assigns partitions of {@code topic} not seen before, each from its beginning; false when it has none yet. */
    private boolean discover(KafkaConsumer<String, byte[]> c, String topic) {
        List<PartitionInfo> infos;
        try {
            infos = c.partitionsFor(topic, Duration.ofSeconds(5));
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (RuntimeException e) {
            if (discoveryFailing.add(topic)) {
                LOG.warn("live state consumer: cannot look up the partitions of {} ({}); trying again",
                        topic, Text.oneLine(e));
            }
            return false;
        }
        if (discoveryFailing.remove(topic)) LOG.info("live state consumer: partitions of {} found again", topic);
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo pi : infos == null ? List.<PartitionInfo>of() : infos) {
            TopicPartition tp = new TopicPartition(pi.topic(), pi.partition());
            if (assigned.add(tp)) added.add(tp);
        }
        if (added.isEmpty()) return infos != null && !infos.isEmpty();
        c.assign(new ArrayList<>(assigned));
        Duration recent = recentOnly.get(topic);
        if (recent == null) {
            c.seekToBeginning(added);
        } else {
            seekToTime(c, added, System.currentTimeMillis() - recent.toMillis());
        }
        partitions = assigned.size();
        LOG.info("live state consumer reads {} from the beginning of {} new partition(s), {} in all",
                topic, added.size(), assigned.size());
        return true;
    }

    /** Each partition at its first record stamped at or after {@code time}, or at its end when there is none. */
    private static void seekToTime(KafkaConsumer<String, byte[]> c, List<TopicPartition> partitions, long time) {
        Map<TopicPartition, Long> at = new java.util.HashMap<>();
        for (TopicPartition tp : partitions) at.put(tp, time);
        var found = c.offsetsForTimes(at, Duration.ofSeconds(10));
        List<TopicPartition> none = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            var o = found.get(tp);
            if (o == null) none.add(tp);
            else c.seek(tp, o.offset());
        }
        if (!none.isEmpty()) c.seekToEnd(none);
    }

    private Object check(ConsumerRecord<String, byte[]> rec) {
        ResultRecords.Parsed p = ResultRecords.parse(rec.topic(), rec.value());
        if (p.result() == null) {
            long n = malformed.incrementAndGet();
            if (n <= 100 || n % 1000 == 0) {
                LOG.warn("malformed record {}-{}@{} (key {}): {} ({} so far)", rec.topic(), rec.partition(),
                        rec.offset(), rec.key(), p.error(), n);
            }
            return null;
        }
        CongestionResult segmentResult = p.result() instanceof Provisional e && e.result() instanceof CongestionResult early ? early
                : p.result() instanceof CongestionResult r ? r : null;
        if (segmentResult != null && registry.segment(segmentResult.segmentId()).isEmpty()) {
            unknownSegments.incrementAndGet();
            if (unknownLogged.size() < 1000 && unknownLogged.add(segmentResult.segmentId())) {
                LOG.warn("congestion result for segment {} which the registry does not know: ignored (logged once)",
                        segmentResult.segmentId());
            }
            return null;
        }
        return p.result();
    }

    private void handOff(List<Object> results) {
        try {
            while (!inFlight.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                if (closed) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            return;
        }
        try {
            sink.accept(results).whenComplete((v, e) -> {
                inFlight.release();
                if (e == null) applied.addAndGet(results.size());
            });
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    /** Records applied to the live state so far. */
    public long applied() {
        return applied.get();
    }

    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", running() ? "running" : started ? "stopped" : "starting");
        m.put("topics", topics);
        m.put("partitions", partitions);
        m.put("records", records.get());
        m.put("applied", applied.get());
        m.put("malformed", malformed.get());
        m.put("unknownSegments", unknownSegments.get());
        if (lastError != null) m.put("lastError", lastError);
        return m;
    }
}
