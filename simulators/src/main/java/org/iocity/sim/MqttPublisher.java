package org.iocity.sim;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QoS 1 publishing over Paho's {@link MqttAsyncClient} with a bound on messages in flight: a permit is taken before
 * each publish and given back when the broker acknowledges it or delivery fails, so Paho's own in-flight window
 * (twice the bound, for the moment between its acknowledgement callback and its own book-keeping) is never exceeded.
 * Persistent session (clean session off) and automatic reconnect: messages in flight when the connection drops are
 * sent again after it comes back; messages published while disconnected wait in Paho's buffer.
 */
public final class MqttPublisher implements MessagePublisher {
    private static final Logger LOG = LoggerFactory.getLogger(MqttPublisher.class);
    private static final int QOS = 1;
    private static final long WARN_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    /** How to reach the broker. */
    public record Settings(String url, String clientId, int maxInFlight, Duration connectTimeout, Duration handOverTimeout) {
        public Settings {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(clientId, "clientId");
            if (maxInFlight < 1 || maxInFlight > 32_000) throw new IllegalArgumentException("maxInFlight must be 1..32000");
        }

        public Settings(String url, String clientId) {
            this(url, clientId, 500, Duration.ofSeconds(10), Duration.ofSeconds(5));
        }
    }

    /** The broker could not be reached; the message is one line. */
    public static final class ConnectException extends Exception {
        private static final long serialVersionUID = 1L;

        ConnectException(String message) {
            super(message, null, false, false);
        }
    }

    private final Settings settings;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final Semaphore permits;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set when Paho has told us of a lost connection (its reconnect timer starts right after), cleared on connect. */
    private final AtomicBoolean lossReported = new AtomicBoolean();
    private volatile boolean connectedOnce;
    private final Set<Delivery> pending = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final Map<String, BiConsumer<String, byte[]>> subscriptions = new ConcurrentHashMap<>();

    private MqttPublisher(Settings settings, MqttAsyncClient client) {
        this.settings = settings;
        this.client = client;
        this.permits = new Semaphore(settings.maxInFlight());
    }

    /** Connects, or fails with a one-line reason; a failed attempt leaves no threads behind. */
    public static MqttPublisher connect(Settings settings) throws ConnectException {
        return connect(settings, null, null);
    }

    /** Connects with MQTT credentials ({@code username} null: none), or fails with a one-line reason. */
    public static MqttPublisher connect(Settings settings, String username, String password) throws ConnectException {
        return connect(settings, username, password, null);
    }

    /** A last will: published (QoS 1, retained) by the broker when the connection ends without a DISCONNECT. */
    public record Will(String topic, byte[] payload) {}

