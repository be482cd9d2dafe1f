package org.iocity.jobs.citizen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.iocity.model.registry.WorkingCalendar;
import org.junit.jupiter.api.Test;

/** Folding a case's events, on time against the deadline, due times in working days; hand-computed. */
class CaseSnapshotTest {
    static final WorkingCalendar VN = WorkingCalendar.load(Path.of("../config/holidays-vn.json"));

    static long ms(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    static CaseEvent complaint(String id, String eventId, String type, String at, String due) {
        return new CaseEvent(CaseEvent.COMPLAINT, id, eventId, type, ms(at), due == null ? null : ms(due), "environment",
                "ward-1", CaseEvent.RESOLVED.equals(type) ? "agency-1" : null);
    }

    @Test
    void resolvedOneSecondBeforeTheDeadlineIsOnTimeAndOneSecondAfterIsNot() {
        String due = "2026-11-24T03:00:00Z";
        CaseSnapshot before = CaseSnapshot.of(List.of(complaint("a", "1", CaseEvent.RECEIVED, "2026-11-23T03:00:00Z", due),
                complaint("a", "2", CaseEvent.RESOLVED, "2026-11-24T02:59:59Z", null)), VN, 5);
        CaseSnapshot after = CaseSnapshot.of(List.of(complaint("a", "1", CaseEvent.RECEIVED, "2026-11-23T03:00:00Z", due),
                complaint("a", "2", CaseEvent.RESOLVED, "2026-11-24T03:00:01Z", null)), VN, 5);
        assertTrue(before.onTime());
        assertFalse(after.onTime());
        assertEquals(ms(due), before.due());
        assertEquals("agency-1", before.agency());
    }

    @Test
    void aMissingDueTimeCountsWorkingDaysAcrossTheWeekendAndNationalDay() {
        // Friday 28 Aug 2026 10:00 (+07) + 5 working days: 29-30 weekend, Mon 31 (1), 1-2 Sep National Day,
        // Thu 3 (2), Fri 4 (3), 5-6 weekend, Mon 7 (4), Tue 8 (5) -> 8 Sep 10:00 (+07)
        CaseSnapshot s = CaseSnapshot.of(List.of(complaint("a", "1", CaseEvent.RECEIVED, "2026-08-28T03:00:00Z", null)), VN, 5);
        assertEquals(ms("2026-09-08T03:00:00Z"), s.due());
        CaseSnapshot resolved = CaseSnapshot.of(List.of(complaint("a", "1", CaseEvent.RECEIVED, "2026-08-28T03:00:00Z", null),
                complaint("a", "2", CaseEvent.RESOLVED, "2026-09-08T02:59:59Z", null)), VN, 5);
        assertTrue(resolved.onTime());
        // Monday-Friday only (no holiday file) it would have been due Friday 4 Sep, and the same resolution late
        CaseSnapshot weekdays = CaseSnapshot.of(List.of(complaint("a", "1", CaseEvent.RECEIVED, "2026-08-28T03:00:00Z", null),
                complaint("a", "2", CaseEvent.RESOLVED, "2026-09-08T02:59:59Z", null)), WorkingCalendar.weekdaysOnly(), 5);
        assertEquals(ms("2026-09-04T03:00:00Z"), weekdays.due());
        assertFalse(weekdays.onTime());
    }

    @Test
    void theFoldDoesNotDependOnArrivalOrderAndAReopenUndoesTheResolution() {
        CaseEvent rec = complaint("a", "1", CaseEvent.RECEIVED, "2026-11-23T03:00:00Z", "2026-11-30T03:00:00Z");
        CaseEvent res = complaint("a", "2", CaseEvent.RESOLVED, "2026-11-24T03:00:00Z", null);
        CaseEvent reo = complaint("a", "3", CaseEvent.REOPENED, "2026-11-25T03:00:00Z", null);
        CaseSnapshot inOrder = CaseSnapshot.of(List.of(rec, res, reo), VN, 5);
        assertEquals(inOrder, CaseSnapshot.of(List.of(reo, rec, res), VN, 5));
        assertNull(inOrder.resolved());
        assertEquals(List.of(ms("2026-11-25T03:00:00Z")), inOrder.reopened());
        CaseEvent again = complaint("a", "4", CaseEvent.RESOLVED, "2026-11-26T03:00:00Z", null);
        assertEquals(ms("2026-11-26T03:00:00Z"), CaseSnapshot.of(List.of(again, reo, res, rec), VN, 5).resolved());
        assertEquals(List.of("city:city", "ward:ward-1", "agency:agency-1", "category:environment",
                        "ward-category:ward-1/environment"),
                inOrder.areas().stream().map(CaseSnapshot.Area::key).toList());
    }
}
