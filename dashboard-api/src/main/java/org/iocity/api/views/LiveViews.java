package org.iocity.api.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.iocity.api.live.LiveProtocol;
import org.iocity.api.state.CongestionState;
import org.iocity.api.state.ResultState;
import org.iocity.model.records.AreaCongestion;
import org.iocity.model.records.DeviceStatus;
import org.iocity.model.records.EnvReading;
import org.iocity.model.records.HeatmapCell;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;

/**
 * What each live channel shows, for {@link org.iocity.api.live.LiveHub}: the snapshot sent after a subscribe and the data of each
 * update. congestion, heatmap, devices and sensors are GeoJSON (a FeatureCollection, then one Feature per update);
 * areas is {@code {"city":…,"wards":[…]}} (latest {@code AreaCongestion} each), then one area per update; kpi is
 * {@code {"kpis":[live ServiceKpi…],"summaries":[latest DailySummary per area]}}, then one record per update (tell
 * them apart by {@code kind}); alerts is {@code {"alerts":[open alerts]}}, then one alert per change (cleared ones
 * too); {@code intersection:<id>} is {@code {"bins":[last 24 h],"cycles":[last 100]}}, then one bin or cycle.
 */
public final class LiveViews {
    static final Duration INTERSECTION_BINS = Duration.ofHours(24);
    static final int INTERSECTION_CYCLES = 100;

    private final Registry registry;
    private final CongestionState congestion;
    private final ResultState results;
    private final GeoJson geoJson;
    private final MapLayers layers;
    private final Clock clock;

    public LiveViews(Registry registry, CongestionState congestion, ResultState results, GeoJson geoJson, MapLayers layers,
              Clock clock) {
        this.registry = registry;
        this.congestion = congestion;
        this.results = results;
        this.geoJson = geoJson;
        this.layers = layers;
        this.clock = clock;
    }

    /** The snapshot of a channel, or null when there is no such channel. */
    public JsonNode snapshot(String channel) {
        switch (channel) {
            case LiveProtocol.CONGESTION:
                return geoJson.featureCollection(congestion, CongestionFilter.ALL);
            case LiveProtocol.HEATMAP:
                return GeoJson.featureCollection(results.heatmap(null, null, null, null).stream().map(layers::cell).toList());
            case LiveProtocol.DEVICES:
                return devices(null);
            case LiveProtocol.SENSORS:
                return sensors(null);
            case LiveProtocol.AREAS:
                return areas(null);
            case LiveProtocol.KPI: {
                ObjectNode o = Json.mapper().createObjectNode();
                o.set("kpis", Json.mapper().valueToTree(results.kpis(null, null)));
                o.set("summaries", Json.mapper().valueToTree(results.latestSummaries()));
                return o;
            }
            case LiveProtocol.ALERTS: {
                ObjectNode o = Json.mapper().createObjectNode();
                o.set("alerts", Json.mapper().valueToTree(results.alerts(true)));
                return o;
            }
            default:
                String id = LiveProtocol.intersectionOf(channel);
                if (id == null || registry.intersection(id).isEmpty()) return null;
                Instant now = clock.instant();
                ObjectNode o = Json.mapper().createObjectNode();
                o.put("intersectionId", id);
                o.set("bins", Json.mapper().valueToTree(results.bins(id, now.minus(INTERSECTION_BINS), Instant.MAX)));
                o.set("cycles", Json.mapper().valueToTree(results.cycles(id, Instant.MIN, Instant.MAX, INTERSECTION_CYCLES)));
                return o;
        }
    }

    /** The data of one update. */
    public JsonNode update(ResultState.Push p) {
        if (p.data() instanceof HeatmapCell c) return layers.cell(c);
        if (p.data() instanceof DeviceStatus s) {
            return registry.device(s.deviceId()).<JsonNode>map(d -> layers.device(d, java.util.Optional.of(s))).orElse(null);
        }
        if (p.data() instanceof EnvReading r) {
            return registry.device(r.deviceId()).<JsonNode>map(d -> layers.sensor(d, results.readings(d.id()))).orElse(null);
        }
        if (p.data() instanceof ResultState.AreaView a) return layers.area(a);
        return Json.mapper().valueToTree(p.data());
    }

    /** {@code {"city": area or null, "wards": [areas]}}; with {@code ward} only that ward. */
    ObjectNode areas(String ward) {
        ObjectNode o = Json.mapper().createObjectNode();
        List<ResultState.AreaView> all = results.areas(ward);
        ResultState.AreaView city = ward != null ? null : all.stream()
                .filter(a -> AreaCongestion.CITY.equals(a.congestion().areaType())).findFirst().orElse(null);
        if (ward == null) o.set("city", city == null ? null : layers.area(city));
        var wards = o.putArray("wards");
        for (ResultState.AreaView a : all) if (a != city) wards.add(layers.area(a));
        return o;
    }

    /** The registered sensors with their latest readings, as a FeatureCollection; {@code kind} null for all. */
    ObjectNode sensors(String kind) {
        List<ObjectNode> features = new ArrayList<>();
        for (Registry.Device d : registry.devices()) {
            if (!"sensor".equals(d.type())) continue;
            if (kind != null && (d.measures() == null || !d.measures().contains(kind))) continue;
            features.add(layers.sensor(d, results.readings(d.id())));
        }
        return GeoJson.featureCollection(features);
    }

    /** Registered devices with their last status, as a FeatureCollection; {@code status} null for all. */
    ObjectNode devices(String status) {
        List<ObjectNode> features = new ArrayList<>();
        for (Registry.Device d : registry.devices()) {
            ObjectNode f = layers.device(d, results.device(d.id()));
            if (status == null || status.equals(f.get("properties").get("status").asText())) features.add(f);
        }
        return GeoJson.featureCollection(features);
    }
}
