package org.iocity.api.views;

import java.util.List;
import org.iocity.model.records.DailySummary;

/** The daily report as CSV (RFC 4180): one row per area, the city first, with the revision each row comes from. */
public final class DailyReportCsv {
    private DailyReportCsv() {}

    public static final String HEADER = "date,area_type,area,revision,issued_at,complaints_received,complaints_resolved,"
            + "complaints_resolved_on_time,on_time_rate,complaints_overdue,dossiers_received,dossiers_resolved,"
            + "dossiers_resolved_on_time,congestion_hours,revised_because";

    static String write(List<DailySummary> summaries) {
        StringBuilder b = new StringBuilder(HEADER).append("\r\n");
        for (DailySummary d : summaries) {
            b.append(d.day()).append(',').append(field(d.areaType())).append(',').append(field(d.area())).append(',')
                    .append(d.revision()).append(',').append(d.issuedAt() == null ? "" : d.issuedAt()).append(',')
                    .append(d.complaintsReceived()).append(',').append(d.complaintsResolved()).append(',')
                    .append(d.complaintsResolvedOnTime()).append(',').append(d.onTimeRate() == null ? "" : d.onTimeRate())
                    .append(',').append(d.complaintsOverdue()).append(',').append(d.dossiersReceived()).append(',')
                    .append(d.dossiersResolved()).append(',').append(d.dossiersResolvedOnTime()).append(',')
                    .append(d.congestionHours()).append(',').append(field(d.revisedBecause())).append("\r\n");
        }
        return b.toString();
    }

    public static String field(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
