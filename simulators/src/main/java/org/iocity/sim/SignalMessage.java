package org.iocity.sim;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.records.SignalEvent;

/**
 * One batch of a signal controller on {@code ioc/v1/signal/{id}/events}, device contract v1: {@code ts} is the end of
 * the batch, {@code events} its hi-res events in time order.
 */
@JsonPropertyOrder({"v", "deviceId", "seq", "ts", "events"})
public record SignalMessage(int v, String deviceId, long seq, String ts, List<Event> events) {

    @JsonPropertyOrder({"ts", "code", "param"})
    public record Event(String ts, int code, int param) {}

    public static SignalMessage of(String deviceId, long seq, Instant batchEnd, List<SignalEvent> events) {
        return new SignalMessage(DeviceContract.SCHEMA_VERSION, deviceId, seq, CameraMessageFactory.timestamp(batchEnd),
                events.stream().map(e -> new Event(CameraMessageFactory.timestamp(e.ts()), e.code(), e.param())).toList());
    }
}
