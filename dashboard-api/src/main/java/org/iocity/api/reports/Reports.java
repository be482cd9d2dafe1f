package org.iocity.api.reports;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iocity.api.state.ResultState;
import org.iocity.api.web.Problem;
import org.iocity.api.web.QueryParams;
import org.iocity.model.records.DailySummary;
import org.iocity.model.records.ServiceKpi;
import org.iocity.model.registry.WorkingCalendar;

/**
 * The leaders' reports from the results the API already holds ({@link ResultState}), framework-free:
 * <ul>
 * <li>today so far ({@code date=today}, or today's date): from each area's live KPI record, marked provisional and
 *     revised as the day goes (each live record replaces the last);</li>
 * <li>a closed day ({@code date=yyyy-mm-dd}, {@code date=latest} for the newest): the daily summaries of the city and
 *     the wards, latest revision each, and the agencies' day KPIs — the same numbers every time;</li>
 * <li>a week or a month: each area's closed days rolled up (flows summed, the on-time share recomputed from the
 *     sums) and its trend, one point per closed day. City and wards come from the daily summaries, agencies from their
 *     day KPIs (the summaries hold no agencies).</li>
 * </ul>
 */
public final class Reports {
    public static final String TODAY = "today";
    public static final String LATEST = "latest";
    static final String CITY = ServiceKpi.CITY;
    static final String WARD = "ward";
    static final String AGENCY = "agency";

    private final ResultState results;
    private final Clock clock;

    public Reports(ResultState results, Clock clock) {
        this.results = results;
        this.clock = clock;
    }

    /** A daily report: today's so far, or a closed day's. */
    public sealed interface Daily permits Today, ClosedDay {
        LocalDate date();
    }

    /** Today so far: provisional; {@code asOf} the oldest live record's (every row is at least this fresh). */
    public record Today(LocalDate date, Instant asOf, ReportRow city, List<ReportRow> wards, List<ReportRow> agencies)
            implements Daily {}

    /** A closed day: its summaries (the city first, then wards) and the agencies' day KPIs. */
    public record ClosedDay(LocalDate date, DailySummary city, List<DailySummary> wards, List<ReportRow> agencies)
            implements Daily {}

    /** One day of an area's trend. */
    public record Point(LocalDate day, long complaintsReceived, long complaintsResolved, long complaintsResolvedOnTime,
                        Double onTimeRate, Long complaintsOverdue, long dossiersReceived, long dossiersResolved,
                        long dossiersResolvedOnTime, Long dossiersOverdue) {
        static Point of(LocalDate day, ReportRow r) {
            return new Point(day, r.complaintsReceived(), r.complaintsResolved(), r.complaintsResolvedOnTime(),
                    r.onTimeRate(), r.complaintsOverdue(), r.dossiersReceived(), r.dossiersResolved(),
                    r.dossiersResolvedOnTime(), r.dossiersOverdue());
        }
    }

    /** An area's values per closed day of the period. */
    public record Series(String areaType, String area, List<Point> points) {}

    /**
     * A week's or a month's report over its closed days ({@code days}); {@code complete} when every day of the period
     * has closed.
     */
    public record PeriodReport(ReportPeriod period, List<LocalDate> days, boolean complete, ReportRow city,
                               List<ReportRow> wards, List<ReportRow> agencies, List<Series> trend) {}

    /** Today in Asia/Ho_Chi_Minh. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(WorkingCalendar.CITY_ZONE));
    }

    /** The report {@code date} asks for: {@code today}, {@code latest} or a day; 400 when bad, 404 when there is none. */
    public Daily daily(String date) {
        LocalDate today = today();
        if (TODAY.equals(date)) return today(today);
        if (LATEST.equals(date)) {
            LocalDate latest = latestClosedDay().orElseThrow(() -> Problem.notFound("no day has closed yet (a day is issued once it has closed); "
                            + "date=today gives today so far"));
            return closed(latest);
        }
        LocalDate day = QueryParams.date(date, true);
        if (day.equals(today)) return today(today);
        return closed(day);
    }

    private ClosedDay closed(LocalDate day) {
        List<DailySummary> all = results.summaries(day);
        if (all.isEmpty()) throw Problem.notFound("no daily summary for " + day + " yet (issued once the day has closed)");
        DailySummary city = all.stream().filter(d -> CITY.equals(d.areaType())).findFirst().orElse(null);
        return new ClosedDay(day, city, all.stream().filter(d -> d != city).toList(), agencies(day));
    }

