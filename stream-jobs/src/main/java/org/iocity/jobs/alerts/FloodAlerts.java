package org.iocity.jobs.alerts;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.iocity.jobs.common.StateTtl;
import org.iocity.model.records.Alert;
import org.iocity.model.records.EnvReading;

/**
 * Per water-level sensor (keyed by device id), per reading, no window: a reading over {@code warnAboveCm} (the wall's
 * "10-30cm" level, default 10 cm) raises a {@code flood} alert at once, {@code warning}; over {@code criticalAboveCm}
 * (impassable, default 30 cm) it is {@code critical}, and an open warning is raised again as critical under the same
 * id. The alert clears at the first reading at or below {@code clearAtCm} (default 8 cm): the gap to the raise level
 * is the hysteresis, so a level wobbling around 10 cm does not raise and clear on every reading.
 * <p>
 * The watermark is only for late accounting: a reading behind it goes to {@link #LATE} (counted on {@code ioc.late})
 * and does not change the alert, whose picture the newer readings already gave. State (since, severity) exists only
 * while an alert is open, is cleared with it and has the job's TTL.
 */
public final class FloodAlerts extends KeyedProcessFunction<String, EnvReading, Alert> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<EnvReading> LATE = new OutputTag<>("late-water-readings") {};

    /** Water levels (cm above the street) of the alert; {@code clearAtCm} below {@code warnAboveCm}. */
    public record Thresholds(double warnAboveCm, double criticalAboveCm, double clearAtCm) implements java.io.Serializable {
        public static final Thresholds DEFAULT = new Thresholds(10, 30, 8);

        public Thresholds {
            if (!(clearAtCm < warnAboveCm && warnAboveCm < criticalAboveCm)) {
                throw new IllegalArgumentException("flood thresholds need clear < warn < critical, were " + clearAtCm
                        + " / " + warnAboveCm + " / " + criticalAboveCm + " cm");
            }
        }
    }

    private final Thresholds thresholds;
    private final Duration ttl;
    private transient ValueState<Long> since;
    private transient ValueState<String> severity;

    public FloodAlerts(Thresholds thresholds, Duration ttl) {
        this.thresholds = thresholds;
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        since = StateTtl.value(getRuntimeContext(), "flood-since", Long.class, ttl);
        severity = StateTtl.value(getRuntimeContext(), "flood-severity", String.class, ttl);
    }

    @Override
    public void processElement(EnvReading r, Context ctx, Collector<Alert> out) throws Exception {
        if (r.eventTime().toEpochMilli() < ctx.timerService().currentWatermark()) {
            ctx.output(LATE, r);
            return;
        }
        double cm = r.waterLevelCm();
        Long s = since.value();
        if (cm > thresholds.warnAboveCm()) {
            String level = cm > thresholds.criticalAboveCm() ? Alert.CRITICAL : Alert.WARNING;
            if (s != null && (level.equals(severity.value()) || Alert.WARNING.equals(level))) return; // still up
            Instant start = s == null ? r.eventTime() : Instant.ofEpochMilli(s);
            since.update(start.toEpochMilli());
            severity.update(level);
            out.collect(Alert.raised(Alert.FLOOD, r.deviceId(), r.ward(), level, start, r.eventTime(),
                    "water " + Math.round(cm) + " cm above the street" + (Alert.CRITICAL.equals(level) ? " (impassable)" : "")));
        } else if (s != null && cm <= thresholds.clearAtCm()) {
            out.collect(Alert.cleared(Alert.FLOOD, r.deviceId(), r.ward(), severity.value(), Instant.ofEpochMilli(s),
                    r.eventTime(), "water down to " + Math.round(cm) + " cm"));
            since.clear();
            severity.clear();
        }
    }
}
