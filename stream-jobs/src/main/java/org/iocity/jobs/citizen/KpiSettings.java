package org.iocity.jobs.citizen;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.iocity.model.registry.WorkingCalendar;

/**
 * Settings of the service KPIs and daily summaries.
 *
 * @param calendar working days and the zone days are cut in
 * @param defaultDueWorkingDays due time of a case whose events give none: received + this many working days
 * @param allowedLateness a day is final when event time passes its end + this ({@code kpi.allowed.lateness})
 * @param revisionWindow a closed day is kept (and revised by late events) until its end + this; an event for an
 *        older day goes to the late side output ({@code kpi.revision.window})
 * @param liveInterval live records are issued on a grid of this step, when they changed ({@code kpi.live.interval})
 * @param caseTtl state time-to-live of a case nobody wrote for this long, e.g. never resolved ({@code kpi.case.ttl})
 * @param liveRefresh every this much processing time each area's live record is issued again, with {@code asOf}
 *        moved on by the time passed since the area's newest event and its backlog at that time, also when nothing
 *        arrived ({@code kpi.live.refresh})
 */
public record KpiSettings(WorkingCalendar calendar, int defaultDueWorkingDays, Duration allowedLateness,
                          Duration revisionWindow, Duration liveInterval, Duration caseTtl, Duration liveRefresh)
        implements java.io.Serializable {
    public static final Duration DEFAULT_LIVE_REFRESH = Duration.ofSeconds(30);

    public KpiSettings {
        if (liveRefresh == null || liveRefresh.isNegative() || liveRefresh.isZero()) {
            throw new IllegalArgumentException("kpi.live.refresh must be positive, not " + liveRefresh);
        }
    }

    /** Settings with the default live refresh ({@link #DEFAULT_LIVE_REFRESH}). */
    public KpiSettings(WorkingCalendar calendar, int defaultDueWorkingDays, Duration allowedLateness,
                       Duration revisionWindow, Duration liveInterval, Duration caseTtl) {
        this(calendar, defaultDueWorkingDays, allowedLateness, revisionWindow, liveInterval, caseTtl,
                DEFAULT_LIVE_REFRESH);
    }

    public static KpiSettings defaults(WorkingCalendar calendar) {
        return new KpiSettings(calendar, 5, Duration.ofHours(1), Duration.ofDays(7), Duration.ofMinutes(1),
                Duration.ofDays(90));
    }

    public LocalDate day(long t) {
        return calendar.day(Instant.ofEpochMilli(t));
    }

    /** The first instant after the day (midnight in the city's zone), epoch ms. */
    public long end(LocalDate day) {
        return day.plusDays(1).atStartOfDay(calendar.zone()).toInstant().toEpochMilli();
    }

    /** Whether the day has closed for good: its end + the revision window is at or behind {@code watermark}. */
    public boolean forgotten(LocalDate day, long watermark) {
        return end(day) + revisionWindow.toMillis() <= watermark;
    }
}
