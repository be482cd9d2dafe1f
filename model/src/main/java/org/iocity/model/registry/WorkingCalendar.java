package org.iocity.model.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.iocity.model.config.ConfigException;
import org.iocity.model.records.Json;

/**
 * Working days of the city's administration, read from a data file ({@code config/holidays-vn.json}): Monday to
 * Friday, minus public holidays, plus make-up working days (a Saturday worked in exchange for a bridge day). Service
 * deadlines are set in working days, so due times and "resolved on time" are computed here and nowhere else.
 *
 * <p>The deadline rule: a request received on a working day is due the same time of day {@code n} working days later
 * (received Friday 10:00 with 1 working day: due Monday 10:00, or Tuesday 10:00 when Monday is a holiday). A request
 * received on a day off starts counting at 00:00 of the next working day, so it gets {@code n} whole working days.
 */
public final class WorkingCalendar implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The city's time zone, where days are cut. */
    public static final ZoneId CITY_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    /** How far ahead a calendar must list its holidays before it is reported as running out. */
    public static final Period COVERAGE_AHEAD = Period.ofMonths(12);

    private final ZoneId zone;
    private final TreeMap<LocalDate, String> holidays;
    private final TreeMap<LocalDate, String> workingDays;
    /** The last day whose holidays the file lists; null when there is no file. */
    private final LocalDate coversThrough;
    /** Where the calendar comes from, for messages: the file, or a description. */
    private final String source;

    private WorkingCalendar(ZoneId zone, Map<LocalDate, String> holidays, Map<LocalDate, String> workingDays,
                            LocalDate coversThrough, String source) {
        this.zone = zone;
        this.holidays = new TreeMap<>(holidays);
        this.workingDays = new TreeMap<>(workingDays);
        this.coversThrough = coversThrough;
        this.source = source;
    }

    /** Monday to Friday, no holidays, in the city's zone. */
    public static WorkingCalendar weekdaysOnly() {
        return new WorkingCalendar(CITY_ZONE, Map.of(), Map.of(), null, "weekdays only, no holidays file");
    }

    /** A calendar with the given holidays and make-up working days. */
    public static WorkingCalendar of(ZoneId zone, Map<LocalDate, String> holidays, Map<LocalDate, String> workingDays) {
        return new WorkingCalendar(zone, holidays, workingDays, lastYearEnd(holidays, workingDays), "given holidays");
    }

    /** The 31 December of the last year any day of the lists falls in: how far a file's holidays reach. */
    private static LocalDate lastYearEnd(Map<LocalDate, String> holidays, Map<LocalDate, String> workingDays) {
        LocalDate last = null;
        for (LocalDate d : holidays.keySet()) if (last == null || d.isAfter(last)) last = d;
        for (LocalDate d : workingDays.keySet()) if (last == null || d.isAfter(last)) last = d;
        return last == null ? null : LocalDate.of(last.getYear(), 12, 31);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Day(String date, String name) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Document(String zone, String coversThrough, List<Day> holidays, List<Day> workingDays) {}

    /** Reads and checks a holidays file; any problem is a {@link ConfigException} naming the file and the entry. */
    public static WorkingCalendar load(Path file) {
        Document doc;
        try {
            doc = Json.mapper().readValue(Files.readAllBytes(file), Document.class);
        } catch (IOException e) {
            throw new ConfigException("cannot read holidays file " + file + ": " + firstLine(e.getMessage()));
        }
        ZoneId zone;
        try {
            zone = doc.zone() == null ? CITY_ZONE : ZoneId.of(doc.zone());
        } catch (DateTimeException e) {
            throw new ConfigException("holidays file " + file + ": unknown zone " + doc.zone());
        }
        var holidays = days(file, "holidays", doc.holidays());
        var working = days(file, "workingDays", doc.workingDays());
        for (LocalDate d : working.keySet()) {
            if (holidays.containsKey(d)) {
                throw new ConfigException("holidays file " + file + ": " + d + " is both a holiday and a working day");
            }
        }
        LocalDate covers = lastYearEnd(holidays, working);
        if (doc.coversThrough() != null) {
            try {
                covers = LocalDate.parse(doc.coversThrough());
            } catch (DateTimeException e) {
                throw new ConfigException("holidays file " + file + ": coversThrough " + doc.coversThrough()
                        + " is not a date (yyyy-mm-dd)");
            }
        }
        return new WorkingCalendar(zone, holidays, working, covers, file.toString());
    }

    private static TreeMap<LocalDate, String> days(Path file, String list, List<Day> days) {
        var out = new TreeMap<LocalDate, String>();
        for (Day d : days == null ? List.<Day>of() : days) {
            LocalDate date;
            try {
                date = LocalDate.parse(d.date());
            } catch (DateTimeException | NullPointerException e) {
                throw new ConfigException("holidays file " + file + ": " + list + " entry " + d.date()
                        + " is not a date (yyyy-mm-dd)");
            }
            if (out.put(date, d.name() == null ? "" : d.name()) != null) {
                throw new ConfigException("holidays file " + file + ": " + list + " lists " + date + " twice");
            }
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    public ZoneId zone() {
        return zone;
    }

    /** The calendar day (in the city's zone) that {@code t} falls on. */
    public LocalDate day(Instant t) {
        return t.atZone(zone).toLocalDate();
    }

    public boolean isWorkingDay(LocalDate d) {
        if (workingDays.containsKey(d)) return true;
        if (holidays.containsKey(d)) return false;
        DayOfWeek w = d.getDayOfWeek();
        return w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY;
    }

    /**
     * The last day whose holidays the calendar lists: its file's {@code coversThrough}, else 31 December of the last
     * year it names a day of; null for {@link #weekdaysOnly()}. Due times past it count every weekday as working.
     */
    public LocalDate coversThrough() {
        return coversThrough;
    }

    /**
     * What an operator must hear when the calendar does not list the holidays of the next {@link #COVERAGE_AHEAD}
     * from {@code today} (due times computed past its end silently count holidays as working days): one line naming
     * the file and the years to add; empty when it does.
     */
    /** Where the calendar comes from: its file, or a description. */
    public String source() {
        return source;
    }

    /**
     * The calendar's part of a {@code /health} body: where it comes from, how far it reaches, and the warning of
     * {@link #coverageWarning} (null when it covers the next 12 months).
     */
    public java.util.Map<String, Object> health(LocalDate today) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("source", source);
        m.put("coversThrough", coversThrough == null ? null : coversThrough.toString());
        String warning = coverageWarning(today).orElse(null);
        m.put("coversNext12Months", warning == null);
        m.put("warning", warning);
        return m;
    }

    public java.util.Optional<String> coverageWarning(LocalDate today) {
        LocalDate needed = today.plus(COVERAGE_AHEAD);
        if (coversThrough != null && !coversThrough.isBefore(needed)) return java.util.Optional.empty();
        String reach = coversThrough == null ? "lists no holidays" : "lists holidays only through " + coversThrough;
        int from = coversThrough == null ? today.getYear() : coversThrough.getYear() + 1;
        String years = from == needed.getYear() ? String.valueOf(from) : from + "-" + needed.getYear();
        return java.util.Optional.of("the working-day calendar " + source + " " + reach + ", short of the 12 months"
                + " ahead (to " + needed + "): due times after " + (coversThrough == null ? today : coversThrough)
                + " ignore public holidays; add the holidays of " + years + " to " + source);
    }

    /** The holidays of the file, by date (name as written). */
    public Map<LocalDate, String> holidays() {
        return Collections.unmodifiableMap(holidays);
    }

    /** The due time of a request received at {@code from} with {@code days} working days (see the class comment). */
    public Instant addWorkingDays(Instant from, int days) {
        if (days < 0) throw new IllegalArgumentException("working days must be 0 or more, not " + days);
        ZonedDateTime t = from.atZone(zone);
        if (!isWorkingDay(t.toLocalDate())) {
            LocalDate d = t.toLocalDate().plusDays(1);
            while (!isWorkingDay(d)) d = d.plusDays(1);
            t = d.atStartOfDay(zone);
        }
        int left = days;
        while (left > 0) {
            t = t.plusDays(1);
            if (isWorkingDay(t.toLocalDate())) left--;
        }
        return t.toInstant();
    }

    /** Working days strictly after {@code from}'s day up to and including {@code to}'s day (0 when not after). */
    public int workingDaysBetween(LocalDate from, LocalDate to) {
        int n = 0;
        for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
            if (isWorkingDay(d)) n++;
        }
        return n;
    }
}
