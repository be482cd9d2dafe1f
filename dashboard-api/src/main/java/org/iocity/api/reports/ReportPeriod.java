package org.iocity.api.reports;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iocity.api.web.Problem;
import org.iocity.api.web.Text;

/**
 * A report period: an ISO week ({@code 2026-W48}, Monday to Sunday) or a calendar month ({@code 2026-11}), days in
 * Asia/Ho_Chi_Minh, {@code from} and {@code to} inclusive.
 */
public record ReportPeriod(String kind, String label, LocalDate from, LocalDate to) {
    public static final String WEEKLY = "weekly";
    public static final String MONTHLY = "monthly";
    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");

    /** {@code yyyy-Www}; a 400 naming {@code week} otherwise (also for week 53 of a year that has 52). */
    public static ReportPeriod week(String value) {
        Matcher m = value == null ? null : WEEK.matcher(value);
        if (m == null || !m.matches()) throw badWeek(value);
        int year = Integer.parseInt(m.group(1));
        int week = Integer.parseInt(m.group(2));
        LocalDate mid = LocalDate.of(year, 7, 1);
        if (week < 1 || week > mid.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) throw badWeek(value);
        LocalDate monday = mid.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return new ReportPeriod(WEEKLY, value, monday, monday.plusDays(6));
    }

    /** {@code yyyy-mm}; a 400 naming {@code month} otherwise. */
    public static ReportPeriod month(String value) {
        try {
            YearMonth m = YearMonth.parse(value == null ? "" : value);
            return new ReportPeriod(MONTHLY, m.toString(), m.atDay(1), m.atEndOfMonth());
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("bad month " + Text.clip(String.valueOf(value)) + ": expected yyyy-mm such as 2025-10");
        }
    }

    /** How many days the period has. */
    public int days() {
        return (int) (to.toEpochDay() - from.toEpochDay()) + 1;
    }

    private static Problem badWeek(String value) {
        return Problem.badRequest("bad week " + Text.clip(String.valueOf(value))
                + ": expected an ISO week yyyy-Www such as 2025-W40");
    }
}