    private List<ReportRow> agencies(LocalDate day) {
        return results.kpis(day, null).stream().filter(k -> AGENCY.equals(k.areaType())).map(ReportRow::of).toList();
    }

    private Today today(LocalDate today) {
        ReportRow city = ReportRow.none(CITY, CITY);
        List<ReportRow> wards = new ArrayList<>();
        List<ReportRow> agencies = new ArrayList<>();
        Instant asOf = null;
        for (ServiceKpi k : results.kpis(null, null)) {
            if (!CITY.equals(k.areaType()) && !WARD.equals(k.areaType()) && !AGENCY.equals(k.areaType())) continue;
            // a live record holds the counts of the day of its asOf's last millisecond
            LocalDate day = k.asOf().minusMillis(1).atZone(WorkingCalendar.CITY_ZONE).toLocalDate();
            ReportRow row = day.isBefore(today) ? ReportRow.backlogOnly(k) : ReportRow.of(k);
            if (asOf == null || k.asOf().isBefore(asOf)) asOf = k.asOf();
            switch (k.areaType()) {
                case CITY -> city = row;
                case WARD -> wards.add(row);
                default -> agencies.add(row);
            }
        }
        return new Today(today, asOf == null ? clock.instant() : asOf, city, wards, agencies);
    }

    /** The period's report; 404 when none of its days has closed yet. */
    public PeriodReport period(ReportPeriod period) {
        Map<String, List<ReportRow>> rows = new LinkedHashMap<>();   // "areaType:area" → rows of its days
        Map<String, List<Point>> points = new LinkedHashMap<>();
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = period.from(); !d.isAfter(period.to()); d = d.plusDays(1)) {
            List<DailySummary> summaries = results.summaries(d);
            if (summaries.isEmpty()) continue;
            days.add(d);
            List<ReportRow> ofDay = new ArrayList<>(summaries.stream().map(ReportRow::of).toList());
            ofDay.addAll(agencies(d));
            for (ReportRow r : ofDay) {
                String key = r.areaType() + ":" + r.area();
                rows.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
                points.computeIfAbsent(key, k -> new ArrayList<>()).add(Point.of(d, r));
            }
        }
        if (days.isEmpty()) {
            throw Problem.notFound("no closed day in " + period.label() + " (" + period.from() + " to " + period.to()
                    + ") yet: a day is reported once it has closed");
        }
        ReportRow city = ReportRow.none(CITY, CITY);
        List<ReportRow> wards = new ArrayList<>();
        List<ReportRow> agencies = new ArrayList<>();
        List<Series> trend = new ArrayList<>();
        for (var e : sorted(rows.keySet())) {
            List<ReportRow> of = rows.get(e);
            ReportRow first = of.get(0);
            ReportRow total = ReportRow.rollUp(first.areaType(), first.area(), of);
            switch (first.areaType()) {
                case CITY -> city = total;
                case WARD -> wards.add(total);
                default -> agencies.add(total);
            }
            trend.add(new Series(first.areaType(), first.area(), filled(days, points.get(e), first)));
        }
        return new PeriodReport(period, days, days.size() == period.days(), city, wards, agencies, trend);
    }

    /** An area's points on every reported day: a day it has no record is a day nothing flowed (backlog unknown). */
    private static List<Point> filled(List<LocalDate> days, List<Point> of, ReportRow area) {
        List<Point> out = new ArrayList<>();
        int i = 0;
        for (LocalDate d : days) {
            if (i < of.size() && of.get(i).day().equals(d)) out.add(of.get(i++));
            else out.add(Point.of(d, ReportRow.none(area.areaType(), area.area())));
        }
        return out;
    }

    /** The city first, then wards, then agencies, each by id. */
    private static List<String> sorted(java.util.Collection<String> keys) {
        return keys.stream().sorted(Comparator.comparing((String k) -> rank(k.substring(0, k.indexOf(':'))))
                .thenComparing(k -> k)).toList();
    }

    private static int rank(String areaType) {
        return switch (areaType) {
            case CITY -> 0;
            case WARD -> 1;
            default -> 2;
        };
    }

    /** The newest day with a daily summary before today, if any. */
    public Optional<LocalDate> latestClosedDay() {
        LocalDate today = today();
        return results.summaryDays().stream().filter(d -> d.isBefore(today)).max(Comparator.naturalOrder());
    }
}
