package org.iocity.api.live;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The messages waiting for one slow client: at most one per key (a later message for a key replaces the earlier one
 * in its place, so each segment shows its latest state and the queue is bounded by the number of keys), handed out
 * oldest key first. It remembers since when it has been non-empty, so a client that never catches up can be told
 * apart from one that is briefly behind. Not thread-safe: one event loop owns it.
 */
public final class CoalescingQueue<K, V> {
    private final LinkedHashMap<K, V> pending = new LinkedHashMap<>();
    private long pendingSinceNanos;
    private long coalesced;

    /** Queues {@code value} under {@code key}, replacing a pending value of the same key. */
    public void offer(K key, V value, long nowNanos) {
        if (pending.isEmpty()) pendingSinceNanos = nowNanos;
        if (pending.put(key, value) != null) coalesced++;
    }

    /**
     * Drops the pending values whose key matches {@code superseded} and queues {@code value} last: for a message that
     * makes those obsolete (a full snapshot of a channel), so nothing older than it is sent after it.
     */
    public void supersede(Predicate<K> superseded, K key, V value, long nowNanos) {
        if (pending.isEmpty()) pendingSinceNanos = nowNanos;
        int before = pending.size();
        pending.keySet().removeIf(k -> superseded.test(k) || k.equals(key));
        coalesced += before - pending.size();
        pending.put(key, value);
    }

    /** The oldest pending value, or null. */
    public V poll() {
        Iterator<Map.Entry<K, V>> it = pending.entrySet().iterator();
        if (!it.hasNext()) return null;
        V v = it.next().getValue();
        it.remove();
        return v;
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    public int size() {
        return pending.size();
    }

    /** Messages replaced before they were sent. */
    public long coalesced() {
        return coalesced;
    }

    /** How long values have been waiting without the queue ever emptying; zero when empty. */
    public long backlogNanos(long nowNanos) {
        return pending.isEmpty() ? 0 : nowNanos - pendingSinceNanos;
    }

    /** True when the queue holds more than {@code maxSize} keys, or has not emptied for longer than {@code maxLagNanos}. */
    public boolean hopeless(long nowNanos, int maxSize, long maxLagNanos) {
        return pending.size() > maxSize || backlogNanos(nowNanos) > maxLagNanos;
    }
}
