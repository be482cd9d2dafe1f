package org.iocity.api.state;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import java.io.IOException;
import org.iocity.api.web.Text;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.Alert;
import org.iocity.model.records.AreaCongestion;
import org.iocity.model.records.CongestionTopicRecord;
import org.iocity.model.records.DailySummary;
import org.iocity.model.records.DeviceStatus;
import org.iocity.model.records.EnvReading;
import org.iocity.model.records.HeatmapCell;
import org.iocity.model.records.Json;
import org.iocity.model.records.KpiTopicRecord;
import org.iocity.model.records.ServiceKpi;
import org.iocity.model.records.SignalCycle;
import org.iocity.model.records.SignalPerformance;
import org.iocity.model.records.SignalPerformanceTopicRecord;

/**
 * Reads one record of a topic the live state follows into its model record; records that share a topic are read as
 * the topic's sealed type ({@link KpiTopicRecord}, {@link SignalPerformanceTopicRecord}, {@link CongestionTopicRecord},
 * told apart by Jackson on their {@code kind}) and matched by type, {@code ioc.audit} by {@code action}; an {@code ioc.congestion.live} record is an
 * {@link Provisional} segment or area result; else the
 * one-line reason it is unusable.
 */
public final class ResultRecords {
    private ResultRecords() {}

    /** Exactly one of {@code result} and {@code error} is set. */
    public record Parsed(Object result, String error) {
        static Parsed error(String e) {
            return new Parsed(null, e);
        }
    }

    public static Parsed parse(String topic, byte[] value) {
        if (Topics.CONGESTION.equals(topic) && !isArea(value)) {
            CongestionRecords.Parsed p = CongestionRecords.parse(value);
            return new Parsed(p.result(), p.error());
        }
        if (Topics.CONGESTION_LIVE.equals(topic)) {
            Parsed p = parse(Topics.CONGESTION, value);
            return new Parsed(p.result() == null ? null : new Provisional(p.result()), p.error());
        }
        if (value == null || value.length == 0) return Parsed.error("empty value");
        JsonNode node;
        try {
            node = Json.mapper().readTree(value);
        } catch (IOException e) {
            return Parsed.error(firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) return Parsed.error("not a JSON object");
        try {
            return switch (topic) {
                case Topics.CONGESTION -> convert(node, CongestionTopicRecord.class) instanceof AreaCongestion a
                        ? check(a, x -> x.area() != null && x.areaType() != null && x.windowEnd() != null,
                                "an area congestion needs area, areaType, windowEnd")
                        : unknownKind(node, topic, CongestionTopicRecord.class, "or a segment result without kind");
                case Topics.ENV_READINGS -> check(convert(node, EnvReading.class),
                        r -> r.deviceId() != null && r.eventTime() != null && DeviceContract.ENV_KINDS.contains(r.kind())
                                && EnvLevels.hasValue(r),
                        "an env reading needs deviceId, eventTime, kind air|water|noise and that kind's value");
                case Topics.ALERTS -> check(convert(node, Alert.class), a -> a.id() != null && a.state() != null
                        && (Alert.RAISED.equals(a.state()) || Alert.CLEARED.equals(a.state())), "an alert needs id and state raised|cleared");
                case Topics.KPI -> {
                    KpiTopicRecord r = convert(node, KpiTopicRecord.class);
                    if (r instanceof ServiceKpi kpi) {
                        yield check(kpi, k -> k.area() != null && k.areaType() != null
                                        && (k.day() != null || ServiceKpi.LIVE.equals(k.kind())),
                                "a KPI needs areaType, area (and day for kind day)");
                    }
                    yield check((DailySummary) r, d -> d.day() != null && d.area() != null && d.areaType() != null,
                            "a daily summary needs day, areaType, area");
                }
                case Topics.COMPLAINT_HEATMAP -> check(convert(node, HeatmapCell.class),
                        c -> c.window() != null && c.areaType() != null && c.area() != null && c.category() != null,
                        "a heatmap cell needs window, areaType, area, category");
                case Topics.SIGNAL_PERFORMANCE -> {
                    SignalPerformanceTopicRecord r = convert(node, SignalPerformanceTopicRecord.class);
                    if (r instanceof SignalPerformance bin) {
                        yield check(bin, b -> b.intersectionId() != null && b.binStart() != null && b.binEnd() != null,
                                "a bin needs intersectionId, binStart, binEnd");
                    }
                    yield check((SignalCycle) r, c -> c.intersectionId() != null && c.start() != null && c.end() != null,
                            "a cycle needs intersectionId, start, end");
                }
                case Topics.DEVICE_STATUS -> check(convert(node, DeviceStatus.class),
                        s -> s.deviceId() != null && s.state() != null && s.eventTime() != null,
                        "a device status needs deviceId, state, eventTime");
                case Topics.AUDIT -> switch (node.path("action").asText()) {
                    case PlanAuditRecord.ACTION -> check(convert(node, PlanAuditRecord.class),
                            r -> r.id() != null && r.signalId() != null && r.time() != null, "a plan record needs id, signalId, time");
                    case AlertAck.ACTION -> check(convert(node, AlertAck.class),
                            a -> a.alertId() != null && a.time() != null, "an ack needs alertId and time");
                    default -> Parsed.error("unknown audit action " + Text.clip(node.path("action").asText()));
                };
                default -> Parsed.error("not a topic the live state follows: " + topic);
            };
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof InvalidTypeIdException t) {
                return unknownKind(node, topic, t.getBaseType().getRawClass(), "");
            }
            return Parsed.error(firstLine(e.getMessage()));
        }
    }

    /** A {@code kind} the topic's sealed record type does not list (or none where every record has one). */
    private static Parsed unknownKind(JsonNode node, String topic, Class<?> sealed, String orElse) {
        JsonSubTypes types = sealed.getAnnotation(JsonSubTypes.class);
        String kinds = types == null ? "" : Arrays.stream(types.value())
                .flatMap(t -> t.names().length > 0 ? Arrays.stream(t.names()) : Stream.of(t.name()))
                .collect(Collectors.joining(", "));
        return Parsed.error("unknown kind " + Text.clip(node.path("kind").asText()) + " on " + topic
                + ": expected " + kinds + (orElse.isEmpty() ? "" : " " + orElse));
    }

    /**
     * Whether an {@code ioc.congestion} value may be an {@link AreaCongestion}: segment results have no {@code kind}
     * field, so a value without the bytes {@code "kind"} is parsed straight into a segment result (once), and one
     * with them as a tree, where a kind other than {@code area} is refused.
     */
    static boolean isArea(byte[] value) {
        if (value == null) return false;
        byte[] key = {'"', 'k', 'i', 'n', 'd', '"'};
        outer:
        for (int i = 0; i + key.length <= value.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (value[i + j] != key[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    private static <T> T convert(JsonNode node, Class<T> type) {
        return Json.mapper().convertValue(node, type);
    }

    private static <T> Parsed check(T value, java.util.function.Predicate<T> ok, String otherwise) {
        return value != null && ok.test(value) ? new Parsed(value, null) : Parsed.error(otherwise);
    }

    private static String firstLine(String m) {
        if (m == null) return "not JSON";
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