    /** Connects with credentials and a last will ({@code will} null: none), or fails with a one-line reason. */
    public static MqttPublisher connect(Settings settings, String username, String password, Will will) throws ConnectException {
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new ConnectException("bad MQTT broker address " + settings.url() + ": " + reason(e));
        }
        MqttPublisher publisher = new MqttPublisher(settings, client);
        MqttConnectOptions options = publisher.options;
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(5_000);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        options.setMaxInflight(2 * settings.maxInFlight());
        if (username != null) options.setUserName(username);
        if (password != null) options.setPassword(password.toCharArray());
        if (will != null) options.setWill(will.topic(), will.payload(), QOS, true);
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(settings.maxInFlight());
        buffer.setPersistBuffer(false);
        buffer.setDeleteOldestMessages(false);
        client.setBufferOpts(buffer);
        client.setCallback(publisher.new ConnectionEvents());
        try {
            client.connect(options).waitForCompletion(settings.connectTimeout().toMillis() + 1_000);
        } catch (MqttException e) {
            publisher.closeClient();
            throw new ConnectException("cannot connect to MQTT broker " + settings.url() + ": " + reason(e));
        }
        if (!client.isConnected()) {
            publisher.closeClient();
            throw new ConnectException("cannot connect to MQTT broker " + settings.url() + ": no answer within "
                    + settings.connectTimeout().toSeconds() + " s");
        }
        publisher.connectedOnce = true;
        LOG.debug("connected to {} as {}", settings.url(), settings.clientId());
        return publisher;
    }

    @Override
    public boolean publish(String topic, byte[] payload, boolean retained) {
        if (closed.get()) {
            failed.incrementAndGet();
            return false;
        }
        long deadline = System.nanoTime() + settings.handOverTimeout().toNanos();
        try {
            // a full window while disconnected will not drain soon: drop at once rather than hold up every camera
            boolean got = permits.tryAcquire()
                    || (client.isConnected() && permits.tryAcquire(settings.handOverTimeout().toNanos(), TimeUnit.NANOSECONDS));
            if (!got) {
                dropped(topic, client.isConnected()
                        ? settings.maxInFlight() + " messages unacknowledged for " + settings.handOverTimeout().toSeconds() + " s"
                        : "broker away and " + settings.maxInFlight() + " messages waiting");
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed.incrementAndGet();
            return false;
        }
        MqttMessage message = new MqttMessage(payload);
        message.setQos(QOS);
        message.setRetained(retained);
        Delivery delivery = new Delivery();
        pending.add(delivery);
        while (true) {
            try {
                client.publish(topic, message, null, delivery);
                return true;
            } catch (MqttException e) {
                // between a lost connection and the first reconnect attempt Paho buffers; while it is
                // connecting it refuses: wait for it, up to the hand-over timeout
                if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_NOT_CONNECTED
                        && System.nanoTime() < deadline && !closed.get()) {
                    LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                    continue;
                }
                delivery.settle(false);
                warnAtMostEvery10s("cannot publish to " + topic + ": " + reason(e));
                return false;
            }
        }
    }

    private void dropped(String topic, String why) {
        failed.incrementAndGet();
        warnAtMostEvery10s(why + "; dropped the message for " + topic + " (" + failed.get() + " failed so far)");
    }

    private void warnAtMostEvery10s(String message) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) LOG.warn(message);
    }

    /** Gives the permit back exactly once, whichever of Paho's callbacks comes. */
    private final class Delivery implements IMqttActionListener {
        private final AtomicBoolean settled = new AtomicBoolean();

        void settle(boolean ok) {
            if (settled.compareAndSet(false, true)) {
                pending.remove(this);
                (ok ? published : failed).incrementAndGet();
                permits.release();
            }
        }

        @Override
        public void onSuccess(IMqttToken token) {
            settle(true);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            warnAtMostEvery10s("delivery failed: " + reason(e));
            settle(false);
        }
    }

    private final class ConnectionEvents implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            lossReported.set(false);
            if (reconnect) LOG.info("reconnected to {}", serverUri);
        }

        @Override
        public void connectionLost(Throwable cause) {
            lossReported.set(true);
            if (!closed.get()) LOG.warn("lost the connection to {}: {}; reconnecting", settings.url(), reason(cause));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            for (var s : subscriptions.entrySet()) {
                if (MqttTopic.isMatched(s.getKey(), topic)) {
                    try {
                        s.getValue().accept(topic, message.getPayload());
                    } catch (RuntimeException e) {
                        LOG.warn("handling a message on {} failed: {}", topic, reason(e));
                    }
                }
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // counted by each message's listener
        }
    }

    @Override
    public long published() {
        return published.get();
    }

    @Override
    public long failed() {
        return failed.get();
    }

    @Override
    public int inFlight() {
        return settings.maxInFlight() - permits.availablePermits();
    }

    @Override
    public boolean awaitIdle(Duration timeout) {
        try {
            if (permits.tryAcquire(settings.maxInFlight(), timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                permits.release(settings.maxInFlight());
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Subscribes (QoS 1) and hands each message on a matching topic to {@code handler}, on Paho's callback thread:
     * keep it short. The session is persistent, so the subscription survives reconnects.
     */
    public void subscribe(String filter, BiConsumer<String, byte[]> handler) throws ConnectException {
        subscriptions.put(filter, handler);
        try {
            IMqttToken token = client.subscribe(filter, QOS);
            token.waitForCompletion(settings.connectTimeout().toMillis());
            int[] granted = token.getGrantedQos();
            if (granted != null && granted.length > 0 && granted[0] == 0x80) {
                subscriptions.remove(filter);
                throw new ConnectException("the broker " + settings.url() + " refused the subscription to " + filter + " (not allowed)");
            }
        } catch (MqttException e) {
            subscriptions.remove(filter);
            throw new ConnectException("cannot subscribe to " + filter + " on " + settings.url() + ": " + reason(e));
        }
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public String clientId() {
        return settings.clientId();
    }

    @Override
    public String target() {
        return settings.url();
    }

    /** Disconnects (after what is in flight is delivered, up to a few seconds) and stops Paho's threads. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        if (client.isConnected() && !awaitIdle(Duration.ofSeconds(5))) {
            LOG.warn("closing with {} messages still in flight", inFlight());
        }
        closeClient();
        // what is still waiting (for a broker that is away) will not be sent now
        for (Delivery d : List.copyOf(pending)) d.settle(false);
    }

    /**
     * Ends the connection the way a device that loses power does, without a DISCONNECT, so the broker publishes the
     * last will; what is in flight is lost (counted as failed).
     */
    public void dropWithoutDisconnect() {
        if (!closed.compareAndSet(false, true)) return;
        stopReconnecting();
        try {
            if (client.isConnected()) client.disconnectForcibly(0, 1_000, false);
        } catch (MqttException e) {
            LOG.debug("forced disconnect: {}", reason(e));
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("close: {}", reason(e));
        }
        for (Delivery d : List.copyOf(pending)) d.settle(false);
    }

    private void closeClient() {
        if (!client.isConnected() && connectedOnce) {
            // the connection just dropped: let Paho finish reporting it, which ends with starting its reconnect timer
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while ((!lossReported.get() || PahoInternals.reconnectTimer(client) == null) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
        }
        stopReconnecting();
        try {
            if (client.isConnected()) client.disconnect(0).waitForCompletion(2_000);
        } catch (MqttException e) {
            LOG.debug("disconnect: {}", reason(e));
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("close: {}", reason(e));
        }
    }

    /**
     * Paho 1.2.5 runs automatic reconnects on a {@code java.util.Timer} whose (non-daemon) thread keeps the JVM alive,
     * and neither {@code disconnect} nor {@code close} cancels it. With automatic reconnect switched off on our options
     * object (Paho reads the flag from it) nothing new is scheduled; the timer already there is cancelled by hand,
     * under Paho's own lock so that a concurrent reschedule cannot slip in between.
     */
    private void stopReconnecting() {
        synchronized (PahoInternals.clientLock(this)) {
            options.setAutomaticReconnect(false);
            if (!PahoInternals.cancelReconnectTimer(client)) {
                LOG.warn("cannot stop Paho's reconnect timer; its thread may outlive the client");
            }
        }
    }

    /** Two private fields of Paho 1.2.5's {@link MqttAsyncClient}; a different version may lack them. */
    private static final class PahoInternals {
        private static final Field CLIENT_LOCK = field("clientLock");
        private static final Field RECONNECT_TIMER = field("reconnectTimer");

        private static Field field(String name) {
            try {
                Field f = MqttAsyncClient.class.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("Paho's {} is not reachable: {}", name, e.toString());
                return null;
            }
        }

        static Object clientLock(Object fallback) {
            try {
                Object lock = CLIENT_LOCK == null ? null : CLIENT_LOCK.get(null);
                return lock == null ? fallback : lock;
            } catch (ReflectiveOperationException e) {
                return fallback;
            }
        }

        static Timer reconnectTimer(MqttAsyncClient client) {
            try {
                return RECONNECT_TIMER != null && RECONNECT_TIMER.get(client) instanceof Timer t ? t : null;
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }

        /** False when the timer could not be reached at all. */
        static boolean cancelReconnectTimer(MqttAsyncClient client) {
            if (RECONNECT_TIMER == null) return false;
            try {
                if (RECONNECT_TIMER.get(client) instanceof Timer timer) {
                    timer.cancel();
                    RECONNECT_TIMER.set(client, null);
                }
                return true;
            } catch (ReflectiveOperationException e) {
                return false;
            }
        }
    }

    static String reason(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        if (e.getCause() != null && e.getCause().getMessage() != null && !sb.toString().contains(e.getCause().getMessage())) {
            sb.append(" (").append(e.getCause().getMessage()).append(')');
        }
        return sb.toString().replace('\n', ' ');
    }
}
