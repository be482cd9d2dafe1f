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

    private final ZoneId zone;
    private final TreeMap<LocalDate, String> holidays;
    private final TreeMap<LocalDate, String> workingDays;

    private WorkingCalendar(ZoneId zone, Map<LocalDate, String> holidays, Map<LocalDate, String> workingDays) {
        this.zone = zone;
        this.holidays = new TreeMap<>(holidays);
        this.workingDays = new TreeMap<>(workingDays);
    }

    /** Monday to Friday, no holidays, in the city's zone. */
    public static WorkingCalendar weekdaysOnly() {
        return new WorkingCalendar(CITY_ZONE, Map.of(), Map.of());
    }

    /** A calendar with the given holidays and make-up working days. */
    public static WorkingCalendar of(ZoneId zone, Map<LocalDate, String> holidays, Map<LocalDate, String> workingDays) {
        return new WorkingCalendar(zone, holidays, workingDays);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Day(String date, String name) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Document(String zone, List<Day> holidays, List<Day> workingDays) {}

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
        return new WorkingCalendar(zone, holidays, working);
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
