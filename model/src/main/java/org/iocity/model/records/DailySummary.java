package org.iocity.model.records;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.iocity.model.kafka.Topics;

/**
 * The leaders' summary of one day (cut at midnight Asia/Ho_Chi_Minh) for one area, written to {@link Topics#KPI}
 * keyed by {@link #key()} with {@code kind} {@link #KIND}. The first record of a day is issued when the day closes
 * (day end + allowed lateness, in event time) with revision 0; a late event that changes the day issues the whole
 * summary again with revision + 1. Reading the latest revision twice gives the same numbers.
 *
 * @param kind always {@link #KIND}
 * @param day the calendar day
 * @param areaType {@code city} or {@code ward}
 * @param area {@code city} or the ward id
 * @param revision 0, then +1 per revision
 * @param issuedAt event time (watermark) when this revision was issued
 * @param complaintsReceived complaints received that day
 * @param complaintsResolved complaints resolved that day
 * @param complaintsResolvedOnTime of them, on time
 * @param onTimeRate resolved on time / resolved (0..1), {@code null} when none resolved
 * @param complaintsOverdue open complaints past their due time at the day's end
 * @param dossiersReceived dossiers submitted that day
 * @param dossiersResolved dossiers resolved that day
 * @param dossiersResolvedOnTime of them, on time
 * @param congestionHours segment-hours at level of service E or F that day (from {@link Topics#CONGESTION})
 * @param worstWards up to five wards (for the city) ranked by overdue then on-time rate
 * @param worstCategories up to five complaint categories ranked the same way
 * @param revisedBecause one line saying what changed since the previous revision; {@code null} for revision 0
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
public record DailySummary(String kind, LocalDate day, String areaType, String area, int revision, Instant issuedAt,
                           long complaintsReceived, long complaintsResolved, long complaintsResolvedOnTime,
                           Double onTimeRate, long complaintsOverdue, long dossiersReceived, long dossiersResolved,
                           long dossiersResolvedOnTime, double congestionHours, List<Ranked> worstWards,
                           List<Ranked> worstCategories, String revisedBecause)
        implements KpiTopicRecord {
    public static final String KIND = "daily-summary";

    /** One entry of a worst-of list. */
    public record Ranked(String id, long received, long resolved, long overdue, Double onTimeRate) {}

    /** The Kafka key: {@code summary:areaType:area:yyyy-mm-dd}. */
    public String key() {
        return "summary:" + areaType + ":" + area + ":" + day;
    }
}
