package org.iocity.api.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.iocity.api.TestData;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.LevelOfService;
import org.junit.jupiter.api.Test;

class CongestionStateTest {
    private static final Instant T = Instant.parse("2025-07-01T01:00:00Z");
    private final Clock clock = Clock.fixed(Instant.parse("2025-07-01T01:00:07Z"), ZoneOffset.UTC);

    @Test
    void latestWindowEndWinsWhateverTheArrivalOrder() {
        CongestionState state = new CongestionState(clock);
        assertTrue(state.lastUpdate().isEmpty());
        CongestionResult newer = TestData.result("seg-le-loi-a", "ben-thanh", T.plusSeconds(60), LevelOfService.E, 12);
        CongestionResult older = TestData.result("seg-le-loi-a", "ben-thanh", T, LevelOfService.A, 33);

        assertTrue(state.update(newer));
        assertFalse(state.update(older), "an older window arriving late does not replace the newer one");
        assertEquals(newer, state.get("seg-le-loi-a").orElseThrow());

        CongestionResult newest = TestData.result("seg-le-loi-a", "ben-thanh", T.plusSeconds(120), LevelOfService.C, 20);
        assertTrue(state.update(newest));
        assertEquals(LevelOfService.C, state.get("seg-le-loi-a").orElseThrow().los());
        assertEquals(1, state.size());
        assertEquals(clock.instant(), state.lastUpdate().orElseThrow());
    }

    @Test
    void aReEmittedWindowReplacesTheEarlierCopy() {
        CongestionState state = new CongestionState(clock);
        state.update(TestData.result("seg-le-loi-a", "ben-thanh", T, LevelOfService.E, 12));
        CongestionResult again = TestData.result("seg-le-loi-a", "ben-thanh", T, LevelOfService.D, 15);
        assertTrue(state.update(again));
        assertEquals(again, state.get("seg-le-loi-a").orElseThrow());
    }

    @Test
    void aFinalResultReplacesTheProvisionalOneOfItsWindowAndNeverTheOtherWayRound() {
        CongestionState state = new CongestionState(clock);
        CongestionResult early = TestData.result("seg-le-loi-a", "ben-thanh", T, LevelOfService.E, 12);
        assertTrue(state.update(early, true));
        assertTrue(state.provisional("seg-le-loi-a"));
        assertTrue(state.update(early, true), "a re-sent early copy replaces the provisional one");

        CongestionResult last = TestData.result("seg-le-loi-a", "ben-thanh", T, LevelOfService.D, 15);
        assertTrue(state.update(last));
        assertFalse(state.provisional("seg-le-loi-a"));
        assertFalse(state.update(early, true), "an early copy arriving after the final one of its window");
        assertEquals(last, state.get("seg-le-loi-a").orElseThrow());

        CongestionResult next = TestData.result("seg-le-loi-a", "ben-thanh", T.plusSeconds(30), LevelOfService.F, 4);
        assertTrue(state.update(next, true), "the next window's early result replaces the last final one");
        assertTrue(state.provisional("seg-le-loi-a"));
        assertFalse(state.update(last), "an older final window does not come back");
        assertFalse(state.provisional("nowhere"));
    }

    @Test
    void aFinalResultWithTheProvisionalNumbersOnlyConfirmsIt() {
        CongestionState state = new CongestionState(clock);
        CongestionResult r = TestData.result("seg-le-loi-a", "ben-thanh", T, LevelOfService.E, 12);
        assertEquals(CongestionState.Change.NEW, state.offer(r, true));
        assertEquals(CongestionState.Change.CONFIRMED, state.offer(r, false));
        assertFalse(state.provisional("seg-le-loi-a"));
        assertEquals(CongestionState.Change.NEW, state.offer(r, false), "a re-emitted final window is pushed whole");
        assertEquals(CongestionState.Change.NONE, state.offer(r, true));
    }

    @Test
    void keepsOneResultPerSegmentSortedById() {
        CongestionState state = new CongestionState(clock);
        state.update(TestData.result("seg-nguyen-hue-a", "sai-gon", T, LevelOfService.B, 28));
        state.update(TestData.result("seg-le-loi-a", "ben-thanh", T.plusSeconds(30), LevelOfService.F, 4));
        state.update(TestData.result("seg-ham-nghi-a", "ben-thanh", T, LevelOfService.A, 38));
        assertEquals(List.of("seg-ham-nghi-a", "seg-le-loi-a", "seg-nguyen-hue-a"),
                state.all().stream().map(CongestionResult::segmentId).toList());
        assertEquals(T.plusSeconds(30), state.latestWindowEnd().orElseThrow());
    }

    @Test
    void refusesResultsWithoutKeyFields() {
        CongestionState state = new CongestionState();
        assertThrows(IllegalArgumentException.class, () -> state.update(TestData.result(null, "w", T, LevelOfService.A, 1)));
    }
}
