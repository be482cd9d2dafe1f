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
import org.iocity.model.records.DeviceStatus;

/**
 * Per device (keyed by device id), per status record, no window: {@code offline} (the last will the broker publishes
 * when a device drops its connection, or a clean stop) raises a {@code device-offline} alert at once; the device's
 * next {@code online} clears it. A repeated {@code offline} while the alert is open changes nothing.
 * <p>
 * Unlike {@link DeviceSilenceAlerts} (no data for minutes of event time), this is the broker's word that the connection
 * is gone, so it needs no timer. The watermark is only for late accounting: a status behind it goes to {@link #LATE}
 * and does not change the alert. State (offline since) exists only while the alert is open and has the job's TTL.
 */
public final class DeviceOfflineAlerts extends KeyedProcessFunction<String, DeviceStatus, Alert> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DeviceStatus> LATE = new OutputTag<>("late-device-status") {};
    static final String OFFLINE = "offline";
    static final String ONLINE = "online";

    private final Duration ttl;
    private transient ValueState<Long> offlineSince;

    public DeviceOfflineAlerts(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        offlineSince = StateTtl.value(getRuntimeContext(), "offline-since", Long.class, ttl);
    }

    @Override
    public void processElement(DeviceStatus s, Context ctx, Collector<Alert> out) throws Exception {
        if (s.eventTime().toEpochMilli() < ctx.timerService().currentWatermark()) {
            ctx.output(LATE, s);
            return;
        }
        Long since = offlineSince.value();
        if (OFFLINE.equals(s.state()) && since == null) {
            offlineSince.update(s.eventTime().toEpochMilli());
            out.collect(Alert.raised(Alert.DEVICE_OFFLINE, s.deviceId(), s.ward(), Alert.WARNING, s.eventTime(),
                    s.eventTime(), s.type() + " offline (connection lost or stopped)"));
        } else if (ONLINE.equals(s.state()) && since != null) {
            out.collect(Alert.cleared(Alert.DEVICE_OFFLINE, s.deviceId(), s.ward(), Alert.WARNING,
                    Instant.ofEpochMilli(since), s.eventTime(), s.type() + " online again"));
            offlineSince.clear();
        }
    }
}
