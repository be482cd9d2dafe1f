package org.iocity.ingest.contract;

import static org.iocity.model.contract.DeviceContract.MAX_CODE;
import static org.iocity.model.contract.DeviceContract.MAX_EVENTS;
import static org.iocity.model.contract.DeviceContract.MAX_PARAM;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;
import org.iocity.model.records.SignalEvent;
import org.iocity.model.records.SignalEventBatch;
import org.iocity.model.registry.Registry;

/**
 * Validation and normalisation of {@code ioc/v1/signal/{id}/events} messages into {@link SignalEventBatch}es:
 * a batch of hi-res events ({@code ts}, {@code code}, {@code param}; Indiana enumerations) in time order.
 */
public final class SignalEvents {
    private SignalEvents() {}

    /**
     * Reads a controller message: envelope, a non-empty batch of at most {@link DeviceContract#MAX_EVENTS} events in time order
     * (equal times allowed), and the registry (the device must be a signal controller; its intersection and ward are
     * added).
     */
    public static SignalEventBatch parse(byte[] payload, String topicDeviceId, Registry registry, int maxBytes,
                                         Instant receivedAt) throws Rejection {
        DeviceMessage msg = DeviceMessage.parse(payload, topicDeviceId, maxBytes, receivedAt);
        Registry.Device device = registry.device(msg.deviceId())
                .filter(d -> "signal".equals(d.type()))
                .orElseThrow(() -> new Rejection(RejectReason.UNKNOWN_DEVICE, "signal controller " + msg.deviceId() + " is not in the device registry"));
        JsonNode events = msg.root().get("events");
        if (events == null || events.isNull()) throw new Rejection(RejectReason.MISSING_FIELD, "events is missing");
        if (!events.isArray()) throw new Rejection(RejectReason.WRONG_TYPE, "events must be an array of {ts, code, param}, was " + abbreviate(events));
        if (events.isEmpty()) throw new Rejection(RejectReason.OUT_OF_RANGE, "events is empty; a batch has 1.." + MAX_EVENTS + " events");
        if (events.size() > MAX_EVENTS) {
            throw new Rejection(RejectReason.OUT_OF_RANGE, "events has " + events.size() + " events; a batch has 1.." + MAX_EVENTS);
        }
        List<SignalEvent> out = new ArrayList<>(events.size());
        Instant previous = null;
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            if (!e.isObject()) throw new Rejection(RejectReason.WRONG_TYPE, "events[" + i + "] must be an object {ts, code, param}, was " + abbreviate(e));
            Instant ts = field(i, () -> DeviceMessage.requiredInstant(e, "ts"));
            int code = field(i, () -> (int) DeviceMessage.requiredLong(e, "code", 0, MAX_CODE));
            int param = field(i, () -> (int) DeviceMessage.requiredLong(e, "param", 0, MAX_PARAM));
            if (previous != null && ts.isBefore(previous)) {
                throw new Rejection(RejectReason.OUT_OF_ORDER, "events[" + i + "].ts " + ts + " is before events[" + (i - 1) + "].ts " + previous);
            }
            if (ts.isAfter(receivedAt.plus(DeviceContract.MAX_CLOCK_AHEAD))) {
                throw new Rejection(RejectReason.OUT_OF_RANGE, "events[" + i + "].ts " + ts + " is more than "
                        + DeviceContract.MAX_CLOCK_AHEAD.toMinutes() + " min ahead of the gateway clock " + receivedAt);
            }
            previous = ts;
            out.add(new SignalEvent(ts, code, param));
        }
        String ward = device.ward();
        if (ward == null && device.intersectionId() != null) {
            ward = registry.intersection(device.intersectionId()).map(Registry.Intersection::ward).orElse(null);
        }
        return new SignalEventBatch(msg.deviceId(), msg.seq(), msg.ts(), receivedAt, device.intersectionId(), ward, List.copyOf(out));
    }

    private interface Read<T> {
        T get() throws Rejection;
    }

    /** Prefixes a field's rejection with the event's index. */
    private static <T> T field(int index, Read<T> read) throws Rejection {
        try {
            return read.get();
        } catch (Rejection r) {
            throw new Rejection(r.reason(), "events[" + index + "]." + r.detail());
        }
    }

    static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
