package org.iocity.ingest.contract;

import static org.iocity.model.contract.DeviceContract.MAX_CODE;
import static org.iocity.model.contract.DeviceContract.MAX_EVENTS;
import static org.iocity.model.contract.DeviceContract.MAX_PARAM;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    /** An event refused alone: its index in the batch, why, and its raw JSON. */
    public record RefusedEvent(int index, Rejection rejection, byte[] raw) {}

    /**
     * A controller message read event by event.
     *
     * @param batch the accepted events (at least one) with the envelope, intersection and ward
     * @param refused the events refused alone, in batch order
     * @param vendorCodes the codes outside the Indiana enumeration among the accepted events, one per event
     */
    public record Read(SignalEventBatch batch, List<RefusedEvent> refused, List<Integer> vendorCodes) {}

    /**
     * Reads a controller message (strictly: for devices and tests that send only good events): as
     * {@link #read}, and the first event refused, if any, refuses the message.
     */
    public static SignalEventBatch parse(byte[] payload, String topicDeviceId, Registry registry, int maxBytes,
                                         Instant receivedAt) throws Rejection {
        Read r = read(payload, topicDeviceId, registry, maxBytes, receivedAt, DeviceContract.MAX_AGE_SIGNAL);
        if (!r.refused().isEmpty()) throw r.refused().get(0).rejection();
        return r.batch();
    }

    /**
     * Reads a controller message: the envelope ({@code ts} within {@code maxAge}), a non-empty batch of at most
     * {@link DeviceContract#MAX_EVENTS} events, and the registry (the device must be a signal controller; its
     * intersection and ward are added) — any of these wrong refuses the message. Then each event on its own: an
     * object {@code {ts, code, param}}, code and param 0..{@value DeviceContract#MAX_CODE}, {@code ts} not before the
     * previous accepted event's, not ahead of the gateway clock, not older than {@code maxAge}; a bad event is
     * refused alone (its reason names its index and field) and the others are kept. A batch whose every event is
     * refused is refused whole.
     */
    public static Read read(byte[] payload, String topicDeviceId, Registry registry, int maxBytes,
                            Instant receivedAt, Duration maxAge) throws Rejection {
        DeviceMessage msg = DeviceMessage.parse(payload, topicDeviceId, maxBytes, receivedAt, maxAge);
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
        List<RefusedEvent> refused = List.of();
        List<Integer> vendorCodes = List.of();
        Instant previous = null;
        int previousIndex = -1;
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            SignalEvent event;
            try {
                event = event(i, e, previous, previousIndex, receivedAt, maxAge);
            } catch (Rejection r) {
                if (refused.isEmpty()) refused = new ArrayList<>();
                refused.add(new RefusedEvent(i, r, e.toString().getBytes(StandardCharsets.UTF_8)));
                continue;
            }
            if (!DeviceContract.isIndianaCode(event.code())) {
                if (vendorCodes.isEmpty()) vendorCodes = new ArrayList<>();
                vendorCodes.add(event.code());
            }
            previous = event.ts();
            previousIndex = i;
            out.add(event);
        }
        if (out.isEmpty()) {
            // nothing to forward: the message is refused whole, raw bytes and envelope kept in one dead letter
            Rejection first = refused.get(0).rejection();
            throw new Rejection(first.reason(), (refused.size() == 1 ? "" : "every event of the batch was refused ("
                    + refused.size() + "), the first: ") + first.detail());
        }
        String ward = device.ward();
        if (ward == null && device.intersectionId() != null) {
            ward = registry.intersection(device.intersectionId()).map(Registry.Intersection::ward).orElse(null);
        }
        return new Read(new SignalEventBatch(msg.deviceId(), msg.seq(), msg.ts(), receivedAt, device.intersectionId(),
                ward, List.copyOf(out)), refused, vendorCodes);
    }

    private static SignalEvent event(int i, JsonNode e, Instant previous, int previousIndex, Instant receivedAt,
                                     Duration maxAge) throws Rejection {
        if (!e.isObject()) throw new Rejection(RejectReason.WRONG_TYPE, "events[" + i + "] must be an object {ts, code, param}, was " + abbreviate(e));
        Instant ts = field(i, () -> DeviceMessage.requiredInstant(e, "ts"));
        int code = field(i, () -> (int) DeviceMessage.requiredLong(e, "code", 0, MAX_CODE));
        int param = field(i, () -> (int) DeviceMessage.requiredLong(e, "param", 0, MAX_PARAM));
        if (previous != null && ts.isBefore(previous)) {
            throw new Rejection(RejectReason.OUT_OF_ORDER, "events[" + i + "].ts " + ts + " is before events[" + previousIndex + "].ts " + previous);
        }
        if (ts.isAfter(receivedAt.plus(DeviceContract.MAX_CLOCK_AHEAD))) {
            throw new Rejection(RejectReason.OUT_OF_RANGE, "events[" + i + "].ts " + ts + " is more than "
                    + DeviceContract.MAX_CLOCK_AHEAD.toMinutes() + " min ahead of the gateway clock " + receivedAt);
        }
        field(i, () -> {
            DeviceMessage.checkAge("ts", ts, receivedAt, maxAge);
            return null;
        });
        return new SignalEvent(ts, code, param);
    }

    private interface FieldRead<T> {
        T get() throws Rejection;
    }

    /** Prefixes a field's rejection with the event's index. */
    private static <T> T field(int index, FieldRead<T> read) throws Rejection {
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
