package org.iocity.api.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    final AtomicLong now = new AtomicLong(5_000_000_000L);
    final RateLimiter limiter = new RateLimiter(3, now::get);

    @Test
    void aBurstOfPerMinuteThenWaitUntilOneIsRefilled() {
        for (int i = 0; i < 3; i++) assertEquals(0, limiter.acquire("a"), "request " + i);
        assertEquals(20, limiter.acquire("a"), "3 a minute: the next in 20 s");
        now.addAndGet(19_000_000_000L);
        assertEquals(1, limiter.acquire("a"));
        now.addAndGet(1_000_000_000L);
        assertEquals(0, limiter.acquire("a"));
        assertEquals(20, limiter.acquire("a"));
    }

    @Test
    void eachKeyHasItsOwnBucketAndAnIdleOneRefillsOnlyToTheBurst() {
        for (int i = 0; i < 3; i++) limiter.acquire("a");
        assertEquals(0, limiter.acquire("b"));
        now.addAndGet(3_600_000_000_000L);
        for (int i = 0; i < 3; i++) assertEquals(0, limiter.acquire("a"));
        assertEquals(20, limiter.acquire("a"));
    }
}
