package org.iocity.jobs.alerts;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.iocity.jobs.common.StateTtl;
import org.iocity.model.records.Alert;
import org.iocity.model.records.CameraObservation;

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
 * State: one {@link CameraWatch} per camera (the last event time, the ward, whether an alert is up: one read and at most
 * one write per observation) and one timer. The timer is not replaced on each observation (a delete and a register in
 * the timer heap for every interval): it stays where it was set, and when it fires before the camera's last observation
 * + after it moves itself there, so a camera reporting every 10 s costs one timer per {@code after}, and the alert is
 * still raised when event time reaches exactly last + after. A camera that stays silent keeps its watch, raised, until
 * the TTL drops it. Repeated copies of an observation need no filtering here: they move no clock.
 */
public final class DeviceSilenceAlerts extends KeyedProcessFunction<String, CameraObservation, Alert> {
    private static final long serialVersionUID = 1L;

    private final long afterMs;
    private final Duration ttl;
    private transient ValueState<CameraWatch> watch;

    public DeviceSilenceAlerts(Duration after, Duration ttl) {
        this.afterMs = after.toMillis();
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        watch = StateTtl.value(getRuntimeContext(), "camera-watch", CameraWatch.class, ttl);
    }

    @Override
    public void processElement(CameraObservation o, Context ctx, Collector<Alert> out) throws Exception {
        long t = o.eventTime().toEpochMilli();
        CameraWatch w = watch.value();
        boolean watchFromHere = w == null || w.silent; // else the pending timer moves itself
        if (w == null) {
            w = new CameraWatch();
        } else if (w.silent) {
            out.collect(Alert.cleared(Alert.DEVICE_SILENT, o.deviceId(), o.ward(), Alert.WARNING,
                    Instant.ofEpochMilli(w.lastSeen), o.eventTime(), "camera reports again"));
            w.silent = false;
        } else if (t <= w.lastSeen) {
            return; // an older interval arriving out of order (or a copy) does not move the clock
        }
        w.lastSeen = t;
        w.ward = o.ward();
        watch.update(w);
        if (watchFromHere) ctx.timerService().registerEventTimeTimer(t + afterMs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        CameraWatch w = watch.value();
        if (w == null || w.silent) return;
        if (w.lastSeen + afterMs > timestamp) { // observed since the timer was set: watch from the last observation
            ctx.timerService().registerEventTimeTimer(w.lastSeen + afterMs);
            return;
        }
        w.silent = true;
        watch.update(w);
        out.collect(Alert.raised(Alert.DEVICE_SILENT, ctx.getCurrentKey(), w.ward, Alert.WARNING,
                Instant.ofEpochMilli(w.lastSeen), Instant.ofEpochMilli(timestamp), "no observation for "
                        + Duration.ofMillis(afterMs).toSeconds() + " s"));
    }
}
