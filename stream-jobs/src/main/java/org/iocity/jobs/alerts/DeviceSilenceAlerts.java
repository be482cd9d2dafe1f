package org.iocity.jobs.alerts;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.iocity.model.Alert;
import org.iocity.model.CameraObservation;

/**
 * Per camera (keyed by device id), in event time: when no observation of the camera is seen for {@code after}
 * (default 3 min) past its last one while the rest of the city's event time moves on, a {@code device-silent} alert is
 * raised; its next observation clears it.
 * <p>
 * Event time, not processing time: the alert is a function of the data, so a replay from Kafka or a restore from a
 * checkpoint gives the same alerts, and a backlog being caught up does not raise false alarms. The cost: when every
 * device falls silent at once (a feed outage), the watermark stops and no alert is raised — a whole-feed outage is
 * seen in consumer lag, not here.
 * <p>
 * State: the last event time, whether an alert is up, the ward; one timer per camera. The timer is not replaced on each
 * observation (a delete and a register in the timer heap for every interval): it stays where it was set, and when it
 * fires before the camera's last observation + after it moves itself there, so a camera reporting every 10 s costs
 * one timer per {@code after}, and the alert is still raised when event time reaches exactly last + after. A camera
 * that stays silent keeps only its raised flag, dropped by the TTL.
 */
public final class DeviceSilenceAlerts extends KeyedProcessFunction<String, CameraObservation, Alert> {
    private static final long serialVersionUID = 1L;

    private final long afterMs;
    private final Duration ttl;
    private transient ValueState<Long> lastSeen;
    private transient ValueState<Long> silentSince;
    private transient ValueState<String> ward;

    public DeviceSilenceAlerts(Duration after, Duration ttl) {
        this.afterMs = after.toMillis();
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        lastSeen = state("last-seen", Long.class);
        silentSince = state("silent-since", Long.class);
        ward = state("ward", String.class);
    }

    private <T> ValueState<T> state(String name, Class<T> type) {
        return StateTtl.value(getRuntimeContext(), name, type, ttl);
    }

    @Override
    public void processElement(CameraObservation o, Context ctx, Collector<Alert> out) throws Exception {
        long t = o.eventTime().toEpochMilli();
        Long last = lastSeen.value();
        Long silent = last == null ? silentSince.value() : null; // raised only after the last observation is dropped
        if (silent != null) {
            out.collect(Alert.cleared(Alert.DEVICE_SILENT, o.deviceId(), o.ward(), Alert.WARNING, Instant.ofEpochMilli(silent),
                    o.eventTime(), "camera reports again"));
            silentSince.clear();
        }
        if (last != null && t <= last) return; // an older interval arriving out of order does not move the clock
        lastSeen.update(t);
        ward.update(o.ward());
        if (last == null) ctx.timerService().registerEventTimeTimer(t + afterMs); // else the pending one moves itself
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Long last = lastSeen.value();
        if (last == null) return;
        if (last + afterMs > timestamp) { // observed since the timer was set: watch from the last observation
            ctx.timerService().registerEventTimeTimer(last + afterMs);
            return;
        }
        silentSince.update(last);
        out.collect(Alert.raised(Alert.DEVICE_SILENT, ctx.getCurrentKey(), ward.value(), Alert.WARNING,
                Instant.ofEpochMilli(last), Instant.ofEpochMilli(timestamp), "no observation for "
                        + Duration.ofMillis(afterMs).toSeconds() + " s"));
        lastSeen.clear();
        ward.clear();
    }
}
