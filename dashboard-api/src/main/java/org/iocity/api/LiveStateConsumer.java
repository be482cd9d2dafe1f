package org.iocity.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
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
import org.iocity.model.CongestionResult;
import org.iocity.model.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the live congestion state from {@code ioc.congestion} on its own thread: no consumer group, every
 * partition assigned and read from the beginning, partitions looked up again every {@code discovery} (and every
 * second while there are none). Good results go to the {@link Sink} in batches (the service hands them to the event
 * loop); at most a few batches are in flight, so a busy event loop slows this thread, not the other way round.
 * Malformed records and results for segments the registry does not know are logged and counted, never fatal.
 */
final class LiveStateConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveStateConsumer.class);
    private static final int MAX_BATCHES_IN_FLIGHT = 4;

    /** Takes a batch of results; the stage completes when they are applied. */
    interface Sink {
        CompletionStage<?> accept(List<CongestionResult> results);
    }

    private final String topic;
    private final Registry registry;
    private final Sink sink;
    private final Duration discovery;
    private final Thread thread;
    private final Semaphore inFlight = new Semaphore(MAX_BATCHES_IN_FLIGHT);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Set<String> unknownLogged = new HashSet<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private volatile boolean closed;
    private volatile boolean started;
    private volatile int partitions;
    private volatile boolean discoveryFailing;
    private volatile String lastError;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong unknownSegments = new AtomicLong();

    LiveStateConsumer(Properties props, String topic, Registry registry, Sink sink, Duration discovery) {
        this.topic = topic;
        this.registry = registry;
        this.sink = sink;
        this.discovery = discovery;
        this.consumer = new KafkaConsumer<>(props);
        this.thread = new Thread(this::run, "ioc-live-congestion");
    }

    void start() {
        started = true;
        thread.start();
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> c = consumer) {
            Set<TopicPartition> assigned = new HashSet<>();
            long nextDiscovery = System.nanoTime();
            while (!closed) {
                try {
                    if (System.nanoTime() - nextDiscovery >= 0) {
                        discover(c, assigned);
                        nextDiscovery = System.nanoTime() + (assigned.isEmpty() ? Duration.ofSeconds(1) : discovery).toNanos();
                    }
                    if (assigned.isEmpty()) {
                        idle(Duration.ofSeconds(1));
                        continue;
                    }
                    ConsumerRecords<String, byte[]> polled = c.poll(Duration.ofMillis(500));
                    if (polled.isEmpty()) continue;
                    List<CongestionResult> good = new ArrayList<>(polled.count());
                    for (ConsumerRecord<String, byte[]> rec : polled) {
                        records.incrementAndGet();
                        CongestionResult r = check(rec);
                        if (r != null) good.add(r);
                    }
                    if (!good.isEmpty()) handOff(good);
                } catch (WakeupException e) {
                    // close() woke us
                } catch (InterruptException e) {
                    break;
                } catch (RuntimeException e) {
                    lastError = InfluxHistory.oneLine(e);
                    LOG.warn("live congestion consumer: {}; going on", lastError);
                    idle(Duration.ofSeconds(1));
                }
            }
        } catch (RuntimeException e) {
            LOG.error("live congestion consumer stopped: {}", InfluxHistory.oneLine(e));
        }
    }

    /** Assigns partitions not seen before, each from its beginning: the state is rebuilt from the whole topic. */
    private void discover(KafkaConsumer<String, byte[]> c, Set<TopicPartition> assigned) {
        List<PartitionInfo> infos;
        try {
            infos = c.partitionsFor(topic, Duration.ofSeconds(5));
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (RuntimeException e) {
            if (!discoveryFailing) {
                discoveryFailing = true;
                LOG.warn("live congestion consumer: cannot look up the partitions of {} ({}); trying again",
                        topic, InfluxHistory.oneLine(e));
            }
            return;
        }
        if (discoveryFailing) {
            discoveryFailing = false;
            LOG.info("live congestion consumer: partitions of {} found again", topic);
        }
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo pi : infos == null ? List.<PartitionInfo>of() : infos) {
            TopicPartition tp = new TopicPartition(pi.topic(), pi.partition());
            if (assigned.add(tp)) added.add(tp);
        }
        if (added.isEmpty()) return;
        c.assign(new ArrayList<>(assigned));
        c.seekToBeginning(added);
        partitions = assigned.size();
        LOG.info("live congestion consumer reads {} from the beginning of {} new partition(s), {} in all",
                topic, added.size(), assigned.size());
    }

    private CongestionResult check(ConsumerRecord<String, byte[]> rec) {
        CongestionRecords.Parsed p = CongestionRecords.parse(rec.value());
        if (p.result() == null) {
            long n = malformed.incrementAndGet();
            if (n <= 100 || n % 1000 == 0) {
                LOG.warn("malformed congestion record {}-{}@{} (key {}): {} ({} so far)", rec.topic(), rec.partition(),
                        rec.offset(), rec.key(), p.error(), n);
            }
            return null;
        }
        String segment = p.result().segmentId();
        if (registry.segment(segment).isEmpty()) {
            unknownSegments.incrementAndGet();
            if (unknownLogged.size() < 1000 && unknownLogged.add(segment)) {
                LOG.warn("congestion result for segment {} which the registry does not know: ignored (logged once)", segment);
            }
            return null;
        }
        return p.result();
    }

    private void handOff(List<CongestionResult> results) {
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

    private void idle(Duration d) {
        try {
            closing.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Records applied to the live state so far. */
    long applied() {
        return applied.get();
    }

    /** True while the thread reads (or tries to) the topic. */
    boolean running() {
        return started && thread.isAlive() && !closed;
    }

    Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", running() ? "running" : started ? "stopped" : "starting");
        m.put("topic", topic);
        m.put("partitions", partitions);
        m.put("records", records.get());
        m.put("applied", applied.get());
        m.put("malformed", malformed.get());
        m.put("unknownSegments", unknownSegments.get());
        if (lastError != null) m.put("lastError", lastError);
        return m;
    }

    @Override
    public void close() {
        closed = true;
        closing.countDown();
        if (!thread.isAlive() && thread.getState() == Thread.State.NEW) {
            consumer.close();
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
