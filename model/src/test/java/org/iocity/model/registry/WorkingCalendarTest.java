package org.iocity.model.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.iocity.model.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkingCalendarTest {
    /** The project's own file, as every process reads it. */
    static final WorkingCalendar VN = WorkingCalendar.load(Path.of("../config/holidays-vn.json"));

    /** 10:00 in Ho Chi Minh City (UTC+7) on the given day. */
    static Instant tenAm(String day) {
        return Instant.parse(day + "T03:00:00Z");
    }

    @Test
    void aFridayRequestWithOneWorkingDayIsDueMonday() {
        assertEquals(tenAm("2026-11-23"), VN.addWorkingDays(tenAm("2026-11-20"), 1));
        assertEquals(tenAm("2026-11-27"), VN.addWorkingDays(tenAm("2026-11-20"), 5));
    }

    @Test
    void aDeadlineAcrossTetSkipsTheWeekendsAndTheHolidays() {
        // Friday 13 Feb 2026 + 5: 14-15 weekend, 16-20 Tết, 21-22 weekend, then 23, 24, 25, 26, 27
        assertEquals(tenAm("2026-02-27"), VN.addWorkingDays(tenAm("2026-02-13"), 5));
    }

    @Test
    void aDeadlineAcrossAHolidayAndAWeekendTogether() {
        // Wednesday 29 Apr 2026 + 3: 30 Apr and 1 May holidays, 2-3 May weekend, then 4, 5, 6 May
        assertEquals(tenAm("2026-05-06"), VN.addWorkingDays(tenAm("2026-04-29"), 3));
        // Friday 24 Apr 2026 + 1: Monday 27 Apr is the Hung Kings' day off
        assertEquals(tenAm("2026-04-28"), VN.addWorkingDays(tenAm("2026-04-24"), 1));
    }

    @Test
    void aMakeUpSaturdayCountsAsAWorkingDay() {
        assertTrue(VN.isWorkingDay(LocalDate.parse("2025-04-26")));
        assertFalse(VN.isWorkingDay(LocalDate.parse("2025-05-02")));
        assertEquals(tenAm("2025-04-26"), VN.addWorkingDays(tenAm("2025-04-25"), 1));
    }

    @Test
    void aRequestReceivedOnADayOffStartsCountingAtTheNextWorkingDay() {
        // Saturday 21 Nov 2026 10:00: counting starts Monday 00:00, one whole working day ends Tuesday 00:00
        assertEquals(Instant.parse("2026-11-23T17:00:00Z"), VN.addWorkingDays(tenAm("2026-11-21"), 1));
    }

    @Test
    void daysAreCutAtMidnightInHoChiMinhCity() {
        assertEquals(LocalDate.parse("2026-11-23"), VN.day(Instant.parse("2026-11-23T16:59:59Z")));
        assertEquals(LocalDate.parse("2026-11-24"), VN.day(Instant.parse("2026-11-23T17:00:00Z")));
    }

    @Test
    void workingDaysBetweenCountsTheDaysAfterTheFirst() {
        assertEquals(5, VN.workingDaysBetween(LocalDate.parse("2026-02-13"), LocalDate.parse("2026-02-27")));
        assertEquals(0, VN.workingDaysBetween(LocalDate.parse("2026-02-13"), LocalDate.parse("2026-02-13")));
    }

    @Test
    void aBadFileIsOneLineNamingTheEntry(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("h.json");
        Files.writeString(f, "{\"holidays\":[{\"date\":\"2026-13-01\",\"name\":\"x\"}]}");
        var e = assertThrows(ConfigException.class, () -> WorkingCalendar.load(f));
        assertEquals("holidays file " + f + ": holidays entry 2026-13-01 is not a date (yyyy-mm-dd)", e.getMessage());
        Files.writeString(f, "{\"holidays\":[{\"date\":\"2026-01-01\"}],\"workingDays\":[{\"date\":\"2026-01-01\"}]}");
        assertThrows(ConfigException.class, () -> WorkingCalendar.load(f));
        assertThrows(ConfigException.class, () -> WorkingCalendar.load(dir.resolve("missing.json")));
    }

    @Test
    void theCalendarSaysWhenItNoLongerCoversTheNextTwelveMonths() {
        LocalDate end = VN.coversThrough();
        assertEquals(12, end.getMonthValue(), "a file without coversThrough reaches the end of its last year");
        assertEquals(31, end.getDayOfMonth());
        // relative to the file's own reach, so the test means the same thing on any day it runs
        assertTrue(VN.coverageWarning(end.minusMonths(12)).isEmpty(), "exactly 12 months left: covered");
        String warning = VN.coverageWarning(end.minusMonths(11)).orElseThrow();
        assertTrue(warning.contains("../config/holidays-vn.json"), "names the file to extend: " + warning);
        assertTrue(warning.contains("through " + end), warning);
        assertTrue(warning.contains("add the holidays of " + (end.getYear() + 1)), warning);
        String late = VN.coverageWarning(end.plusYears(1)).orElseThrow();
        assertTrue(late.contains("add the holidays of " + (end.getYear() + 1) + "-" + (end.getYear() + 2)), late);
        assertTrue(WorkingCalendar.weekdaysOnly().coverageWarning(end).orElseThrow().contains("lists no holidays"));
        var health = VN.health(end.minusMonths(11));
        assertEquals(end.toString(), health.get("coversThrough"));
        assertEquals(false, health.get("coversNext12Months"));
        assertEquals(warning, health.get("warning"));
        assertEquals(true, VN.health(end.minusMonths(13)).get("coversNext12Months"));
    }

    @Test
    void aFileMaySayHowFarItsHolidaysReach(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("h.json");
        Files.writeString(file, "{\"coversThrough\":\"2031-06-30\",\"holidays\":[{\"date\":\"2030-01-01\"}]}");
        WorkingCalendar c = WorkingCalendar.load(file);
        assertEquals(LocalDate.of(2031, 6, 30), c.coversThrough());
        assertTrue(c.coverageWarning(LocalDate.of(2030, 6, 30)).isEmpty());
        assertTrue(c.coverageWarning(LocalDate.of(2030, 7, 1)).isPresent());
        Files.writeString(file, "{\"coversThrough\":\"mid-2031\"}");
        ConfigException e = assertThrows(ConfigException.class, () -> WorkingCalendar.load(file));
        assertTrue(e.getMessage().contains("coversThrough mid-2031 is not a date"), e.getMessage());
    }
}
