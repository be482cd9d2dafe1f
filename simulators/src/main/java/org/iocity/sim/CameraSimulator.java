package org.iocity.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.registry.Registry;

/**
 * The city's cameras: each round, every camera sends its counts for the interval just ended. Sequence numbers
 * live here, one counter per camera starting at 1, so they carry on across reconnects of the publisher.
 *
 * <pre>{@code
 * try (CameraSimulator sim = new CameraSimulator(cameras, factory, MqttPublisher.connect(settings), 10)) {
 *     sim.publishRound(Instant.now());                         // one message per camera, now
 *     sim.run(RunPlan.live().withMaxMessages(280));            // or rounds every 10 s until 280 are sent
 * }
 * }</pre>
 */
public final class CameraSimulator implements AutoCloseable {

    /**
     * When and how long to run.
     *
     * @param simulatedStart event time of the first round; null for the wall clock at the start of the run
     * @param speedup how many simulated seconds pass per wall-clock second until the simulated clock catches up with
     *                the wall clock (then it runs live: event times are never in the future)
     * @param maxDuration wall-clock time after which to stop; null for no limit
     * @param maxMessages messages after which to stop; 0 for no limit
     * @param reportEvery how often to log a one-line summary; null for never
     */
    public record RunPlan(Instant simulatedStart, double speedup, Duration maxDuration, long maxMessages,
                          Duration reportEvery) {
        public RunPlan {
            if (!(speedup >= 1)) throw new IllegalArgumentException("speedup must be at least 1, was " + speedup);
            if (maxMessages < 0) throw new IllegalArgumentException("maxMessages must not be negative");
            if (maxDuration != null && maxDuration.isNegative()) throw new IllegalArgumentException("maxDuration must not be negative");
        }

        /** Live, until stopped. */
        public static RunPlan live() {
            return new RunPlan(null, 1, null, 0, null);
        }

        public RunPlan withMaxMessages(long n) {
            return new RunPlan(simulatedStart, speedup, maxDuration, n, reportEvery);
        }

        public RunPlan withMaxDuration(Duration d) {
            return new RunPlan(simulatedStart, speedup, d, maxMessages, reportEvery);
        }

        public RunPlan replayingFrom(Instant start, double speedup) {
            return new RunPlan(start, speedup, maxDuration, maxMessages, reportEvery);
        }

        public RunPlan reportingEvery(Duration every) {
            return new RunPlan(simulatedStart, speedup, maxDuration, maxMessages, every);
        }
    }

    /**
     * What a run did.
     *
     * @param messages messages made in this run (one per camera per round, whether or not the hand-over worked)
     * @param published acknowledged by the broker, over the publisher's life
     * @param failed not handed over or not delivered, over the publisher's life
     */
    public record RunResult(long rounds, long messages, long published, long failed, Instant lastEventTime) {}

    private final List<Registry.Device> cameras;
    private final CameraMessageFactory factory;
    private final MessagePublisher publisher;
    private final int intervalSec;
    private final Map<String, AtomicLong> seq = new LinkedHashMap<>();
    private final AtomicLong handedOver = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);

    public CameraSimulator(List<Registry.Device> cameras, CameraMessageFactory factory, MessagePublisher publisher,
                           int intervalSec) {
        if (cameras.isEmpty()) throw new IllegalArgumentException("no cameras to simulate");
        if (intervalSec < 1 || intervalSec > DeviceContract.MAX_INTERVAL_SEC) {
            throw new IllegalArgumentException("intervalSec must be 1.." + DeviceContract.MAX_INTERVAL_SEC + ", was " + intervalSec);
        }
        for (Registry.Device c : cameras) {
            if (c.segmentId() == null) throw new IllegalArgumentException("camera " + c.id() + " has no segment");
            if (seq.put(c.id(), new AtomicLong()) != null) throw new IllegalArgumentException("camera " + c.id() + " twice");
        }
        this.cameras = List.copyOf(cameras);
        this.factory = Objects.requireNonNull(factory);
        this.publisher = Objects.requireNonNull(publisher);
        this.intervalSec = intervalSec;
    }

    /** The cameras of the registry that sit on a known segment, by id; the first {@code max} of them. */
    public static List<Registry.Device> cameras(Registry registry, int max) {
        return registry.devices("camera").stream().filter(d -> d.segmentId() != null).limit(max).toList();
    }

    public List<Registry.Device> cameras() {
        return cameras;
    }

    public int intervalSec() {
        return intervalSec;
    }

    /** Messages per second at live speed. */
    public double messagesPerSecond() {
        return cameras.size() / (double) intervalSec;
    }

    /**
     * One message per camera for the interval ending at {@code eventTime}; returns how many were handed over.
     * Rounds from several threads are serialised, so each camera's messages leave in the order of their numbers.
     */
    public int publishRound(Instant eventTime) {
        return publishRound(eventTime, cameras.size());
    }

    /** Like {@link #publishRound(Instant)} for the first {@code limit} cameras only. */
    public synchronized int publishRound(Instant eventTime, int limit) {
        int ok = 0;
        for (int i = 0; i < Math.min(limit, cameras.size()); i++) {
            Registry.Device camera = cameras.get(i);
            // the number is spent even when the hand-over fails: the gap shows the loss downstream
            long n = seq.get(camera.id()).incrementAndGet();
            byte[] payload = factory.payload(camera, n, eventTime, intervalSec);
            if (publisher.publish(CameraMessageFactory.topic(camera), payload)) ok++;
            handedOver.incrementAndGet();
        }
        return ok;
    }

    /** The last sequence number camera {@code deviceId} used; 0 before its first message. */
    public long lastSeq(String deviceId) {
        AtomicLong n = seq.get(deviceId);
        if (n == null) throw new IllegalArgumentException("camera " + deviceId + " is not simulated here");
        return n.get();
    }

    /** Messages created so far (handed over or failed to hand over). */
    public long messages() {
        return handedOver.get();
    }

    public MessagePublisher publisher() {
        return publisher;
    }

    /**
     * Sends rounds at the pace of {@code plan} until a limit is reached or {@link #stop()} is called, then waits
     * (up to 10 s) for what is in flight. Round k has event time {@code start + k * interval}; the first goes at once.
     */
    public RunResult run(RunPlan plan) {
        return RoundRunner.run(plan, intervalSec, publisher, stopped, (eventTime, max) -> {
            int limit = (int) Math.min(cameras.size(), max);
            publishRound(eventTime, limit);
            return limit;
        }, () -> "");
    }

    /** Ends {@link #run} after the current round, for good; safe from any thread, e.g. a shutdown hook. */
    public void stop() {
        stopped.countDown();
    }

    /** Stops and closes the publisher (its threads end with it). */
    @Override
    public void close() {
        stop();
        publisher.close();
    }
}
