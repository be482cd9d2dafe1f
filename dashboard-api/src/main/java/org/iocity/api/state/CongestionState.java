package org.iocity.api.state;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.iocity.model.records.CongestionResult;

/**
 * The live congestion picture: the latest result of every segment, the latest being the one with the greatest
 * {@code windowEnd}. A window's result is final (from {@code ioc.congestion}) or provisional (sent early, at the
 * window's end, from {@code ioc.congestion.live}): for the same window a final result replaces a provisional one and
 * a provisional one never replaces a final one; otherwise a tie goes to the later arrival, so a re-emitted window
 * replaces the earlier copy. Thread-safe; in the service it is fed on the event loop.
 */
public final class CongestionState {
    private record Held(CongestionResult result, boolean provisional) {}

    private final ConcurrentHashMap<String, Held> latest = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastUpdate = new AtomicReference<>();
    private final Clock clock;

    public CongestionState() {
        this(Clock.systemUTC());
    }

    public CongestionState(Clock clock) {
        this.clock = clock;
    }

    /** What offering a result changed, and so what subscribers should get. */
    public enum Change {
        /** Nothing: an older window, or a provisional copy of a window already final. */
        NONE,
        /** The segment's latest result is new or has new numbers: push the whole result. */
        NEW,
        /** The final result of the window held as provisional, with the same numbers: only say it is final now. */
        CONFIRMED
    }

    /** Offers a final result; true when it became the segment's latest (then it should be pushed to subscribers). */
    public boolean update(CongestionResult r) {
        return update(r, false);
    }

    /** Offers a final or a provisional result; true when it became the segment's latest. */
    public boolean update(CongestionResult r, boolean provisional) {
        return offer(r, provisional) != Change.NONE;
    }

    /** Offers a final or a provisional result; says what changed. */
    public Change offer(CongestionResult r, boolean provisional) {
        if (r == null || r.segmentId() == null || r.windowEnd() == null) {
            throw new IllegalArgumentException("a congestion result needs segmentId and windowEnd");
        }
        Change[] change = {Change.NONE};
        latest.compute(r.segmentId(), (id, old) -> {
            if (old == null || Provisional.replaces(r.windowEnd(), provisional, old.result().windowEnd(), old.provisional())) {
                change[0] = old != null && old.provisional() && !provisional && old.result().equals(r)
                        ? Change.CONFIRMED : Change.NEW;
                return new Held(r, provisional);
            }
            return old;
        });
        if (change[0] != Change.NONE) lastUpdate.set(clock.instant());
        return change[0];
    }

    public Optional<CongestionResult> get(String segmentId) {
        return Optional.ofNullable(latest.get(segmentId)).map(Held::result);
    }

    /** Whether the segment's latest result is provisional (sent early, its final result not here yet). */
    public boolean provisional(String segmentId) {
        Held h = latest.get(segmentId);
        return h != null && h.provisional();
    }

    /** Every segment's latest result, by segment id. */
    public List<CongestionResult> all() {
        return latest.values().stream().map(Held::result).sorted(Comparator.comparing(CongestionResult::segmentId)).toList();
    }

    public int size() {
        return latest.size();
    }

    /** When a result was last accepted (wall clock), or empty before the first one. */
    public Optional<Instant> lastUpdate() {
        return Optional.ofNullable(lastUpdate.get());
    }

    /** The greatest window end held, or empty. */
    public Optional<Instant> latestWindowEnd() {
        return latest.values().stream().map(h -> h.result().windowEnd()).max(Comparator.naturalOrder());
    }
}
