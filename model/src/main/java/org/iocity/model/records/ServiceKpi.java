package org.iocity.model.records;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.time.LocalDate;
import org.iocity.model.kafka.Topics;
import org.iocity.model.registry.WorkingCalendar;

/**
 * Service KPIs of one area, written to {@link Topics#KPI} keyed by {@link #key()}: {@link #LIVE} (the state now,
 * updated as events arrive) or {@link #DAY} (one calendar day in Asia/Ho_Chi_Minh; final after the day closes plus the
 * allowed lateness, and re-issued with a higher {@code revision} when a late event changes it — never silently).
 *
 * <p>Counting rules: a complaint counts as received on the day of its {@code received} event and as resolved on the
 * day of its (last) {@code resolved} event; it is resolved on time when resolved at or before its due time (working
 * days, {@link WorkingCalendar}); the open backlog counts complaints received and not resolved at {@code asOf}, the
 * overdue backlog those of them past their due time. Dossiers alike with their own due time.
 *
 * @param kind {@link #LIVE} or {@link #DAY}
 * @param areaType {@code city}, {@code ward}, {@code agency} or {@code category}
 * @param area the ward id, agency, category group, or {@code city}
 * @param day the calendar day for {@link #DAY}; {@code null} for {@link #LIVE}
 * @param revision 0 for the first final record of a day, +1 for each revision after a late event; live records 0
 * @param isFinal whether the day has closed (day end + allowed lateness passed in event time)
 * @param asOf time the numbers hold for: the day's end for {@link #DAY}; for {@link #LIVE} a live tick of event time,
 *        or on a processing-time refresh the area's newest event time + the time passed since it arrived
 * @param complaintsReceived complaints received
 * @param complaintsResolved complaints resolved
 * @param complaintsResolvedOnTime of them, resolved at or before their due time
 * @param complaintsOpen open backlog at {@code asOf}
 * @param complaintsOverdue of the open backlog, past the due time at {@code asOf}
 * @param complaintsReopened complaints reopened
 * @param medianResolveHours median time from received to resolved, hours, of the complaints resolved; {@code null} if none
 * @param p90ResolveHours 90th percentile of the same
 * @param dossiersReceived dossiers submitted
 * @param dossiersResolved dossiers resolved
 * @param dossiersResolvedOnTime of them, resolved at or before their due time
 * @param dossiersOverdue open dossiers past their due time at {@code asOf}
 * @param onTimeRate complaints resolved on time / resolved, 0..1; {@code null} when none resolved
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
public record ServiceKpi(String kind, String areaType, String area, LocalDate day, int revision, boolean isFinal,
                         Instant asOf, long complaintsReceived, long complaintsResolved, long complaintsResolvedOnTime,
                         long complaintsOpen, long complaintsOverdue, long complaintsReopened,
                         Double medianResolveHours, Double p90ResolveHours, long dossiersReceived,
                         long dossiersResolved, long dossiersResolvedOnTime, long dossiersOverdue, Double onTimeRate)
        implements KpiTopicRecord {
    public static final String LIVE = "live";
    public static final String DAY = "day";
    public static final String CITY = "city";

    /** The Kafka key: {@code kpi:live:areaType:area} or {@code kpi:day:areaType:area:yyyy-mm-dd}. */
    public String key() {
        return "kpi:" + kind + ":" + areaType + ":" + area + (day == null ? "" : ":" + day);
    }
}
