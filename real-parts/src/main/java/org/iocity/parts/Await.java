package org.iocity.parts;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Waiting on a condition with a deadline: never a bare sleep. */
public final class Await {
    private Await() {}

    /** Polls {@code condition} every 50 ms until it holds; fails with {@code what} when {@code timeout} passes. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        value(timeout, what, () -> condition.getAsBoolean() ? Boolean.TRUE : null, v -> v);
    }

    /**
     * Polls {@code supplier} until its value passes {@code accept}, and returns that value. Exceptions and failed
     * assertions in the supplier (a status asserted on the way, a 404 until the data is there) count as "not yet", and
     * the last one is attached to the failure.
     */
    public static <T> T value(Duration timeout, String what, Callable<T> supplier, Predicate<T> accept) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        T lastValue = null;
        while (true) {
            try {
                lastValue = supplier.call();
                if (lastValue != null && accept.test(lastValue)) return lastValue;
            } catch (Exception | AssertionError e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError err = new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (lastValue == null ? "" : "; last value: " + lastValue));
                if (last != null) err.initCause(last);
                throw err;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }
}
