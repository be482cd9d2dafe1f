package org.iocity.system.faults;

import java.nio.charset.StandardCharsets;
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
import org.iocity.model.Registry;
import org.iocity.model.Topics;
import org.iocity.stack.Await;

/**
 * Cameras of a registry sending numbered counts at QoS 1, one round every {@code roundEvery}: in round {@code r}
 * every camera publishes {@code seq} r stamped {@code t0 + 10 r s} (the end of its r-th 10 s interval), with a fixed
 * number of vehicles per camera. Like a device, the connection is a persistent session that reconnects by itself and
 * keeps what it could not send (Paho's offline buffer, and its in-flight messages sent again on reconnect); at most
 * {@link #MAX_OUTSTANDING} messages wait for the broker's acknowledgement, after which a round waits. Every
 * (camera, seq) the broker acknowledged (PUBACK) is recorded: that is what the system promised to keep.
 */
final class NumberedCameras implements AutoCloseable {
    static final int MAX_OUTSTANDING = 990;

    private final List<Registry.Device> cameras;
    private final Instant t0;
    private final MqttAsyncClient client;
    private final Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);
    private final Map<String, Set<Long>> acked = new ConcurrentHashMap<>();
    private final AtomicLong ackCount = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();
    private final ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "numbered-cameras");
        t.setDaemon(true);
        return t;
    });
    private volatile Exception failure;
    private ScheduledFuture<?> schedule;

    NumberedCameras(String mqttUrl, String clientId, List<Registry.Device> cameras, Instant t0) throws MqttException {
        this.cameras = List.copyOf(cameras);
        this.t0 = t0;
        client = new MqttAsyncClient(mqttUrl, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
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
        try {
            for (int i = 0; i < cameras.size(); i++) {
                Registry.Device cam = cameras.get(i);
                long n = intensity(i);
                String json = "{\"v\":1,\"deviceId\":\"" + cam.id() + "\",\"seq\":" + seq + ",\"ts\":\"" + ts
                        + "\",\"segmentId\":\"" + cam.segmentId() + "\",\"intervalSec\":10,\"intensity\":" + n
                        + ",\"byClass\":{\"car\":" + n + "},\"averageVehicleSpeed\":30.0,\"occupancy\":0.2}";
                outstanding.acquire();
                String id = cam.id();
                client.publish(Topics.mqttCameraCounts(id), json.getBytes(StandardCharsets.UTF_8), 1, false, null,
                        new IMqttActionListener() {
                            @Override
                            public void onSuccess(IMqttToken token) {
                                outstanding.release();
                                if (acked.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(seq)) ackCount.incrementAndGet();
                            }

                            @Override
                            public void onFailure(IMqttToken token, Throwable e) {
                                outstanding.release();
                                failure = new IllegalStateException("publish of " + id + " seq " + seq + " failed", e);
                            }
                        });
                published.incrementAndGet();
            }
            rounds.set(seq);
        } catch (Exception e) {
            failure = e;
            throw new IllegalStateException(e);
        }
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

    /** Waits until {@code count} rounds are published and every message is acknowledged; fails on a refused publish. */
    void awaitAcked(int count, Duration timeout) {
        Await.until(timeout, count + " rounds published and acknowledged (" + published + " sent, " + ackCount + " acked)",
                () -> {
                    if (failure != null) throw new AssertionError("a publish failed", failure);
                    return rounds.get() >= count && ackCount.get() == (long) count * cameras.size();
                });
    }

    boolean connected() {
        return client.isConnected();
    }

    @Override
    public void close() throws MqttException {
        pace.shutdownNow();
        try {
            if (client.isConnected()) client.disconnect().waitForCompletion(5_000);
        } finally {
            client.close(true);
        }
    }
}
