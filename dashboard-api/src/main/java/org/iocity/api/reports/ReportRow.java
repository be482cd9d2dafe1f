package org.iocity.api.reports;

import java.util.List;
import org.iocity.model.records.DailySummary;
import org.iocity.model.records.ServiceKpi;

/**
 * One area's numbers in a report: complaints received, resolved and resolved on time (flows over the day or the
 * period), the on-time share recomputed from those sums, the open and overdue backlog (stocks: at the report's time,
 * or at the end of the period's last day with a record; {@code null} where the source does not hold them), dossiers
 * received, resolved and on time, and overdue (a stock as well; daily summaries do not hold it).
 */
public record ReportRow(String areaType, String area, long complaintsReceived, long complaintsResolved,
                        long complaintsResolvedOnTime, Double onTimeRate, Long complaintsOpen, Long complaintsOverdue,
                        long dossiersReceived, long dossiersResolved, long dossiersResolvedOnTime,
                        Long dossiersOverdue) {

    public static ReportRow of(ServiceKpi k) {
        return new ReportRow(k.areaType(), k.area(), k.complaintsReceived(), k.complaintsResolved(),
                k.complaintsResolvedOnTime(), rate(k.complaintsResolvedOnTime(), k.complaintsResolved()),
                k.complaintsOpen(), k.complaintsOverdue(), k.dossiersReceived(), k.dossiersResolved(),
                k.dossiersResolvedOnTime(), k.dossiersOverdue());
    }

    /** A summary's numbers; a summary holds no open backlog. */
    public static ReportRow of(DailySummary d) {
        return new ReportRow(d.areaType(), d.area(), d.complaintsReceived(), d.complaintsResolved(),
                d.complaintsResolvedOnTime(), rate(d.complaintsResolvedOnTime(), d.complaintsResolved()), null,
                d.complaintsOverdue(), d.dossiersReceived(), d.dossiersResolved(), d.dossiersResolvedOnTime(), null);
    }

    /** A live record of an earlier day seen from a later one: nothing flowed yet, the backlog stands. */
    static ReportRow backlogOnly(ServiceKpi k) {
        return new ReportRow(k.areaType(), k.area(), 0, 0, 0, null, k.complaintsOpen(), k.complaintsOverdue(), 0, 0, 0,
                k.dossiersOverdue());
    }

    /** An area with no record: nothing flowed, the backlog unknown. */
    static ReportRow none(String areaType, String area) {
        return new ReportRow(areaType, area, 0, 0, 0, null, null, null, 0, 0, 0, null);
    }

    /** resolved on time / resolved, {@code null} when none resolved. */
    static Double rate(long onTime, long resolved) {
        return resolved == 0 ? null : (double) onTime / resolved;
    }

    /**
     * The days' rows (oldest first) as one: flows summed, the on-time share recomputed from the sums (not a mean of
     * shares), the backlog that of the last day that holds one.
     */
    static ReportRow rollUp(String areaType, String area, List<ReportRow> days) {
        long received = 0, resolved = 0, onTime = 0, dReceived = 0, dResolved = 0, dOnTime = 0;
        Long open = null, overdue = null, dOverdue = null;
        for (ReportRow r : days) {
            received += r.complaintsReceived;
            resolved += r.complaintsResolved;
            onTime += r.complaintsResolvedOnTime;
            dReceived += r.dossiersReceived;
            dResolved += r.dossiersResolved;
            dOnTime += r.dossiersResolvedOnTime;
            if (r.complaintsOpen != null) open = r.complaintsOpen;
            if (r.complaintsOverdue != null) overdue = r.complaintsOverdue;
            if (r.dossiersOverdue != null) dOverdue = r.dossiersOverdue;
        }
        return new ReportRow(areaType, area, received, resolved, onTime, rate(onTime, resolved), open, overdue,
                dReceived, dResolved, dOnTime, dOverdue);
    }
}
