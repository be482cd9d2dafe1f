package org.iocity.ingest;

import static org.iocity.ingest.SequenceTracker.Outcome.DUPLICATE;
import static org.iocity.ingest.SequenceTracker.Outcome.GAP;
import static org.iocity.ingest.SequenceTracker.Outcome.IN_ORDER;
import static org.iocity.ingest.SequenceTracker.Outcome.LATE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SequenceTrackerTest {
    final SequenceTracker t = new SequenceTracker();

    @Test
    void consecutiveSequenceNumbersAreInOrder() {
        assertEquals(IN_ORDER, t.observe("a", 5).outcome(), "the first one of a device");
        assertEquals(IN_ORDER, t.observe("a", 6).outcome());
        assertEquals(IN_ORDER, t.observe("b", 0).outcome(), "devices are independent");
        assertEquals(0, t.gaps("a"));
    }

    @Test
    void aJumpIsAGapCountedPerDevice() {
        t.observe("a", 1);
        SequenceTracker.Observation o = t.observe("a", 5);
        assertEquals(GAP, o.outcome());
        assertEquals(3, o.missing());
        t.observe("a", 7);
        assertEquals(4, t.gaps("a"));
        assertEquals(0, t.gaps("b"));
    }

    @Test
    void aRepeatIsADuplicateAndAMissingOneArrivingLaterIsLate() {
        t.observe("a", 1);
        t.observe("a", 2);
        t.observe("a", 4);
        assertEquals(DUPLICATE, t.observe("a", 2).outcome());
        assertEquals(DUPLICATE, t.observe("a", 4).outcome());
        assertEquals(LATE, t.observe("a", 3).outcome());
        assertEquals(DUPLICATE, t.observe("a", 3).outcome(), "once late, then a duplicate");
        assertEquals(1, t.gaps("a"), "late arrivals do not undo the gap count");
    }

    @Test
    void farBelowTheWindowCountsAsDuplicateAndABigJumpResetsTheWindow() {
        t.observe("a", 1000);
        assertEquals(DUPLICATE, t.observe("a", 1000 - SequenceTracker.WINDOW).outcome());
        assertEquals(LATE, t.observe("a", 1000 - SequenceTracker.WINDOW + 1).outcome());
        assertEquals(GAP, t.observe("a", 5000).outcome());
        assertEquals(LATE, t.observe("a", 4990).outcome());
        assertEquals(IN_ORDER, t.observe("a", 5001).outcome());
    }

    @Test
    void aReleasedSeqIsNotADuplicateWhenRedelivered() {
        t.observe("a", 1);
        t.observe("a", 2);
        t.release("a", 2);
        assertEquals(LATE, t.observe("a", 2).outcome(), "redelivered after Kafka refused it: not a duplicate");
        assertEquals(DUPLICATE, t.observe("a", 2).outcome());
    }

    @Test
    void memoryIsOneEntryPerDevice() {
        for (int d = 0; d < 100; d++) for (int s = 0; s < 100; s++) t.observe("dev-" + d, s);
        assertEquals(100, t.devices());
    }

    @Test
    void concurrentObserversCountEveryDuplicateExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicLong duplicates = new AtomicLong();
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            fs.add(pool.submit(() -> {
                for (int s = 0; s < 10_000; s++) if (t.observe("a", s).outcome() == DUPLICATE) duplicates.incrementAndGet();
            }));
        }
        for (Future<?> f : fs) f.get(30, TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals(3 * 10_000, duplicates.get(), "each seq seen 4 times: 3 duplicates each");
    }
}
