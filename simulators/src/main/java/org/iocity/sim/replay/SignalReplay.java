package org.iocity.sim.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.records.Json;
import org.iocity.sim.MessagePublisher;

/**
 * A hi-res log cut into what its controllers would have sent: each device's events in time order, in batches of
 * the events of one batch window (10 s, on the clock: 08:00:00-08:00:10, ...), with a per-device {@code seq} from 1
 * and the batch {@code ts} the time of its last event; a window with more events than a message may hold is cut
 * into several batches. The batches of every device are published interleaved in time order, as live controllers
 * would publish them.
 */
public final class SignalReplay {
    /** The longest event as JSON ({@code {"ts":<13 digits>,"code":65535,"param":65535},}) and the envelope around them. */
    static final int EVENT_BYTES = 48, ENVELOPE_BYTES = 200;

    /** One message as a controller sends it on {@code ioc/v1/signal/{device}/events}. */
    public record Batch(String device, long seq, Instant ts, List<HiResLog.Event> events) {
        public String topic() {
            return "ioc/v1/signal/" + device + "/events";
        }

        public byte[] json() {
            List<Event> e = events.stream().map(x -> new Event(x.ts().toEpochMilli(), x.code(), x.param())).toList();
            return Json.toBytes(new Message(DeviceContract.SCHEMA_VERSION, device, seq, ts.toEpochMilli(), e));
        }
    }

    record Event(long ts, int code, int param) {}

    record Message(int v, String deviceId, long seq, long ts, List<Event> events) {}

    /** What one device sent. */
    public record DeviceSummary(String device, long batches, long events, Instant first, Instant last, long vendorEvents) {}

    private SignalReplay() {}

    /**
     * Cuts the events (any order; {@code rename} maps a log's device id to the registry's, the others keep theirs)
     * into batches, in publishing order.
     *
     * @param maxPayloadBytes the gateway's payload limit ({@code ingest.max.payload.bytes}); no batch is larger
     */
    public static List<Batch> batches(List<HiResLog.Event> events, Map<String, String> rename, Duration window,
                                      int maxPayloadBytes) {
        int maxEvents = Math.max(1, Math.min(DeviceContract.MAX_EVENTS, (maxPayloadBytes - ENVELOPE_BYTES) / EVENT_BYTES));
        long windowMs = window.toMillis();
        Map<String, List<HiResLog.Event>> byDevice = new TreeMap<>();
        for (HiResLog.Event e : events) byDevice.computeIfAbsent(rename.getOrDefault(e.device(), e.device()), d -> new ArrayList<>()).add(e);
        List<Batch> out = new ArrayList<>();
        for (Map.Entry<String, List<HiResLog.Event>> d : byDevice.entrySet()) {
            List<HiResLog.Event> log = new ArrayList<>(d.getValue());
            log.sort(Comparator.comparing(HiResLog.Event::ts)); // stable: equal times keep the log's order
            long seq = 0;
            List<HiResLog.Event> open = new ArrayList<>();
            long openWindow = Long.MIN_VALUE;
            for (HiResLog.Event e : log) {
                long w = Math.floorDiv(e.ts().toEpochMilli(), windowMs);
                if (!open.isEmpty() && (w != openWindow || open.size() == maxEvents)) {
                    out.add(batch(d.getKey(), ++seq, open));
                    open = new ArrayList<>();
                }
                openWindow = w;
                open.add(e);
            }
            if (!open.isEmpty()) out.add(batch(d.getKey(), ++seq, open));
        }
        out.sort(Comparator.comparing(Batch::ts).thenComparing(Batch::device).thenComparingLong(Batch::seq));
        return out;
    }

    private static Batch batch(String device, long seq, List<HiResLog.Event> events) {
        return new Batch(device, seq, events.get(events.size() - 1).ts(), List.copyOf(events));
    }

    /** Per device, in device order. */
    public static List<DeviceSummary> summary(List<Batch> batches) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Instant[]> span = new LinkedHashMap<>();
        for (Batch b : batches) {
            long[] c = counts.computeIfAbsent(b.device(), d -> new long[3]);
            c[0]++;
            c[1] += b.events().size();
            c[2] += b.events().stream().filter(e -> !DeviceContract.isIndianaCode(e.code())).count();
            Instant[] s = span.computeIfAbsent(b.device(), d -> new Instant[] {b.events().get(0).ts(), b.ts()});
            if (b.events().get(0).ts().isBefore(s[0])) s[0] = b.events().get(0).ts();
            if (b.ts().isAfter(s[1])) s[1] = b.ts();
        }
        return counts.entrySet().stream().map(e -> new DeviceSummary(e.getKey(), e.getValue()[0], e.getValue()[1],
                span.get(e.getKey())[0], span.get(e.getKey())[1], e.getValue()[2])).toList();
    }

    /**
     * Publishes the batches in order, at most {@code batchesPerSecond} a second (0: as fast as the publisher takes
     * them); returns how many the publisher took.
     */
    public static long publish(List<Batch> batches, MessagePublisher publisher, double batchesPerSecond) {
        long start = System.nanoTime();
        long taken = 0;
        for (int i = 0; i < batches.size(); i++) {
            if (batchesPerSecond > 0) {
                long due = start + (long) (i * 1e9 / batchesPerSecond);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) LockSupport.parkNanos(wait);
            }
            Batch b = batches.get(i);
            if (publisher.publish(b.topic(), b.json(), false)) taken++;
        }
        return taken;
    }
}
