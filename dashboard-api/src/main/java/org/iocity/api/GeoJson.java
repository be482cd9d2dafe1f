package org.iocity.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.iocity.model.CongestionResult;
import org.iocity.model.Json;
import org.iocity.model.Registry;

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
        ObjectNode geometry = f.putObject("geometry");
        geometry.put("type", "LineString");
        ArrayNode coordinates = geometry.putArray("coordinates");
        for (List<Double> point : s.coordinates() == null ? List.<List<Double>>of() : s.coordinates()) {
            ArrayNode p = coordinates.addArray();
            point.forEach(p::add);
        }
        ObjectNode properties = Json.mapper().valueToTree(r);
        properties.put("name", s.name());
        String ward = r.ward() != null ? r.ward() : s.ward();
        if (r.ward() == null) properties.put("ward", s.ward());
        registry.ward(ward).ifPresent(w -> properties.put("wardName", w.name()));
        properties.put("provisional", provisional);
        f.set("properties", properties);
        return Optional.of(f);
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
