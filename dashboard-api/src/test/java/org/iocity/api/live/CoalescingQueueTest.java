package org.iocity.api.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoalescingQueueTest {
    private static final long S = 1_000_000_000L;

    private static List<String> drain(CoalescingQueue<String, String> q) {
        List<String> out = new ArrayList<>();
        for (String v = q.poll(); v != null; v = q.poll()) out.add(v);
        return out;
    }

    @Test
    void keepsOnlyTheLatestValuePerKeyInTheKeysFirstPlace() {
        CoalescingQueue<String, String> q = new CoalescingQueue<>();
        q.offer("congestion/a", "a1", 0);
        q.offer("congestion/b", "b1", 1);
        q.offer("congestion/a", "a2", 2);
        q.offer("congestion/c", "c1", 3);
        q.offer("congestion/a", "a3", 4);
        assertEquals(3, q.size());
        assertEquals(2, q.coalesced());
        assertEquals(List.of("a3", "b1", "c1"), drain(q));
        assertTrue(q.isEmpty());
        assertNull(q.poll());
    }

    @Test
    void aSnapshotSupersedesItsChannelAndGoesLast() {
        CoalescingQueue<String, String> q = new CoalescingQueue<>();
        q.offer("congestion/a", "a1", 0);
        q.offer("alerts/x", "x1", 0);
        q.offer("congestion", "snap1", 0);
        q.offer("congestion/b", "b1", 0);
        q.supersede(k -> k.startsWith("congestion/"), "congestion", "snap2", 0);
        assertEquals(List.of("x1", "snap2"), drain(q), "nothing older than the new snapshot is sent after it");
        q.offer("congestion/a", "a2", 0);
        assertEquals(List.of("a2"), drain(q));
    }

    @Test
    void backlogClockRunsUntilTheQueueEmpties() {
        CoalescingQueue<String, String> q = new CoalescingQueue<>();
        assertEquals(0, q.backlogNanos(100 * S));
        q.offer("a", "1", 10 * S);
        q.offer("b", "1", 12 * S);
        q.poll();
        assertEquals(5 * S, q.backlogNanos(15 * S), "still behind since the first offer");
        assertFalse(q.hopeless(15 * S, 10, 30 * S));
        assertTrue(q.hopeless(41 * S, 10, 30 * S), "behind for over 30 s");
        q.poll();
        assertEquals(0, q.backlogNanos(50 * S));
        q.offer("c", "1", 60 * S);
        assertFalse(q.hopeless(61 * S, 10, 30 * S), "a fresh backlog starts a fresh clock");
    }

    @Test
    void tooManyKeysIsHopelessAtOnce() {
        CoalescingQueue<String, Integer> q = new CoalescingQueue<>();
        for (int i = 0; i < 5; i++) q.offer("k" + i, i, 0);
        assertFalse(q.hopeless(0, 5, S));
        q.offer("k5", 5, 0);
        assertTrue(q.hopeless(0, 5, S));
    }
}
