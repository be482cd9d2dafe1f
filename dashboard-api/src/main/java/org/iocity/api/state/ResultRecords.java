package org.iocity.api.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.iocity.api.web.Text;
import org.iocity.model.Alert;
import org.iocity.model.AreaCongestion;
import org.iocity.model.DailySummary;
import org.iocity.model.DeviceStatus;
import org.iocity.model.EnvReading;
import org.iocity.model.EnvReadings;
import org.iocity.model.HeatmapCell;
import org.iocity.model.Json;
import org.iocity.model.ServiceKpi;
import org.iocity.model.SignalCycle;
import org.iocity.model.SignalPerformance;
import org.iocity.model.Topics;

/**
 * Reads one record of a topic the live state follows into its model record, telling records that share a topic apart
 * by their {@code kind} ({@code ioc.kpi}: {@code live}/{@code day} vs {@code daily-summary};
 * {@code ioc.signal.performance}: {@code bin} vs {@code cycle}; {@code ioc.congestion}: {@code area} vs segment results
 * without a kind) or {@code action} ({@code ioc.audit}); an {@code ioc.congestion.live} record is an
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
                case Topics.CONGESTION -> !AreaCongestion.KIND.equals(node.path("kind").asText())
                        ? Parsed.error("unknown kind " + Text.clip(node.path("kind").asText()) + " on " + topic
                                + ": expected area or a segment result without kind")
                        : check(convert(node, AreaCongestion.class), a -> a.area() != null && a.areaType() != null && a.windowEnd() != null,
                        "an area congestion needs area, areaType, windowEnd");
                case Topics.ENV_READINGS -> check(convert(node, EnvReading.class),
                        r -> r.deviceId() != null && r.eventTime() != null && EnvReadings.KINDS.contains(r.kind())
                                && EnvLevels.hasValue(r),
                        "an env reading needs deviceId, eventTime, kind air|water|noise and that kind's value");
                case Topics.ALERTS -> check(convert(node, Alert.class), a -> a.id() != null && a.state() != null
                        && (Alert.RAISED.equals(a.state()) || Alert.CLEARED.equals(a.state())), "an alert needs id and state raised|cleared");
                case Topics.KPI -> switch (node.path("kind").asText()) {
                    case ServiceKpi.LIVE, ServiceKpi.DAY -> check(convert(node, ServiceKpi.class),
                            k -> k.area() != null && k.areaType() != null && (k.day() != null || ServiceKpi.LIVE.equals(k.kind())),
                            "a KPI needs areaType, area (and day for kind day)");
                    case DailySummary.KIND -> check(convert(node, DailySummary.class),
                            d -> d.day() != null && d.area() != null && d.areaType() != null, "a daily summary needs day, areaType, area");
                    default -> Parsed.error("unknown kind " + Text.clip(node.path("kind").asText())
                            + " on " + topic + ": expected live, day or daily-summary");
                };
                case Topics.COMPLAINT_HEATMAP -> check(convert(node, HeatmapCell.class),
                        c -> c.window() != null && c.areaType() != null && c.area() != null && c.category() != null,
                        "a heatmap cell needs window, areaType, area, category");
                case Topics.SIGNAL_PERFORMANCE -> switch (node.path("kind").asText()) {
                    case SignalPerformance.KIND -> check(convert(node, SignalPerformance.class),
                            b -> b.intersectionId() != null && b.binStart() != null && b.binEnd() != null,
                            "a bin needs intersectionId, binStart, binEnd");
                    case SignalCycle.KIND -> check(convert(node, SignalCycle.class),
                            c -> c.intersectionId() != null && c.start() != null && c.end() != null,
                            "a cycle needs intersectionId, start, end");
                    default -> Parsed.error("unknown kind " + Text.clip(node.path("kind").asText())
                            + " on " + topic + ": expected bin or cycle");
                };
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
            return Parsed.error(firstLine(e.getMessage()));
        }
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
