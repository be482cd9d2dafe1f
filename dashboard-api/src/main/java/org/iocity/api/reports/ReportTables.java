package org.iocity.api.reports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.iocity.model.records.DailySummary;

/** The reports as tables, for the CSV and XLSX exports: the same numbers as the JSON, one row per area. */
public final class ReportTables {
    private ReportTables() {}

    /** A closed day: the city, the wards (their summaries, with the revision each comes from), then the agencies. */
    public static final List<String> DAILY = List.of("date", "area_type", "area", "revision", "issued_at",
            "complaints_received", "complaints_resolved", "complaints_resolved_on_time", "on_time_rate",
            "complaints_overdue", "dossiers_received", "dossiers_resolved", "dossiers_resolved_on_time",
            "congestion_hours", "revised_because");
    /** Today so far: every row provisional, as of the report's time. */
    public static final List<String> TODAY = List.of("date", "provisional", "as_of", "area_type", "area",
            "complaints_received", "complaints_resolved", "complaints_resolved_on_time", "on_time_rate",
            "complaints_open", "complaints_overdue", "dossiers_received", "dossiers_resolved",
            "dossiers_resolved_on_time", "dossiers_overdue");
    /** A week or a month: {@code day} is {@code total} for the roll-up rows, the date for the trend's. */
    public static final List<String> PERIOD = List.of("period", "day", "area_type", "area", "complaints_received",
            "complaints_resolved", "complaints_resolved_on_time", "on_time_rate", "complaints_overdue",
            "dossiers_received", "dossiers_resolved", "dossiers_resolved_on_time", "dossiers_overdue");
    static final String TOTAL = "total";

    public static ReportTable daily(Reports.ClosedDay d) {
        List<List<Object>> rows = new ArrayList<>();
        List<DailySummary> summaries = new ArrayList<>();
        if (d.city() != null) summaries.add(d.city());
        summaries.addAll(d.wards());
        for (DailySummary s : summaries) {
            rows.add(Arrays.asList(s.day(), s.areaType(), s.area(), s.revision(), s.issuedAt(), s.complaintsReceived(),
                    s.complaintsResolved(), s.complaintsResolvedOnTime(), s.onTimeRate(), s.complaintsOverdue(),
                    s.dossiersReceived(), s.dossiersResolved(), s.dossiersResolvedOnTime(), s.congestionHours(),
                    s.revisedBecause()));
        }
        for (ReportRow a : d.agencies()) {
            rows.add(Arrays.asList(d.date(), a.areaType(), a.area(), null, null, a.complaintsReceived(),
                    a.complaintsResolved(), a.complaintsResolvedOnTime(), a.onTimeRate(), a.complaintsOverdue(),
                    a.dossiersReceived(), a.dossiersResolved(), a.dossiersResolvedOnTime(), null, null));
        }
        return new ReportTable("daily " + d.date(), DAILY, rows);
    }

    public static ReportTable today(Reports.Today t) {
        List<List<Object>> rows = new ArrayList<>();
        List<ReportRow> all = new ArrayList<>();
        all.add(t.city());
        all.addAll(t.wards());
        all.addAll(t.agencies());
        for (ReportRow r : all) {
            rows.add(Arrays.asList(t.date(), true, t.asOf(), r.areaType(), r.area(), r.complaintsReceived(),
                    r.complaintsResolved(), r.complaintsResolvedOnTime(), r.onTimeRate(), r.complaintsOpen(),
                    r.complaintsOverdue(), r.dossiersReceived(), r.dossiersResolved(), r.dossiersResolvedOnTime(),
                    r.dossiersOverdue()));
        }
        return new ReportTable("today " + t.date(), TODAY, rows);
    }

    /** The roll-up: one row per area (the city, wards, agencies), {@code day} = total. */
    public static ReportTable rollUp(Reports.PeriodReport p) {
        List<List<Object>> rows = new ArrayList<>();
        List<ReportRow> all = new ArrayList<>();
        all.add(p.city());
        all.addAll(p.wards());
        all.addAll(p.agencies());
        for (ReportRow r : all) {
            rows.add(Arrays.asList(p.period().label(), TOTAL, r.areaType(), r.area(), r.complaintsReceived(),
                    r.complaintsResolved(), r.complaintsResolvedOnTime(), r.onTimeRate(), r.complaintsOverdue(),
                    r.dossiersReceived(), r.dossiersResolved(), r.dossiersResolvedOnTime(), r.dossiersOverdue()));
        }
        return new ReportTable(p.period().kind() + " " + p.period().label(), PERIOD, rows);
    }

    /** The trend: one row per area and closed day. */
    public static ReportTable trend(Reports.PeriodReport p) {
        List<List<Object>> rows = new ArrayList<>();
        for (Reports.Series s : p.trend()) {
            for (Reports.Point x : s.points()) {
                rows.add(Arrays.asList(p.period().label(), x.day(), s.areaType(), s.area(), x.complaintsReceived(),
                        x.complaintsResolved(), x.complaintsResolvedOnTime(), x.onTimeRate(), x.complaintsOverdue(),
                        x.dossiersReceived(), x.dossiersResolved(), x.dossiersResolvedOnTime(), x.dossiersOverdue()));
            }
        }
        return new ReportTable("trend", PERIOD, rows);
    }

    /** The roll-up then the trend in one table (for CSV, which has one table per file). */
    public static ReportTable period(Reports.PeriodReport p) {
        List<List<Object>> rows = new ArrayList<>(rollUp(p).rows());
        rows.addAll(trend(p).rows());
        return new ReportTable(p.period().kind(), PERIOD, rows);
    }
}
