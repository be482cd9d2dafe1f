package org.iocity.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-device sequence numbers: which messages are duplicates, which arrive late, and how many are missing (gaps).
 * Framework-free and thread-safe. Memory is bounded: per device the highest {@code seq} seen, a 64-bit window of the
 * sequence numbers just below it that were seen, and the device's gap count (three longs). Only messages that passed
 * validation are tracked, so the number of devices is bounded by the registry.
 *
 * <p>A {@code seq} more than {@value #WINDOW} below the highest one cannot be told apart and counts as a duplicate.
 */
public final class SequenceTracker {
    public static final int WINDOW = 64;

    public enum Outcome {
        /** The first message of a device, or exactly the next one. */
        IN_ORDER,
        /** Ahead of the next one: {@link Observation#missing()} messages were skipped. */
        GAP,
        /** Below the highest seen, not seen before: it fills part of an earlier gap. */
        LATE,
        /** Seen before (or too old to tell). */
        DUPLICATE
    }

    /** @param missing how many sequence numbers this message skipped (only for {@link Outcome#GAP}) */
    public record Observation(Outcome outcome, long missing) {}

    private static final int MAX = 0, SEEN = 1, GAPS = 2;
    private final Map<String, long[]> devices = new ConcurrentHashMap<>();

    /** Records {@code seq} of {@code device} and says what it was. */
    public Observation observe(String device, long seq) {
        Observation[] out = new Observation[1];
        devices.compute(device, (k, s) -> {
            if (s == null) {
                out[0] = new Observation(Outcome.IN_ORDER, 0);
                return new long[] {seq, 1L, 0};
            }
            if (seq > s[MAX]) {
                long shift = seq - s[MAX];
                long missing = shift - 1;
                s[SEEN] = shift >= WINDOW ? 1L : (s[SEEN] << shift) | 1L;
                s[MAX] = seq;
                s[GAPS] += missing;
                out[0] = new Observation(missing > 0 ? Outcome.GAP : Outcome.IN_ORDER, missing);
                return s;
            }
            long back = s[MAX] - seq;
            if (back >= WINDOW || (s[SEEN] & (1L << back)) != 0) {
                out[0] = new Observation(Outcome.DUPLICATE, 0);
            } else {
                s[SEEN] |= 1L << back;
                out[0] = new Observation(Outcome.LATE, 0);
            }
            return s;
        });
        return out[0];
    }

    /**
     * Forgets that {@code seq} was seen (its record never reached Kafka), so its redelivery is not taken for a
     * duplicate. Only within the window below the highest seq.
     */
    public void release(String device, long seq) {
        devices.computeIfPresent(device, (k, s) -> {
            long back = s[MAX] - seq;
            if (back >= 0 && back < WINDOW) s[SEEN] &= ~(1L << back);
            return s;
        });
    }

    /** Sequence numbers skipped by {@code device} so far (late arrivals do not reduce it). */
    public long gaps(String device) {
        long[] s = devices.get(device);
        return s == null ? 0 : s[GAPS];
    }

    /** How many devices are tracked. */
    public int devices() {
        return devices.size();
    }
}
