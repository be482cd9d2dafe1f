package org.iocity.model.kafka;

import java.util.List;

/** Every Kafka topic and MQTT topic filter of the system, in one place. */
public final class Topics {
    private Topics() {}

    // Kafka: raw streams written by ingest
    public static final String SIGNAL_EVENTS = "ioc.signal.events";
    public static final String TRAFFIC_OBSERVATIONS = "ioc.traffic.observations";
    public static final String ENV_READINGS = "ioc.env.readings";
    public static final String DEVICE_STATUS = "ioc.device.status";
    public static final String COMPLAINTS = "ioc.complaints";
    public static final String DOSSIERS = "ioc.dossiers";

    // Kafka: rejected input (raw bytes, source, reason, time)
    public static final String DEADLETTER = "ioc.deadletter";
    // Kafka: valid events that arrived after their window closed (counted, never silently dropped)
    public static final String LATE_EVENTS = "ioc.late";

    // Kafka: results written by stream-jobs
    public static final String CONGESTION = "ioc.congestion";
    // early results of live congestion windows at their end (at least once, not transactional), for the live wall
    // only: the final result of the same window on ioc.congestion supersedes each one
    public static final String CONGESTION_LIVE = "ioc.congestion.live";
    public static final String SIGNAL_PERFORMANCE = "ioc.signal.performance";
    public static final String COMPLAINT_HEATMAP = "ioc.complaint.heatmap";
    public static final String KPI = "ioc.kpi";
    public static final String ALERTS = "ioc.alerts";

    // Kafka: append-only audit trail of operator/engineer actions (signal plans sent), written by dashboard-api
    public static final String AUDIT = "ioc.audit";

    public static final List<String> RAW = List.of(
            SIGNAL_EVENTS, TRAFFIC_OBSERVATIONS, ENV_READINGS, DEVICE_STATUS, COMPLAINTS, DOSSIERS);
    public static final List<String> RESULTS = List.of(
            CONGESTION, CONGESTION_LIVE, SIGNAL_PERFORMANCE, COMPLAINT_HEATMAP, KPI, ALERTS);

    /**
     * Topic settings beyond the broker's defaults: the early congestion results are worth minutes, so they are kept an
     * hour (in segments of 10 minutes, the unit Kafka deletes). The KPI topic is compacted as well as deleted: each
     * area's live KPI is issued again every {@code kpi.live.refresh} (about 576,000 records a day for the city), and a
     * reader rebuilding the live state needs only the newest record of each key (live KPI, day KPI revision, summary);
     * hour-long segments let the cleaner reach them.
     */
    public static java.util.Map<String, String> settings(String topic) {
        if (CONGESTION_LIVE.equals(topic)) return java.util.Map.of("retention.ms", "3600000", "segment.ms", "600000");
        if (KPI.equals(topic)) return java.util.Map.of("cleanup.policy", "compact,delete", "segment.ms", "3600000");
        return java.util.Map.of();
    }

    /** All Kafka topics, in the order they are created. */
    public static List<String> all() {
        var all = new java.util.ArrayList<String>(RAW);
        all.add(DEADLETTER);
        all.add(LATE_EVENTS);
        all.addAll(RESULTS);
        all.add(AUDIT);
        return List.copyOf(all);
    }

    // MQTT (device contract v1)
    public static final String MQTT_PREFIX = "ioc/v1/";
    public static final String MQTT_CAMERA_COUNTS = "ioc/v1/camera/+/counts";
    public static final String MQTT_SIGNAL_EVENTS = "ioc/v1/signal/+/events";
    public static final String MQTT_SENSOR_READINGS = "ioc/v1/sensor/+/+";
    public static final String MQTT_STATUS = "ioc/v1/+/+/status";

    public static String mqttCameraCounts(String cameraId) {
        return "ioc/v1/camera/" + cameraId + "/counts";
    }

    public static String mqttSignalPlanSet(String controllerId) {
        return "ioc/v1/signal/" + controllerId + "/plan/set";
    }
}
