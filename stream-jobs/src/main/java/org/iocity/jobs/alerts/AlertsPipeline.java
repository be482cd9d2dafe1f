package org.iocity.jobs.alerts;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.iocity.jobs.common.LateEvents;
import org.iocity.model.records.Alert;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.DeviceStatus;
import org.iocity.model.records.EnvReading;
import org.iocity.model.records.LateEvent;

/**
 * Operator alerts. Windowed, in event time: segments congested too long, cameras gone silent
 * ({@link #defineWorkflow}). Per event, raised by the record that shows the condition without waiting for a window or
 * a timer: flooding water-level sensors and devices gone offline ({@link #definePerEventWorkflow}).
 */
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

    /** The per-event alerts and the readings or statuses that came too late to change them. */
    public record PerEventOutputs(DataStream<Alert> alerts, DataStream<LateEvent> late) {}

    /**
     * How long the records on their way to the per-event alert functions, and the alerts on their way to the sink, may
     * wait to fill a network buffer: none, each is sent on at once ({@code alerts.per.event.buffer.timeout} overrides
     * it). The job's default is Flink's 100 ms, which was most of these alerts' latency (BENCHMARKS.md, end to end);
     * the sink takes the union of two streams, so it is not chained to the functions and their output crosses the
     * network stack too. These streams carry a few records a second, so a flush per record costs less than a timer
     * flushing every few milliseconds; the rest of the job keeps its timeout.
     */
    public static final Duration PER_EVENT_BUFFER_TIMEOUT = Duration.ZERO;

    /**
     * Flood alerts from the water readings of {@code readings} (other kinds pass by) and offline alerts from
     * {@code statuses}, each keyed by device; {@code watermarks} only decide which records count as late;
     * {@code bufferTimeout} as {@link #PER_EVENT_BUFFER_TIMEOUT}.
     */
    public static PerEventOutputs definePerEventWorkflow(DataStream<EnvReading> readings, DataStream<DeviceStatus> statuses,
                                                         Duration outOfOrderness, Duration idleness,
                                                         FloodAlerts.Thresholds flood, Duration stateTtl,
                                                         Duration bufferTimeout) {
        long flushMs = bufferTimeout.toMillis();
        SingleOutputStreamOperator<Alert> floods = readings
                .filter(r -> "water".equals(r.kind()) && r.waterLevelCm() != null).name("water-readings").uid("water-readings")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<EnvReading>forBoundedOutOfOrderness(outOfOrderness)
                        .withTimestampAssigner((r, previous) -> r.eventTime().toEpochMilli()).withIdleness(idleness))
                .name("water-event-time").uid("water-watermarks").setBufferTimeout(flushMs)
                .keyBy(EnvReading::deviceId)
                .process(new FloodAlerts(flood, stateTtl))
                .name("flood-alerts").uid("flood-alerts").setBufferTimeout(flushMs);
        SingleOutputStreamOperator<Alert> offline = statuses
                .assignTimestampsAndWatermarks(WatermarkStrategy.<DeviceStatus>forBoundedOutOfOrderness(outOfOrderness)
                        .withTimestampAssigner((s, previous) -> s.eventTime().toEpochMilli()).withIdleness(idleness))
                .name("status-event-time").uid("status-watermarks").setBufferTimeout(flushMs)
                .keyBy(DeviceStatus::deviceId)
                .process(new DeviceOfflineAlerts(stateTtl))
                .name("device-offline-alerts").uid("device-offline-alerts").setBufferTimeout(flushMs);
        DataStream<LateEvent> lateReadings = floods.getSideOutput(FloodAlerts.LATE)
                .process(new LateEvents<EnvReading>(Alert.FLOOD, EnvReading::deviceId, EnvReading::eventTime))
                .name("flood-late-events").uid("flood-late-events");
        DataStream<LateEvent> lateStatuses = offline.getSideOutput(DeviceOfflineAlerts.LATE)
                .process(new LateEvents<DeviceStatus>(Alert.DEVICE_OFFLINE, DeviceStatus::deviceId, DeviceStatus::eventTime))
                .name("device-offline-late-events").uid("device-offline-late-events");
        return new PerEventOutputs(floods.union(offline), lateReadings.union(lateStatuses));
    }
}
