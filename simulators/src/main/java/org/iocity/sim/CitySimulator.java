package org.iocity.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several device streams (cameras, signal controllers, sensors) on one simulated clock, each at its own interval, with
 * device behaviour: a retained {@code online} status per device at the start and {@code offline} at a clean stop,
 * occasional duplicates, late (held back, so out of order) messages, and devices that go silent. Sequence numbers are
 * per device and stream, +1 per message, and a number is spent even when the hand-over fails.
 */
public final class CitySimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CitySimulator.class);

    /** One message of a device. */
    public record Outgoing(String deviceId, String topic, byte[] payload) {}

    /** A kind of device that sends a round of messages every {@link #intervalSec()} simulated seconds. */
    public interface DeviceStream {
        String name();

        int intervalSec();

        /** The devices of the stream, with their type as the status topic names it. */
        List<Registry.Device> devices();

        /** The messages of every device for the round ending at {@code eventTime}, skipping {@code silent} ones. */
        List<Outgoing> round(Instant eventTime, java.util.function.Predicate<String> silent);

        /** The stream's own summary when it does not send over MQTT; null to count its messages. */
        default String summary() {
            return null;
        }
    }

    /**
     * How devices misbehave. Chances are per message.
     *
     * @param duplicates chance that a message is sent twice
     * @param late chance that a message is held back and sent after the stream's next round (late, out of order)
     * @param silentFrom devices that stop sending (and whose status turns offline) from the given event time
     */
    public record Faults(double duplicates, double late, Map<String, Instant> silentFrom) {
        public Faults {
            if (!(duplicates >= 0 && duplicates <= 1)) throw new IllegalArgumentException("duplicates must be 0..1, was " + duplicates);
            if (!(late >= 0 && late <= 1)) throw new IllegalArgumentException("late must be 0..1, was " + late);
            silentFrom = Map.copyOf(silentFrom);
        }

        public static Faults none() {
            return new Faults(0, 0, Map.of());
        }
    }

    /** Counters of one stream. */
    static final class Counts {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong late = new AtomicLong();
    }

    private final List<DeviceStream> streams;
    private final MessagePublisher publisher;
    private final Faults faults;
    private final long seed;
    private final int tickSec;
    private final Map<String, Counts> counts = new LinkedHashMap<>();
    private final Map<String, List<Outgoing>> heldBack = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> statusSeq = new ConcurrentHashMap<>();
    private final Map<String, Boolean> wentSilent = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, MessagePublisher> own = new ConcurrentHashMap<>();
    private Instant firstRound;

    public CitySimulator(List<DeviceStream> streams, MessagePublisher publisher, Faults faults, long seed) {
        if (streams.isEmpty()) throw new IllegalArgumentException("no device streams to simulate");
        this.streams = List.copyOf(streams);
        this.publisher = Objects.requireNonNull(publisher);
        this.faults = Objects.requireNonNull(faults);
        this.seed = seed;
        int g = 0;
        for (DeviceStream s : streams) {
            g = gcd(g, s.intervalSec());
            counts.put(s.name(), new Counts());
        }
        this.tickSec = g;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * Gives a device its own connection (e.g. an {@link MqttPublisher} whose last will is {@link #lastWill}): its
     * messages and statuses go there, and when it goes silent the connection is dropped without DISCONNECT, so the
     * broker itself publishes the offline status.
     */
    public void ownConnection(String deviceId, MessagePublisher connection) {
        own.put(deviceId, connection);
    }

    private MessagePublisher publisherFor(String deviceId) {
        return own.getOrDefault(deviceId, publisher);
    }

    /** The fixed payload of a device's last will: {@code v}, {@code deviceId}, {@code state} offline. */
    public static MqttPublisher.Will lastWill(Registry.Device d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", DeviceContract.SCHEMA_VERSION);
        m.put("deviceId", d.id());
        m.put("state", "offline");
        return new MqttPublisher.Will(statusTopic(d), Json.toBytes(m));
    }

    public static String statusTopic(Registry.Device d) {
        return Topics.MQTT_PREFIX + d.type() + "/" + d.id() + "/status";
    }

    /** The status message of a device: {@code v}, {@code deviceId}, {@code seq}, {@code ts}, {@code state}, firmware. */
    public static byte[] status(String deviceId, long seq, Instant ts, String state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", DeviceContract.SCHEMA_VERSION);
        m.put("deviceId", deviceId);
        m.put("seq", seq);
        m.put("ts", CameraMessageFactory.timestamp(ts));
        m.put("state", state);
        m.put("firmware", "ioc-sim-0.1.0");
        return Json.toBytes(m);
    }

    /** Publishes every device's retained status ({@code online} or {@code offline}) at {@code ts}. */
    public void publishStatus(String state, Instant ts) {
        for (DeviceStream s : streams) {
            for (Registry.Device d : s.devices()) {
                if ("online".equals(state) && silentAt(d.id(), ts)) continue;
                if ("offline".equals(state) && wentSilent.containsKey(d.id())) continue;
                long n = statusSeq.computeIfAbsent(d.id(), k -> new AtomicLong()).incrementAndGet();
                publisherFor(d.id()).publish(statusTopic(d), status(d.id(), n, ts, state), true);
            }
        }
    }

    private boolean silentAt(String deviceId, Instant t) {
        Instant from = faults.silentFrom().get(deviceId);
        return from != null && !t.isBefore(from);
    }

    /**
     * The round with event time {@code eventTime}: every stream due then sends, held-back messages of the stream's
     * previous round follow its new ones; returns the messages handed over or refused.
     */
    public synchronized long round(Instant eventTime, long maxMessages) {
        if (firstRound == null) firstRound = eventTime;
        long elapsed = Duration.between(firstRound, eventTime).toSeconds();
        long made = 0;
        for (DeviceStream s : streams) {
            if (elapsed % s.intervalSec() != 0) continue;
            Counts c = counts.get(s.name());
            goneSilent(s, eventTime);
            List<Outgoing> previous = heldBack.remove(s.name());
            List<Outgoing> hold = new ArrayList<>();
            for (Outgoing o : s.round(eventTime, id -> silentAt(id, eventTime))) {
                if (made >= maxMessages) break;
                SplittableRandom r = SeededRandom.of(seed, o.deviceId(), eventTime.getEpochSecond(), 11);
                if (faults.late() > 0 && r.nextDouble() < faults.late()) {
                    hold.add(o);
                    c.late.incrementAndGet();
                    continue;
                }
                made += send(c, o);
                if (faults.duplicates() > 0 && r.nextDouble() < faults.duplicates()) {
                    made += send(c, o);
                    c.duplicates.incrementAndGet();
                }
            }
            if (previous != null) for (Outgoing o : previous) made += send(c, o);
            if (!hold.isEmpty()) heldBack.put(s.name(), hold);
        }
        return made;
    }

    /** Sends what is still held back (late) at the end of a run, so that late never means lost. */
    public synchronized void flushHeldBack() {
        for (DeviceStream s : streams) {
            List<Outgoing> held = heldBack.remove(s.name());
            if (held != null) for (Outgoing o : held) send(counts.get(s.name()), o);
        }
    }

    /** A device that goes silent: its status turns offline (what its last will would say) and it sends nothing more. */
    private void goneSilent(DeviceStream s, Instant eventTime) {
        for (Registry.Device d : s.devices()) {
            if (silentAt(d.id(), eventTime) && wentSilent.putIfAbsent(d.id(), true) == null) {
                if (own.get(d.id()) instanceof MqttPublisher connection) {
                    connection.awaitIdle(Duration.ofSeconds(5));
                    connection.dropWithoutDisconnect();
                } else {
                    long n = statusSeq.computeIfAbsent(d.id(), k -> new AtomicLong()).incrementAndGet();
                    publisher.publish(statusTopic(d), status(d.id(), n, eventTime, "offline"), true);
                }
                LOG.info("device {} went silent at {}", d.id(), CameraMessageFactory.timestamp(eventTime));
            }
        }
    }

    private long send(Counts c, Outgoing o) {
        if (publisherFor(o.deviceId()).publish(o.topic(), o.payload())) c.sent.incrementAndGet();
        else c.refused.incrementAndGet();
        return 1;
    }

    /** Runs at the pace of {@code plan}: statuses online, rounds until a limit or {@link #stop()}, statuses offline. */
    public CameraSimulator.RunResult run(CameraSimulator.RunPlan plan) {
        Instant start = plan.simulatedStart() != null ? plan.simulatedStart() : Instant.now();
        publishStatus("online", start);
        CameraSimulator.RunResult result = RoundRunner.run(plan, tickSec, publisher, stopped, this::round, this::summaryDetail);
        flushHeldBack();
        publishStatus("offline", result.lastEventTime() == null ? start : result.lastEventTime());
        publisher.awaitIdle(Duration.ofSeconds(10));
        return result;
    }

    /** Sent, duplicated, held back and refused per stream, e.g. {@code cameras sent 280 dup 0 late 0 refused 0}. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (DeviceStream s : streams) {
            Counts c = counts.get(s.name());
            String name = s.name();
            if (sb.length() > 0) sb.append("; ");
            if (s.summary() != null) {
                sb.append(s.summary());
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%s sent %d dup %d late %d refused %d", name, c.sent.get(),
                    c.duplicates.get(), c.late.get(), c.refused.get()));
        }
        return sb.toString();
    }

    private String summaryDetail() {
        return "; " + summary();
    }

    /** Messages handed over to the publisher by stream. */
    public Map<String, Long> sentByStream() {
        Map<String, Long> m = new LinkedHashMap<>();
        counts.forEach((k, v) -> m.put(k, v.sent.get()));
        return m;
    }

    public int tickSec() {
        return tickSec;
    }

    public MessagePublisher publisher() {
        return publisher;
    }

    public void stop() {
        stopped.countDown();
    }

    @Override
    public void close() {
        stop();
        own.values().forEach(MessagePublisher::close);
        publisher.close();
    }

    /** Per-device sequence numbers of a stream, from 1. */
    static final class Sequences {
        private final Map<String, AtomicLong> seq = new ConcurrentHashMap<>();

        long next(String deviceId) {
            return seq.computeIfAbsent(deviceId, k -> new AtomicLong()).incrementAndGet();
        }
    }

    /** Cameras: counts per interval from a traffic source. */
    public static DeviceStream cameras(List<Registry.Device> cameras, CameraMessageFactory factory, int intervalSec) {
        Sequences seq = new Sequences();
        return stream("cameras", intervalSec, cameras, (t, silent) -> {
            List<Outgoing> out = new ArrayList<>();
            for (Registry.Device c : cameras) {
                if (silent.test(c.id())) continue;
                out.add(new Outgoing(c.id(), CameraMessageFactory.topic(c), factory.payload(c, seq.next(c.id()), t, intervalSec)));
            }
            return out;
        });
    }

    /** Signal controllers: a batch of the hi-res events since the last one, when there are any. */
    public static DeviceStream signals(List<Registry.Device> devices, Function<Registry.Device, SignalController> controllers,
                                       int batchSec) {
        Sequences seq = new Sequences();
        Map<String, SignalController> byId = new LinkedHashMap<>();
        for (Registry.Device d : devices) byId.put(d.id(), controllers.apply(d));
        return new SignalStream(devices, byId, batchSec, seq);
    }

    /** The signal stream, which also takes plans for its controllers. */
    public static final class SignalStream implements DeviceStream {
        private final List<Registry.Device> devices;
        private final Map<String, SignalController> controllers;
        private final int batchSec;
        private final Sequences seq;

        SignalStream(List<Registry.Device> devices, Map<String, SignalController> controllers, int batchSec, Sequences seq) {
            this.devices = List.copyOf(devices);
            this.controllers = controllers;
            this.batchSec = batchSec;
            this.seq = seq;
        }

        @Override
        public String name() {
            return "signals";
        }

        @Override
        public int intervalSec() {
            return batchSec;
        }

        @Override
        public List<Registry.Device> devices() {
            return devices;
        }

        public SignalController controller(String id) {
            return controllers.get(id);
        }

        @Override
        public List<Outgoing> round(Instant t, java.util.function.Predicate<String> silent) {
            List<Outgoing> out = new ArrayList<>();
            for (Registry.Device d : devices) {
                var events = controllers.get(d.id()).advanceTo(t);
                if (events.isEmpty() || silent.test(d.id())) continue;
                out.add(new Outgoing(d.id(), "ioc/v1/signal/" + d.id() + "/events",
                        Json.toBytes(SignalMessage.of(d.id(), seq.next(d.id()), t, events))));
            }
            return out;
        }

        /**
         * A plan from {@code ioc/v1/signal/{id}/plan/set}: the controller takes it from its next cycle boundary at or
         * after {@code effectiveAt}. Returns a one-line reason when it is refused (unknown controller, bad plan).
         */
        public String onPlan(String topic, byte[] payload) {
            String[] parts = topic.split("/");
            String id = parts.length == 6 ? parts[3] : "?";
            SignalController c = controllers.get(id);
            if (c == null) return "no simulated controller " + id;
            try {
                SignalController.Plan plan = SignalController.Plan.parse(payload);
                c.setPlan(plan);
                LOG.info("controller {} takes plan {} (cycle {} s, offset {} s) from {}", id, plan.planNumber(),
                        plan.cycleSec(), plan.offsetSec(), CameraMessageFactory.timestamp(plan.effectiveAt()));
                return null;
            } catch (IllegalArgumentException e) {
                LOG.warn("controller {} refused a plan: {}", id, e.getMessage());
                return e.getMessage();
            }
        }
    }

    /** Air, water and noise sensors: one message per measure per interval. */
    public static DeviceStream sensors(List<Registry.Device> sensors, EnvironmentModel env, int intervalSec) {
        Sequences seq = new Sequences();
        return stream("sensors", intervalSec, sensors, (t, silent) -> {
            List<Outgoing> out = new ArrayList<>();
            for (Registry.Device d : sensors) {
                if (silent.test(d.id()) || d.measures() == null) continue;
                for (String kind : d.measures()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("v", DeviceContract.SCHEMA_VERSION);
                    m.put("deviceId", d.id());
                    m.put("seq", seq.next(d.id() + "/" + kind));
                    m.put("ts", CameraMessageFactory.timestamp(t));
                    switch (kind) {
                        case "air" -> {
                            EnvironmentModel.Air a = env.air(d.id(), t);
                            m.put("pm25", a.pm25());
                            m.put("pm10", a.pm10());
                            m.put("no2", a.no2());
                        }
                        case "water" -> m.put("waterLevelCm", env.waterLevelCm(d.id(), t));
                        default -> m.put("laeq", env.noiseLaeq(d.id(), t));
                    }
                    out.add(new Outgoing(d.id(), "ioc/v1/sensor/" + d.id() + "/" + kind, Json.toBytes(m)));
                }
            }
            return out;
        });
    }

    private interface RoundFn {
        List<Outgoing> round(Instant t, java.util.function.Predicate<String> silent);
    }

    private static DeviceStream stream(String name, int intervalSec, List<Registry.Device> devices, RoundFn fn) {
        if (intervalSec < 1) throw new IllegalArgumentException(name + " interval must be at least 1 s");
        List<Registry.Device> copy = List.copyOf(devices);
        return new DeviceStream() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int intervalSec() {
                return intervalSec;
            }

            @Override
            public List<Registry.Device> devices() {
                return copy;
            }

            @Override
            public List<Outgoing> round(Instant t, java.util.function.Predicate<String> silent) {
                return fn.round(t, silent);
            }
        };
    }
}
