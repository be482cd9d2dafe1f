package org.iocity.jobs;

import java.util.List;
import org.iocity.jobs.io.KafkaConnectors.KeyOf;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.Alert;
import org.iocity.model.records.AreaCongestion;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.DailySummary;
import org.iocity.model.records.DeadLetter;
import org.iocity.model.records.HeatmapCell;
import org.iocity.model.records.LateEvent;
import org.iocity.model.records.ServiceKpi;
import org.iocity.model.records.SignalCycle;
import org.iocity.model.records.SignalPerformance;

/**
 * One result stream of the job: the name and uid of its sink operator (the uid is fixed: savepoints depend on it), the
 * topic it goes to, its Kafka key (the entity it is about, so its order is kept), how it is delivered and, exactly once,
 * the suffix of its transactional id (after the job's prefix; unique per sink). The constants are every output of the
 * job, the one list of them.
 */
public record JobOutput<T>(String name, String uid, String topic, KeyOf<T> key, Delivery delivery,
                           String transactionalIdSuffix) {

    /** Exactly once (Kafka transactions committed on checkpoints) or at least once (visible at once). */
    public enum Delivery { EXACTLY_ONCE, AT_LEAST_ONCE }

    /** Early results of live windows for the wall: visible at once, superseded by {@link #CONGESTION}. */
    public static final JobOutput<CongestionResult> EARLY_CONGESTION = atLeastOnce("early-congestion-to-kafka",
            "early-congestion-sink", Topics.CONGESTION_LIVE, CongestionResult::segmentId);
    public static final JobOutput<AreaCongestion> EARLY_AREA_CONGESTION = atLeastOnce("early-area-congestion-to-kafka",
            "early-area-congestion-sink", Topics.CONGESTION_LIVE, AreaCongestion::key);
    public static final JobOutput<AreaCongestion> AREA_CONGESTION = exactlyOnce("area-congestion-to-kafka",
            "area-congestion-sink", Topics.CONGESTION, AreaCongestion::key, "-area-congestion");
    public static final JobOutput<CongestionResult> CONGESTION = exactlyOnce("congestion-to-kafka", "congestion-sink",
            Topics.CONGESTION, CongestionResult::segmentId, "-congestion");
    /** The windowed alerts: congested segments, silent cameras. */
    public static final JobOutput<Alert> ALERTS = exactlyOnce("alerts-to-kafka", "alerts-sink", Topics.ALERTS,
            Alert::key, "-alerts");
    /** Flood and offline alerts, raised by one record each: visible at once. */
    public static final JobOutput<Alert> PER_EVENT_ALERTS = atLeastOnce("per-event-alerts-to-kafka",
            "per-event-alerts-sink", Topics.ALERTS, Alert::key);
    public static final JobOutput<SignalPerformance> SIGNAL_BINS = exactlyOnce("signal-bins-to-kafka",
            "signal-bins-sink", Topics.SIGNAL_PERFORMANCE, SignalPerformance::intersectionId, "-signal-bins");
    public static final JobOutput<SignalCycle> SIGNAL_CYCLES = exactlyOnce("signal-cycles-to-kafka",
            "signal-cycles-sink", Topics.SIGNAL_PERFORMANCE, SignalCycle::intersectionId, "-signal-cycles");
    /** Events too late for the congestion, signal and per-event alert windows. */
    public static final JobOutput<LateEvent> LATE_EVENTS = exactlyOnce("late-events-to-kafka", "late-events-sink",
            Topics.LATE_EVENTS, LateEvent::key, "-late");
    /** Unreadable camera, signal, sensor and status records. */
    public static final JobOutput<DeadLetter> DEAD_LETTERS = exactlyOnce("unreadable-to-deadletter", "deadletter-sink",
            Topics.DEADLETTER, DeadLetter::topic, "-deadletter");
    public static final JobOutput<HeatmapCell> HEATMAP = exactlyOnce("heatmap-to-kafka", "heatmap-sink",
            Topics.COMPLAINT_HEATMAP, HeatmapCell::key, "-heatmap");
    public static final JobOutput<ServiceKpi> KPI = exactlyOnce("kpi-to-kafka", "kpi-sink", Topics.KPI,
            ServiceKpi::key, "-kpi");
    public static final JobOutput<DailySummary> DAILY_SUMMARY = exactlyOnce("daily-summary-to-kafka",
            "daily-summary-sink", Topics.KPI, DailySummary::key, "-daily-summary");
    public static final JobOutput<Alert> HOTSPOT_ALERTS = exactlyOnce("hotspot-alerts-to-kafka", "hotspot-alerts-sink",
            Topics.ALERTS, Alert::key, "-hotspot-alerts");
    public static final JobOutput<LateEvent> CITIZEN_LATE_EVENTS = exactlyOnce("citizen-late-events-to-kafka",
            "citizen-late-events-sink", Topics.LATE_EVENTS, LateEvent::key, "-citizen-late");
    public static final JobOutput<DeadLetter> CITIZEN_DEAD_LETTERS = exactlyOnce(
            "unreadable-citizen-events-to-deadletter", "citizen-deadletter-sink", Topics.DEADLETTER, DeadLetter::topic,
            "-citizen-deadletter");

    /** Every output of the job. */
    public static final List<JobOutput<?>> ALL = List.of(EARLY_CONGESTION, EARLY_AREA_CONGESTION, AREA_CONGESTION,
            CONGESTION, ALERTS, PER_EVENT_ALERTS, SIGNAL_BINS, SIGNAL_CYCLES, LATE_EVENTS, DEAD_LETTERS, HEATMAP, KPI,
            DAILY_SUMMARY, HOTSPOT_ALERTS, CITIZEN_LATE_EVENTS, CITIZEN_DEAD_LETTERS);

    static <T> JobOutput<T> exactlyOnce(String name, String uid, String topic, KeyOf<T> key, String transactionalIdSuffix) {
        return new JobOutput<>(name, uid, topic, key, Delivery.EXACTLY_ONCE, transactionalIdSuffix);
    }

    static <T> JobOutput<T> atLeastOnce(String name, String uid, String topic, KeyOf<T> key) {
        return new JobOutput<>(name, uid, topic, key, Delivery.AT_LEAST_ONCE, null);
    }
}
