package org.iocity.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.iocity.ingest.contract.DeviceMessage;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.DeadLetter;
import org.iocity.model.records.Json;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;
import org.iocity.model.registry.Registry;

/**
 * The framework-free core of the gateway: one MQTT message in, one {@link Decision} out. Valid messages become
 * normalised records keyed by device id (so each device's order is kept in its partition); everything else
 * becomes a {@link DeadLetter} with the raw bytes and the reason.
 */
public final class MessageRouter {
    private final List<DeviceStream> streams;
    private final AtomicReference<Registry> registry;
    private final int maxPayloadBytes;

    public MessageRouter(List<DeviceStream> streams, Registry registry, int maxPayloadBytes) {
        this.streams = List.copyOf(streams);
        this.registry = new AtomicReference<>(registry);
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** Every device stream of the contract with the default age limits, in the order topics are matched. */
    public static List<DeviceStream> allStreams() {
        return allStreams(AgeLimits.DEFAULTS);
    }

    /** Every device stream of the contract, in the order topics are matched. */
    public static List<DeviceStream> allStreams(AgeLimits ages) {
        return List.of(new CameraCountsStream(ages.camera()), new SignalEventsStream(ages.signal()),
                new EnvReadingsStream(ages.sensor()), new DeviceStatusStream());
    }

    public Registry registry() {
        return registry.get();
    }

    public List<DeviceStream> streams() {
        return streams;
    }

    /** Swaps in a newly loaded registry; messages after this see it. */
    public void registry(Registry next) {
        registry.set(next);
    }

    public Decision route(String mqttTopic, byte[] payload, Instant receivedAt) {
        String[] levels = mqttTopic.split("/", -1);
        String topicDevice = levels.length >= 4 ? levels[3] : null;
        DeviceStream stream = null;
        if (levels.length >= 4 && Topics.MQTT_PREFIX.equals(levels[0] + "/" + levels[1] + "/")) {
            for (DeviceStream s : streams) {
                if (s.handles(levels)) {
                    stream = s;
                    break;
                }
            }
        }
        try {
            if (stream == null) {
                throw new Rejection(RejectReason.UNKNOWN_TOPIC, "no device stream is published on " + mqttTopic);
            }
            DeviceStream.Normalised n = stream.normalise(levels, payload, registry.get(), maxPayloadBytes, receivedAt);
            if (n.refused().isEmpty() && n.vendorCodes().isEmpty()) {
                return Decision.forward(stream.kafkaTopic(), topicDevice, n.value(), n.seq());
            }
            // a batch with bad parts: the good ones go on, each bad one is dead-lettered alone with its raw bytes
            List<Decision.Out> out = new ArrayList<>(n.refused().size() + 1);
            if (n.value() != null) out.add(new Decision.Out(stream.kafkaTopic(), topicDevice, n.value(), false, null));
            for (DeviceStream.RefusedPart part : n.refused()) {
                out.add(deadLetter(mqttTopic, topicDevice, part.rejection(), part.raw(), receivedAt));
            }
            return new Decision(out, n.value() != null ? n.seq() : DeviceContract.NO_SEQ,
                    n.value() != null ? n.vendorCodes() : List.of());
        } catch (Rejection r) {
            String deviceId = topicDevice != null ? topicDevice : DeviceMessage.deviceIdOrNull(payload);
            return new Decision(List.of(deadLetter(mqttTopic, deviceId, r, payload, receivedAt)), DeviceContract.NO_SEQ, List.of());
        }
    }

    private static Decision.Out deadLetter(String mqttTopic, String deviceId, Rejection r, byte[] raw, Instant receivedAt) {
        DeadLetter dl = DeadLetter.of("mqtt", mqttTopic, deviceId, r, raw, receivedAt);
        return new Decision.Out(Topics.DEADLETTER, deviceId != null ? deviceId : mqttTopic, Json.toBytes(dl), true,
                r.reason().name());
    }
}
