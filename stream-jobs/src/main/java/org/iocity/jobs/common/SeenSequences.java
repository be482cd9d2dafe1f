package org.iocity.jobs.common;

/**
 * The sequence numbers one device sent lately, as state of {@link FirstCopies}: the highest one, the
 * event time it carried, and which of the {@link #WINDOW} numbers up to it were seen (a ring of bits indexed by
 * {@code seq mod WINDOW}). 128 bytes of bits per device, whatever its rate. A POJO (public fields), so no Kryo.
 */
public final class SeenSequences {
    /** How many sequence numbers below the highest one are remembered. */
    public static final int WINDOW = 1024;

    /** What a record's sequence number is, against those seen before. */
    public enum Outcome {
        /** Not seen before: pass it on. */
        FIRST,
        /** Seen before: a redelivered copy (MQTT after a crash, a replay). */
        REPEATED,
        /** At or below the highest one but newer in event time: the device restarted its counter; state starts afresh. */
        RESTARTED,
        /** More than {@link #WINDOW} below the highest one and not newer: cannot tell, passed on. */
        TOO_OLD_TO_CHECK
    }

    public long highest;
    public long highestEventTime;
    public long[] bits;

    public SeenSequences() {}

    /** State holding just {@code seq}, sent at {@code eventTimeMillis}. */
    public static SeenSequences first(long seq, long eventTimeMillis) {
        SeenSequences s = new SeenSequences();
        s.bits = new long[WINDOW / Long.SIZE];
        s.highest = seq;
        s.highestEventTime = eventTimeMillis;
        s.mark(seq);
        return s;
    }

    /** Classifies {@code seq} sent at {@code eventTimeMillis} and records it (the caller writes the state back). */
    public Outcome observe(long seq, long eventTimeMillis) {
        if (seq > highest) {
            if (seq - highest >= WINDOW) {
                java.util.Arrays.fill(bits, 0L);
            } else {
                for (long s = highest + 1; s < seq; s++) clear(s);
            }
            highest = seq;
            highestEventTime = eventTimeMillis;
            mark(seq);
            return Outcome.FIRST;
        }
        if (eventTimeMillis > highestEventTime) {
            java.util.Arrays.fill(bits, 0L);
            highest = seq;
            highestEventTime = eventTimeMillis;
            mark(seq);
            return Outcome.RESTARTED;
        }
        if (highest - seq >= WINDOW) return Outcome.TOO_OLD_TO_CHECK;
        if (marked(seq)) return Outcome.REPEATED;
        mark(seq);
        return Outcome.FIRST;
    }

    /** Whether {@link #observe} would call {@code seq} at {@code eventTimeMillis} {@link Outcome#REPEATED}; records nothing. */
    public boolean isRepeat(long seq, long eventTimeMillis) {
        return seq <= highest && eventTimeMillis <= highestEventTime && highest - seq < WINDOW && marked(seq);
    }

    private int index(long seq) {
        return (int) Math.floorMod(seq, (long) WINDOW);
    }

    private void mark(long seq) {
        int i = index(seq);
        bits[i >>> 6] |= 1L << (i & 63);
    }

    private void clear(long seq) {
        int i = index(seq);
        bits[i >>> 6] &= ~(1L << (i & 63));
    }

    private boolean marked(long seq) {
        int i = index(seq);
        return (bits[i >>> 6] & (1L << (i & 63))) != 0;
    }
}
