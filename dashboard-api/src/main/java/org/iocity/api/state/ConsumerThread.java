package org.iocity.api.state;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.iocity.api.web.Text;
import org.slf4j.Logger;

/**
 * A Kafka consumer on its own thread, the part the live state consumer and the history writer share: the poll loop
 * that survives errors (logged, one second's pause, going on), waking and joining on {@link #close}, and a pause that
 * ends early when closing. A subclass says how it {@link #begin begins}, what it does with each {@link #poll} and what
 * a batch of records {@link #handle means}.
 */
public abstract class ConsumerThread implements AutoCloseable {
    protected final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Logger log;
    private final String what;
    protected volatile boolean closed;
    protected volatile boolean started;
    protected volatile String lastError;

    public ConsumerThread(Properties props, String threadName, String what, Logger log) {
        this.consumer = new KafkaConsumer<>(props);
        this.thread = new Thread(this::run, threadName);
        this.what = what;
        this.log = log;
    }

    public void start() {
        started = true;
        thread.start();
    }

    /** Called once on the thread before the loop (subscribe, or nothing). */
    protected abstract void begin(KafkaConsumer<String, byte[]> c);

    /** One turn of the loop: the records to handle, or null/empty for none this turn. */
    protected ConsumerRecords<String, byte[]> poll(KafkaConsumer<String, byte[]> c) {
        return c.poll(Duration.ofMillis(500));
    }

    /** Handles what one poll returned; false stops the loop. */
    protected abstract boolean handle(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records);

    /** Called on the thread when the loop has ended, before the consumer is closed. */
    protected void ended() {}

    private void run() {
        try (KafkaConsumer<String, byte[]> c = consumer) {
            if (closed) return;
            begin(c);
            while (!closed) {
                try {
                    ConsumerRecords<String, byte[]> records = poll(c);
                    if (records == null || records.isEmpty()) continue;
                    if (!handle(c, records)) break;
                } catch (WakeupException e) {
                    // close() woke us
                } catch (InterruptException e) {
                    break;
                } catch (RuntimeException e) {
                    lastError = Text.oneLine(e);
                    log.warn("{}: {}; going on", what, lastError);
                    idle(Duration.ofSeconds(1));
                }
            }
        } catch (RuntimeException e) {
            log.error("{} stopped: {}", what, Text.oneLine(e));
        } finally {
            ended();
        }
    }

    /** Waits {@code d}, or less when closing. */
    protected void idle(Duration d) {
        try {
            closing.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** True while the thread reads (or tries to). */
    public boolean running() {
        return started && thread.isAlive() && !closed;
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
