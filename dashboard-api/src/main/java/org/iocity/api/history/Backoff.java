package org.iocity.api.history;

import java.time.Duration;

/** Exponential back-off: {@code initial}, twice that, four times … never above {@code max}. */
public record Backoff(Duration initial, Duration max) {

    /** The wait before retry number {@code attempt} (0 for the first retry). */
    Duration delay(int attempt) {
        Duration d = initial;
        for (int i = 0; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
