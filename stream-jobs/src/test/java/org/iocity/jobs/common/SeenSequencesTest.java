package org.iocity.jobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.iocity.jobs.common.SeenSequences.Outcome;
import org.junit.jupiter.api.Test;

/** What a sequence number is against those a device sent before: first, a repeat, a restart, or too old to tell. */
class SeenSequencesTest {

    static List<Outcome> observe(SeenSequences s, long... seqAndTime) {
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < seqAndTime.length; i += 2) out.add(s.observe(seqAndTime[i], seqAndTime[i + 1]));
        return out;
    }

    @Test
    void repeatsAreTellingFromFirstsAlsoOutOfOrder() {
        SeenSequences s = SeenSequences.first(1, 10);
        // 3 before 2, then both again, then 4
        assertEquals(List.of(Outcome.FIRST, Outcome.FIRST, Outcome.REPEATED, Outcome.REPEATED, Outcome.REPEATED,
                Outcome.FIRST), observe(s, 3, 30, 2, 20, 2, 20, 3, 30, 1, 10, 4, 40));
        assertEquals(4, s.highest);
    }

    @Test
    void aJumpForgetsTheNumbersItSkippedSoTheyCountAsFirstWhenTheyCome() {
        SeenSequences s = SeenSequences.first(5, 50);
        // the ring slot of 5 + WINDOW is the slot of 5: the jump must clear it
        long far = 5 + SeenSequences.WINDOW;
        assertEquals(List.of(Outcome.FIRST, Outcome.FIRST, Outcome.FIRST, Outcome.REPEATED),
                observe(s, far, 90, far - 1, 89, far - 2, 88, far - 1, 89));
        // 5 itself is now WINDOW below the highest: it cannot be told apart any more
        assertEquals(Outcome.TOO_OLD_TO_CHECK, s.observe(5, 50));
        // a jump within the window clears only the numbers skipped
        SeenSequences t = SeenSequences.first(10, 100);
        assertEquals(List.of(Outcome.FIRST, Outcome.REPEATED, Outcome.FIRST), observe(t, 20, 200, 10, 100, 15, 150));
        // a jump of more than a window clears everything
        assertEquals(List.of(Outcome.FIRST, Outcome.FIRST), observe(t, 20 + 3L * SeenSequences.WINDOW, 900,
                20 + 3L * SeenSequences.WINDOW - 1, 899));
    }

    @Test
    void aLowerNumberWithANewerEventTimeIsARestartedCounter() {
        SeenSequences s = SeenSequences.first(500, 5_000);
        assertEquals(List.of(Outcome.RESTARTED, Outcome.FIRST, Outcome.REPEATED), observe(s, 1, 6_000, 2, 6_010, 1, 6_000));
        assertEquals(2, s.highest);
        // a copy of an old message (older event time) is still a repeat, not a restart
        assertEquals(Outcome.REPEATED, s.observe(2, 6_010));
        // far below, newer: a restart too; far below, older: too old to check
        SeenSequences u = SeenSequences.first(5_000, 50_000);
        assertEquals(Outcome.TOO_OLD_TO_CHECK, u.observe(3, 30));
        assertEquals(Outcome.RESTARTED, u.observe(3, 60_000));
    }

    @Test
    void isRepeatTellsWhatObserveWouldCallARepeatAndRecordsNothing() {
        SeenSequences s = SeenSequences.first(10, 100);
        s.observe(12, 120);
        assertEquals(List.of(true, true, false, false, false, false), List.of(s.isRepeat(12, 120), s.isRepeat(10, 100),
                s.isRepeat(11, 110), s.isRepeat(13, 130), s.isRepeat(12, 999), s.isRepeat(12 - SeenSequences.WINDOW, 1)));
        assertEquals(Outcome.FIRST, s.observe(11, 110), "asking did not record 11");
        assertEquals(12, s.highest);
    }
}
