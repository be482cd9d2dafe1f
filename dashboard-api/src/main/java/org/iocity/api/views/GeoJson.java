package org.iocity.api.views;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.iocity.api.state.CongestionState;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;

/** Congestion results as GeoJSON (RFC 7946): one {@code Feature} per segment, its road as a {@code LineString}. */
public final class GeoJson {
    public static final String MEDIA_TYPE = "application/geo+json";

    private final Registry registry;

    public GeoJson(Registry registry) {
        this.registry = registry;
    }

    /**
     * The feature of one result: {@code id} and geometry from the registry segment, properties = every field of the
     * result (instants as ISO-8601) plus {@code name} (segment), {@code wardName} and {@code provisional} (true for a
     * window sent early whose final result has not come yet). Empty for a segment the registry does not know.
     */
    public Optional<ObjectNode> feature(CongestionResult r, boolean provisional) {
        Optional<Registry.Segment> segment = registry.segment(r.segmentId());
        if (segment.isEmpty()) return Optional.empty();
        Registry.Segment s = segment.get();
        ObjectNode f = Json.mapper().createObjectNode();
        f.put("type", "Feature");
        f.put("id", s.id());
        geometry(f, s);
        ObjectNode properties = Json.mapper().valueToTree(r);
        properties.put("name", s.name());
        String ward = r.ward() != null ? r.ward() : s.ward();
        if (r.ward() == null) properties.put("ward", s.ward());
        registry.ward(ward).ifPresent(w -> properties.put("wardName", w.name()));
        properties.put("provisional", provisional);
        f.set("properties", properties);
        return Optional.of(f);
    }

    /**
     * The same feature as {@link #feature}, as JSON text, made for the live push of a whole window at once: the part
     * that never changes (type, id, geometry) is written once per segment and kept, the result is serialised straight
     * to text, and the registry's names are appended, instead of building a tree and writing it.
     */
    public Optional<String> featureJson(CongestionResult r, boolean provisional) {
        Optional<Registry.Segment> segment = registry.segment(r.segmentId());
        if (segment.isEmpty()) return Optional.empty();
        Registry.Segment s = segment.get();
        String head = heads.computeIfAbsent(s.id(), id -> head(s));
        String properties = Json.toString(r); // an object with at least segmentId: its closing brace is dropped
        StringBuilder b = new StringBuilder(head.length() + properties.length() + 96);
        b.append(head).append(properties, 0, properties.length() - 1);
        b.append(",\"name\":").append(Json.toString(s.name()));
        if (r.ward() == null) b.append(",\"ward\":").append(Json.toString(s.ward()));
        registry.ward(r.ward() != null ? r.ward() : s.ward())
                .ifPresent(w -> b.append(",\"wardName\":").append(Json.toString(w.name())));
        b.append(",\"provisional\":").append(provisional).append("}}");
        return Optional.of(b.toString());
    }

    /** Per segment id, {@code {"type":"Feature","id":…,"geometry":…,"properties":} (the registry does not change). */
    private final Map<String, String> heads = new ConcurrentHashMap<>();

    private static String head(Registry.Segment s) {
        ObjectNode f = Json.mapper().createObjectNode();
        f.put("type", "Feature");
        f.put("id", s.id());
        geometry(f, s);
        String text = Json.toString(f);
        return text.substring(0, text.length() - 1) + ",\"properties\":";
    }

    private static void geometry(ObjectNode feature, Registry.Segment s) {
        ObjectNode geometry = feature.putObject("geometry");
        geometry.put("type", "LineString");
        ArrayNode coordinates = geometry.putArray("coordinates");
        for (List<Double> point : s.coordinates() == null ? List.<List<Double>>of() : s.coordinates()) {
            ArrayNode p = coordinates.addArray();
            point.forEach(p::add);
        }
    }

    public static ObjectNode featureCollection(Collection<ObjectNode> features) {
        ObjectNode fc = Json.mapper().createObjectNode();
        fc.put("type", "FeatureCollection");
        ArrayNode array = fc.putArray("features");
        features.forEach(array::add);
        return fc;
    }

    /** The collection of the latest results of {@code state} that pass {@code filter}, by segment id. */
    public ObjectNode featureCollection(CongestionState state, CongestionFilter filter) {
        return featureCollection(state.all().stream().filter(r -> filter.test(r, registry))
                .map(r -> feature(r, state.provisional(r.segmentId()))).flatMap(Optional::stream).toList());
    }
}
