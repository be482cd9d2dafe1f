package org.iocity.api.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests per token: a token bucket per key holding at most {@code perMinute} requests, refilled at
 * {@code perMinute} a minute. Keys are the principals of the tokens file, a fixed set.
 */
public final class RateLimiter {
    private static final long MINUTE_NANOS = 60_000_000_000L;
    private final long perMinute;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Units of 1/perMinute of a request, so that refill is exact integer arithmetic. */
    private static final class Bucket {
        long tokensNanos;
        long at;
    }

    public RateLimiter(int perMinute, LongSupplier nanoTime) {
        this.perMinute = perMinute;
        this.nanoTime = nanoTime;
    }

    /** Takes one request from {@code key}'s bucket: 0 when allowed, else the whole seconds to wait before the next. */
    public long acquire(String key) {
        long now = nanoTime.getAsLong();
        long full = perMinute * MINUTE_NANOS;
        Bucket b = buckets.computeIfAbsent(key, k -> {
            Bucket n = new Bucket();
            n.tokensNanos = full;
            n.at = now;
            return n;
        });
        synchronized (b) {
            // each elapsed nanosecond adds perMinute units; one request costs MINUTE_NANOS units
            long elapsed = Math.max(0, now - b.at);
            b.tokensNanos = elapsed >= MINUTE_NANOS ? full : Math.min(full, b.tokensNanos + elapsed * perMinute);
            b.at = now;
            if (b.tokensNanos >= MINUTE_NANOS) {
                b.tokensNanos -= MINUTE_NANOS;
                return 0;
            }
            long missing = MINUTE_NANOS - b.tokensNanos;
            long waitNanos = (missing + perMinute - 1) / perMinute;
            return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        }
    }
}
