package org.iocity.system.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The congestion frames a wall received, per (segment or area, window): how long after the window's end the first
 * frame came (the early, provisional result when the job sent one, else the final one) and the final one, and whether
 * the early result of a window agreed with its final (same vehicles, level of service of a segment, congestion index
 * of an area).
 */
final class WindowFrames {
    final Latencies first = new Latencies();
    final Latencies last = new Latencies();
    private final Map<String, JsonNode> early = new HashMap<>();
    private volatile long since = Long.MAX_VALUE;
    private long frames;
    private long provisional;
    private long compared;
    private long agreed;

    /** Only windows ending at or after {@code epochMillis} count (the first frame of one before may have come earlier). */
    void from(long epochMillis) {
        since = epochMillis;
    }

    /** One congestion update's properties (of segment or area {@code id}), received at {@code now} (epoch ms). */
    synchronized void add(String id, JsonNode p, long now) {
        String end = p.path("windowEnd").asText(null);
        long late = end == null ? NOT_COUNTED : lateness(end, now);
        if (late == NOT_COUNTED) return;
        String window = id + "@" + end;
        if (p.path("provisional").asBoolean(false)) {
            provisional++;
            if (early.put(window, p) == null) first.add(late); // a window sent again: its latest copy is compared
            return;
        }
        finalFrame(window, late, e -> e.path("vehicles").asLong() == p.path("vehicles").asLong()
                && e.path("los").equals(p.path("los")) && e.path("congestionIndex").equals(p.path("congestionIndex")));
    }

    synchronized long frames() {
        return frames;
    }

    /**
     * A confirmation of segment {@code id}'s window ending {@code end} (its final result had the provisional one's
     * numbers), received at {@code now}: a final frame that agreed.
     */
    synchronized void confirmed(String id, String end, long now) {
        long late = lateness(end, now);
        if (late != NOT_COUNTED) finalFrame(id + "@" + end, late, e -> true);
    }

    private static final long NOT_COUNTED = Long.MIN_VALUE;

    /** A counted frame's time after its window's end ({@code end}); NOT_COUNTED for a window that ended before the measuring. */
    private long lateness(String end, long now) {
        long endMs = Instant.parse(end).toEpochMilli();
        if (endMs < since) return NOT_COUNTED;
        frames++;
        return now - endMs;
    }

    /** A window's final frame: its latency, and whether the early frame before it ({@code agrees}) had its numbers. */
    private void finalFrame(String window, long late, Predicate<JsonNode> agrees) {
        last.add(late);
        JsonNode e = early.remove(window);
        if (e == null) {
            first.add(late);
            return;
        }
        compared++;
        if (agrees.test(e)) agreed++;
    }

    /** How many frames were provisional, and how many early results matched their final one. */
    synchronized String agreement() {
        return String.format(Locale.ROOT, "%d provisional frames; of %d windows with both, the (last) early result had the final's"
                + " vehicles and level of service (index) in %d (%.1f %%)", provisional, compared, agreed,
                compared == 0 ? 0.0 : 100.0 * agreed / compared);
    }
}
