package org.iocity.jobs.alerts;

import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.iocity.model.Alert;
import org.iocity.model.CameraObservation;
import org.iocity.model.CongestionResult;

/** Operator alerts: segments congested too long, cameras gone silent. Both in event time, into one stream. */
public final class AlertsPipeline {
    private AlertsPipeline() {}

    /** Thresholds of the alerts and the time-to-live of their state. */
    public record Settings(Duration congestionAfter, Duration silentAfter, Duration stateTtl) implements java.io.Serializable {
        public static final Settings DEFAULT = new Settings(Duration.ofMinutes(10), Duration.ofMinutes(3), Duration.ofDays(1));
    }

    public static DataStream<Alert> defineWorkflow(DataStream<CongestionResult> results,
                                                   DataStream<CameraObservation> observations, Settings settings) {
        DataStream<Alert> congestion = results
                .keyBy(CongestionResult::segmentId)
                .process(new CongestionAlerts(settings.congestionAfter(), settings.stateTtl()))
                .name("congestion-alerts").uid("congestion-alerts");
        DataStream<Alert> silent = observations
                .keyBy(CameraObservation::deviceId)
                .process(new DeviceSilenceAlerts(settings.silentAfter(), settings.stateTtl()))
                .name("device-silence-alerts").uid("device-silence-alerts");
        return congestion.union(silent);
    }
}
