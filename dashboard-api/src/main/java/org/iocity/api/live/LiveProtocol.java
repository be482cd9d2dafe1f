package org.iocity.api.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.iocity.api.web.Text;
import org.iocity.model.records.Json;

/**
 * The JSON text frames of {@code /api/v1/live}.
 * <pre>
 * client → server   {"type":"subscribe","channels":["congestion"]}
 *                   {"type":"unsubscribe","channels":["congestion"]}
 *                   {"type":"ping"}
 * server → client   {"type":"snapshot","channel":"congestion","data":FeatureCollection}   after a subscribe
 *                   {"type":"update","channel":"congestion","data":Feature}               each new result
 *                   {"type":"update","channel":"congestion","data":{"id":…,"windowEnd":…,"confirmed":true}}
 *                                      the final result of a window shown as provisional, with the same numbers
 *                   {"type":"updates","channel":"congestion","data":[Feature or confirmation, …]}
 *                                      several updates of one channel that came together (a window's end), in order:
 *                                      the same as that many update messages
 * channels: congestion, heatmap, devices, sensors (GeoJSON), areas, kpi, alerts, intersection:&lt;id&gt; (see LiveViews);
 *           which a role may subscribe to is {@link ChannelAccess#channelRoles}
 *                   {"type":"pong"}
 *                   {"type":"error","detail":"..."}                                       the connection stays open
 * </pre>
 */
public final class LiveProtocol {
    public static final String CONGESTION = "congestion";
    public static final String HEATMAP = "heatmap";
    public static final String KPI = "kpi";
    public static final String ALERTS = "alerts";
    public static final String DEVICES = "devices";
    /** Congestion index of every ward and of the city (latest window each). */
    public static final String AREAS = "areas";
    /** Environmental sensors (GeoJSON points) with their latest reading and level. */
    public static final String SENSORS = "sensors";
    /** Followed by an intersection id: its signal performance bins and cycles. */
    public static final String INTERSECTION_PREFIX = "intersection:";
    public static final Set<String> CHANNELS = Set.of(CONGESTION, HEATMAP, KPI, ALERTS, DEVICES, AREAS, SENSORS);
    /**
     * The channels whose updates go ahead of the others (alerts raised and cleared, devices gone offline): pushed
     * first from a batch, and for a slow client held in a queue of their own that is written first.
     */
    public static final Set<String> URGENT = Set.of(ALERTS, DEVICES);
    /** How the channels are described in error messages. */
    public static final String DESCRIBED = "congestion, areas, heatmap, sensors, kpi, alerts, devices, intersection:<id>";

    /** What a congestion confirmation is coalesced under, after the segment id (never in place of a feature). */
    public static final String CONFIRMED_KEY_SUFFIX = "#confirmed";

    private LiveProtocol() {}

    /** The data of a congestion update saying that the segment's window ending {@code windowEnd} is final as shown. */
    public static com.fasterxml.jackson.databind.node.ObjectNode confirmation(String segmentId, java.time.Instant windowEnd) {
        var o = Json.mapper().createObjectNode();
        o.put("id", segmentId);
        o.put("windowEnd", windowEnd.toString());
        o.put("confirmed", true);
        return o;
    }

    /** A client message: {@code type} subscribe/unsubscribe/ping with its channels, or {@code error} with a detail. */
    public record Request(String type, Set<String> channels, String error) {
        static Request error(String detail) {
            return new Request("error", Set.of(), detail);
        }
    }

    public static Request parse(String text) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(text);
        } catch (IOException e) {
            return Request.error("not JSON: send {\"type\":\"subscribe\",\"channels\":[\"congestion\"]}");
        }
        if (node == null || !node.isObject()) return Request.error("a message must be a JSON object");
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) return Request.error("a message needs a type: subscribe, unsubscribe or ping");
        switch (type.asText()) {
            case "ping":
                return new Request("ping", Set.of(), null);
            case "subscribe":
            case "unsubscribe":
                JsonNode channels = node.get("channels");
                if (channels == null || !channels.isArray() || channels.isEmpty()) {
                    return Request.error(type.asText() + " needs channels, a non-empty array such as [\"congestion\"]");
                }
                Set<String> names = new LinkedHashSet<>();
                for (JsonNode c : channels) {
                    if (!c.isTextual()) return Request.error("channels must be strings");
                    names.add(c.asText());
                }
                return new Request(type.asText(), names, null);
            default:
                return Request.error("unknown message type " + Text.clip(type.asText())
                        + ": expected subscribe, unsubscribe or ping");
        }
    }

    /** The channel of one intersection. */
    public static String intersection(String id) {
        return INTERSECTION_PREFIX + id;
    }

    /** The intersection id of an {@code intersection:<id>} channel, or null for another channel. */
    public static String intersectionOf(String channel) {
        return channel.startsWith(INTERSECTION_PREFIX) ? channel.substring(INTERSECTION_PREFIX.length()) : null;
    }

    public static String error(String detail) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("type", "error");
        o.put("detail", detail);
        return Json.toString(o);
    }

    public static String pong() {
        return "{\"type\":\"pong\"}";
    }

    public static String snapshot(String channel, JsonNode data) {
        return message("snapshot", channel, data);
    }

    /** An update whose data is already JSON text. */
    static String update(String channel, String data) {
        return "{\"type\":\"update\",\"channel\":" + Json.toString(channel) + ",\"data\":" + data + "}";
    }

    /** Several updates of one channel, in order, as one message: {@code data} is their array (each JSON text). */
    static String updates(String channel, List<String> data) {
        return "{\"type\":\"updates\",\"channel\":" + Json.toString(channel) + ",\"data\":[" + String.join(",", data)
                + "]}";
    }

    /**
     * For a Java client: a received message as the messages it stands for, an {@code updates} message as one
     * {@code update} message per element (in order), any other message as itself.
     */
    public static List<JsonNode> unbatched(JsonNode message) {
        if (!"updates".equals(message.path("type").asText())) return List.of(message);
        List<JsonNode> each = new ArrayList<>();
        for (JsonNode d : message.path("data")) {
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("type", "update");
            o.set("channel", message.get("channel"));
            o.set("data", d);
            each.add(o);
        }
        return each;
    }

    private static String message(String type, String channel, JsonNode data) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("type", type);
        o.put("channel", channel);
        o.set("data", data);
        return Json.toString(o);
    }
}
