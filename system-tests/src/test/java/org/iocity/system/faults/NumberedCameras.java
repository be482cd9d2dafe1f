package org.iocity.system.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.iocity.model.kafka.Topics;
import org.iocity.model.registry.Registry;
import org.iocity.parts.Await;
import org.iocity.testkit.DeviceMessages;

/**
 * Cameras of a registry sending numbered counts at QoS 1, one round every {@code roundEvery}: in round {@code r}
 * every camera publishes {@code seq} r stamped {@code t0 + 10 r s} (the end of its r-th 10 s interval), with a fixed
 * number of vehicles per camera. Like a device, the connection reconnects by itself, and a message is sent again (the
 * same {@code seq}) until the broker acknowledges it, kept in Paho's offline buffer while disconnected; at most
 * {@link #MAX_OUTSTANDING} messages wait for the broker's acknowledgement, after which a round waits. Every
 * (camera, seq) the broker acknowledged (PUBACK) is recorded: that is what the system promised to keep.
 */
final class NumberedCameras implements AutoCloseable {
    static final int MAX_OUTSTANDING = 990;
    static final Duration RETRY_AFTER = Duration.ofMillis(200);

    private final List<Registry.Device> cameras;
    private final Instant t0;
    private final MqttAsyncClient client;
    private final Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);
    private final Map<String, Set<Long>> acked = new ConcurrentHashMap<>();
    private final Map<String, Long> ackedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSentAt = new ConcurrentHashMap<>();
    private final AtomicLong ackCount = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();
    private final ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "numbered-cameras");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong resent = new AtomicLong();
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "numbered-cameras-retry");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> schedule;

    NumberedCameras(String mqttUrl, String clientId, List<Registry.Device> cameras, Instant t0) throws MqttException {
        this.cameras = List.copyOf(cameras);
        this.t0 = t0;
        client = new MqttAsyncClient(mqttUrl, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true); // what was not acknowledged, this class sends again itself
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(1000);
        o.setMaxInflight(MAX_OUTSTANDING + 10);
        o.setConnectionTimeout(10);
        client.connect(o).waitForCompletion(15_000);
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(MAX_OUTSTANDING + 10);
        buffer.setDeleteOldestMessages(false);
        buffer.setPersistBuffer(false);
        client.setBufferOpts(buffer);
    }

    /** Vehicles camera {@code index} (its place in the registry list) counts in every interval: 1..9. */
    static long intensity(int index) {
        return 1 + index % 9;
    }

    /** Event time of {@code seq}: the end of the camera's {@code seq}-th 10 s interval after {@code t0}. */
    static Instant stamp(Instant t0, long seq) {
        return t0.plusSeconds(10 * seq);
    }

    /** Publishes rounds 1..{@code count}, one every {@code every}, in the background. */
    void start(int count, Duration every) {
        schedule = pace.scheduleAtFixedRate(() -> {
            long r = rounds.get() + 1;
            if (r > count) {
                schedule.cancel(false);
                return;
            }
            publishRound(r, stamp(t0, r));
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every camera publishes {@code seq} stamped {@code ts}; waits while too many messages are unacknowledged. */
    void publishRound(long seq, Instant ts) {
        for (int i = 0; i < cameras.size(); i++) {
            Registry.Device cam = cameras.get(i);
            long n = intensity(i);
            byte[] payload = DeviceMessages.cameraCounts(cam.id(), cam.segmentId(), seq).ts(ts).vehicles("car", n)
                    .with("occupancy", 0.2).bytes();
            outstanding.acquireUninterruptibly();
            send(cam.id(), seq, payload);
            published.incrementAndGet();
        }
        rounds.set(seq);
    }

    /**
     * Publishes one message until the broker acknowledges it: a publish that fails (the connection lost before its
     * PUBACK) or cannot start is sent again, the same {@code seq}, as a device does; while disconnected, Paho's buffer
     * holds it until the reconnect.
     */
    private void send(String id, long seq, byte[] payload) {
        lastSentAt.put(id + "/" + seq, System.nanoTime());
        try {
            client.publish(Topics.mqttCameraCounts(id), payload, 1, false, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    outstanding.release();
                    if (acked.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(seq)) ackCount.incrementAndGet();
                    ackedAt.putIfAbsent(id + "/" + seq, System.nanoTime());
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    sendAgain(id, seq, payload);
                }
            });
        } catch (MqttException e) {
            sendAgain(id, seq, payload);
        }
    }

    private void sendAgain(String id, long seq, byte[] payload) {
        resent.incrementAndGet();
        try {
            retry.schedule(() -> send(id, seq, payload), RETRY_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closing: the message was never acknowledged, so it is not counted as kept
        }
    }

    /** Publishes sent again because the broker had not acknowledged them. */
    long resent() {
        return resent.get();
    }

    /** Rounds published so far. */
    long rounds() {
        return rounds.get();
    }

    long published() {
        return published.get();
    }

    /** Messages the broker acknowledged. */
    long acked() {
        return ackCount.get();
    }

    /** Camera id → the sequence numbers the broker acknowledged. */
    Map<String, Set<Long>> ackedSequences() {
        return acked;
    }

    /** Waits until {@code count} rounds are published and every message is acknowledged. */
    void awaitAcked(int count, Duration timeout) {
        Await.until(timeout, count + " rounds published and acknowledged (" + published + " sent, " + ackCount + " acked)",
                () -> rounds.get() >= count && ackCount.get() == (long) count * cameras.size());
    }

    /**
     * When {@code camera/seq} was last handed to Paho ({@link System#nanoTime()}), or null: the broker received that
     * copy no earlier (Paho may hold it while disconnected).
     */
    Long lastSentAt(String cameraSlashSeq) {
        return lastSentAt.get(cameraSlashSeq);
    }

    /** When the broker acknowledged {@code camera/seq} ({@link System#nanoTime()}), or null if it has not. */
    Long ackedAt(String cameraSlashSeq) {
        return ackedAt.get(cameraSlashSeq);
    }

    /** How many messages the broker acknowledged outside {@code [from, to]} ({@link System#nanoTime()}). */
    long ackedOutside(long from, long to) {
        return ackedAt.values().stream().filter(at -> at < from || at > to).count();
    }

    boolean connected() {
        return client.isConnected();
    }

    @Override
    public void close() throws MqttException {
        pace.shutdownNow();
        retry.shutdownNow();
        try {
            if (client.isConnected()) client.disconnect().waitForCompletion(5_000);
        } finally {
            client.close(true);
        }
    }
}
