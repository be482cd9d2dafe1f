package org.iocity.api.views;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iocity.api.state.EnvLevels;
import org.iocity.api.state.ResultState;
import org.iocity.model.records.AreaCongestion;
import org.iocity.model.records.DeviceStatus;
import org.iocity.model.records.EnvReading;
import org.iocity.model.records.HeatmapCell;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;

/**
 * Map layers other than congestion as GeoJSON: complaint heatmap cells (an H3 cell as its hexagon, from
 * {@code com.uber:h3}; a ward as a point at the mean position of its registered devices and intersections, or no
 * geometry when it has none), devices (a point each, with their last status), sensors (a point each, with their
 * latest readings and levels) and area congestion (with the ward's name).
 */
public final class MapLayers {
    private final Registry registry;
    private final H3Core h3;
    private final Map<String, double[]> wardPoints = new HashMap<>();

    public MapLayers(Registry registry) {
        this.registry = registry;
        try {
            this.h3 = H3Core.newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the H3 library", e);
        }
        Map<String, double[]> sums = new HashMap<>();
        for (Registry.Device d : registry.devices()) add(sums, d.ward(), d.lat(), d.lon());
        for (Registry.Intersection x : registry.intersections()) add(sums, x.ward(), x.lat(), x.lon());
        sums.forEach((ward, s) -> wardPoints.put(ward, new double[] {s[0] / s[2], s[1] / s[2]}));
    }

    private static void add(Map<String, double[]> sums, String ward, double lat, double lon) {
        if (ward == null || (lat == 0 && lon == 0)) return;
        double[] s = sums.computeIfAbsent(ward, k -> new double[3]);
        s[0] += lat;
        s[1] += lon;
        s[2]++;
    }

    /** The feature of a heatmap cell: properties = the record plus {@code wardName} for a ward. */
    ObjectNode cell(HeatmapCell c) {
        ObjectNode f = feature(c.key());
        if (HeatmapCell.H3.equals(c.areaType()) && h3.isValidCell(c.area())) {
            ObjectNode g = f.putObject("geometry");
            g.put("type", "Polygon");
            ArrayNode ring = g.putArray("coordinates").addArray();
            List<LatLng> boundary = new ArrayList<>(h3.cellToBoundary(c.area()));
            boundary.add(boundary.get(0)); // GeoJSON rings are closed
            for (LatLng p : boundary) ring.addArray().add(p.lng).add(p.lat);
        } else if (HeatmapCell.WARD.equals(c.areaType()) && wardPoints.containsKey(c.area())) {
            double[] p = wardPoints.get(c.area());
            point(f, p[0], p[1]);
        } else {
            f.putNull("geometry");
        }
        ObjectNode props = Json.mapper().valueToTree(c);
        if (HeatmapCell.WARD.equals(c.areaType())) registry.ward(c.area()).ifPresent(w -> props.put("wardName", w.name()));
        f.set("properties", props);
        return f;
    }

    /**
     * A registered device with its last status: {@code status} online, offline or unknown (none seen), {@code lastSeen}
     * the event time of that status.
     */
    ObjectNode device(Registry.Device d, Optional<DeviceStatus> last) {
        ObjectNode f = located(d);
        ObjectNode p = f.putObject("properties");
        p.put("id", d.id());
        p.put("type", d.type());
        p.put("name", d.name());
        p.put("ward", d.ward());
        if (d.segmentId() != null) p.put("segmentId", d.segmentId());
        if (d.intersectionId() != null) p.put("intersectionId", d.intersectionId());
        if (d.measures() != null) p.set("measures", Json.mapper().valueToTree(d.measures()));
        p.put("status", last.map(DeviceStatus::state).orElse(DEVICE_UNKNOWN));
        p.put("lastSeen", last.map(s -> s.eventTime().toString()).orElse(null));
        last.ifPresent(s -> {
            if (s.firmware() != null) p.put("firmware", s.firmware());
            if (s.battery() != null) p.put("battery", s.battery());
        });
        return f;
    }

    static final String DEVICE_UNKNOWN = "unknown";

    /**
     * A registered sensor with its latest reading of each kind it measures: {@code readings.<kind>} holds the values,
     * {@code eventTime} and {@code level}/{@code severity} ({@link EnvLevels}); {@code kind}, {@code level} and
     * {@code severity} at the top are those of its newest reading ({@code level} {@code unknown}, severity -1, before
     * the first).
     */
    ObjectNode sensor(Registry.Device d, Map<String, EnvReading> latest) {
        ObjectNode f = located(d);
        ObjectNode p = f.putObject("properties");
        p.put("id", d.id());
        p.put("name", d.name());
        p.put("ward", d.ward());
        registry.ward(d.ward()).ifPresent(w -> p.put("wardName", w.name()));
        if (d.measures() != null) p.set("measures", Json.mapper().valueToTree(d.measures()));
        ObjectNode readings = p.putObject("readings");
        EnvReading newest = null;
        for (EnvReading r : latest.values()) {
            EnvLevels.Level level = EnvLevels.of(r);
            ObjectNode o = readings.putObject(r.kind());
            o.put("eventTime", r.eventTime().toString());
            o.put("seq", r.seq());
            putIf(o, "pm25", r.pm25());
            putIf(o, "pm10", r.pm10());
            putIf(o, "no2", r.no2());
            putIf(o, "waterLevelCm", r.waterLevelCm());
            putIf(o, "laeq", r.laeq());
            o.put("level", level.code());
            o.put("severity", level.severity());
            if (newest == null || r.eventTime().isAfter(newest.eventTime())) newest = r;
        }
        if (newest == null) {
            p.put("kind", d.measures() == null || d.measures().isEmpty() ? null : d.measures().get(0));
            p.put("level", DEVICE_UNKNOWN);
            p.put("severity", -1);
            p.putNull("lastReading");
        } else {
            EnvLevels.Level level = EnvLevels.of(newest);
            p.put("kind", newest.kind());
            p.put("level", level.code());
            p.put("severity", level.severity());
            p.put("lastReading", newest.eventTime().toString());
        }
        return f;
    }

    private static void putIf(ObjectNode o, String name, Double v) {
        if (v != null) o.put(name, v);
    }

    /**
     * An area's latest congestion window as the API shows it: the record plus {@code wardName} for a ward and
     * {@code provisional} (sent early, its final result to follow).
     */
    ObjectNode area(ResultState.AreaView v) {
        AreaCongestion a = v.congestion();
        ObjectNode o = Json.mapper().valueToTree(a);
        if (!AreaCongestion.CITY.equals(a.areaType())) registry.ward(a.area()).ifPresent(w -> o.put("wardName", w.name()));
        o.put("provisional", v.provisional());
        return o;
    }

    /** The feature of a device: its point, or no geometry when the registry has no position. */
    private static ObjectNode located(Registry.Device d) {
        ObjectNode f = feature(d.id());
        if (d.lat() != 0 || d.lon() != 0) point(f, d.lat(), d.lon());
        else f.putNull("geometry");
        return f;
    }

    private static ObjectNode feature(String id) {
        ObjectNode f = Json.mapper().createObjectNode();
        f.put("type", "Feature");
        f.put("id", id);
        return f;
    }

    private static void point(ObjectNode f, double lat, double lon) {
        ObjectNode g = f.putObject("geometry");
        g.put("type", "Point");
        g.putArray("coordinates").add(lon).add(lat);
    }
}
