package org.iocity.model.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.iocity.model.config.ConfigException;
import org.iocity.model.records.Json;

/**
 * The city's areas and field devices, read from a data file (never code): wards, road segments with their
 * free-flow speed, and devices with their location. Since 2025-07-01 Ho Chi Minh City reports by ward, so
 * the ward is the area every result is grouped by.
 */
public final class Registry {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ward(String id, String name) {}

    /** A directed road segment; {@code coordinates} are [lon, lat] pairs, as GeoJSON has them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Segment(String id, String name, String ward, double freeFlowKmh, double lengthM,
                          List<List<Double>> coordinates) {}

    /**
     * A field device. Cameras name their {@code segmentId}, signal controllers their {@code intersectionId}; sensors
     * list what they {@code measure} ({@code air}, {@code water}, {@code noise}).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Device(String id, String type, String name, String ward, String segmentId, String intersectionId,
                         List<String> measures, double lat, double lon) {}

    /**
     * A detector channel of an intersection, configured as ATSPM configures it: the phase it serves and its function
     * ({@code advance} for arrivals on green, {@code stopbar} for split failures and occupancy, {@code pedestrian}).
     *
     * @param distanceM distance of an advance detector upstream of the stop bar, metres
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Detector(int channel, int phase, String function, Double distanceM) {}

    /** A signalised intersection and its detector configuration. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Intersection(String id, String name, String ward, double lat, double lon, boolean smart,
                               List<Integer> phases, List<Detector> detectors) {
        public List<Detector> detectors(String function) {
            return detectors == null ? List.of() : detectors.stream().filter(d -> function.equals(d.function())).toList();
        }
    }

    public static final Set<String> DETECTOR_FUNCTIONS = Set.of("advance", "stopbar", "pedestrian");
    public static final Set<String> SENSOR_MEASURES = Set.of("air", "water", "noise");

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Document(String city, List<Ward> wards, List<Segment> segments, List<Intersection> intersections,
                    List<Device> devices) {}

    private final String city;
    private final Map<String, Ward> wards;
    private final Map<String, Segment> segments;
    private final Map<String, Intersection> intersections;
    private final Map<String, Device> devices;

    private Registry(String city, Map<String, Ward> wards, Map<String, Segment> segments,
                     Map<String, Intersection> intersections, Map<String, Device> devices) {
        this.city = city;
        this.wards = wards;
        this.segments = segments;
        this.intersections = intersections;
        this.devices = devices;
    }

    /** Reads and checks a registry file; any problem is a {@link ConfigException} naming the file and the entry. */
    public static Registry load(Path file) {
        Document doc;
        try {
            doc = Json.mapper().readValue(Files.readAllBytes(file), Document.class);
        } catch (IOException e) {
            throw new ConfigException("cannot read device registry " + file + ": " + oneLine(e));
        }
        return of(file.toString(), doc);
    }

    static Registry of(String name, Document doc) {
        if (doc.wards() == null || doc.segments() == null || doc.devices() == null) {
            throw new ConfigException("device registry " + name + " must have wards, segments and devices");
        }
        var wards = index(name, "ward", doc.wards(), Ward::id);
        var segments = index(name, "segment", doc.segments(), Segment::id);
        var intersections = index(name, "intersection", doc.intersections() == null ? List.of() : doc.intersections(),
                Intersection::id);
        var devices = index(name, "device", doc.devices(), Device::id);
        for (Segment s : segments.values()) {
            if (!wards.containsKey(s.ward())) {
                throw new ConfigException("device registry " + name + ": segment " + s.id() + " names unknown ward " + s.ward());
            }
            if (!(s.freeFlowKmh() > 0)) {
                throw new ConfigException("device registry " + name + ": segment " + s.id() + " needs a free-flow speed above 0 km/h");
            }
        }
        for (Intersection x : intersections.values()) {
            if (!wards.containsKey(x.ward())) {
                throw new ConfigException("device registry " + name + ": intersection " + x.id() + " names unknown ward " + x.ward());
            }
            Set<Integer> channels = new HashSet<>();
            for (Detector det : x.detectors() == null ? List.<Detector>of() : x.detectors()) {
                if (!DETECTOR_FUNCTIONS.contains(det.function())) {
                    throw new ConfigException("device registry " + name + ": intersection " + x.id() + " detector channel "
                            + det.channel() + " has function " + det.function() + "; known: advance, stopbar, pedestrian");
                }
                if (!channels.add(det.channel())) {
                    throw new ConfigException("device registry " + name + ": intersection " + x.id() + " lists detector channel "
                            + det.channel() + " twice");
                }
            }
        }
        for (Device d : devices.values()) {
            if (d.intersectionId() != null && !intersections.containsKey(d.intersectionId())) {
                throw new ConfigException("device registry " + name + ": device " + d.id() + " names unknown intersection " + d.intersectionId());
            }
            if (d.measures() != null && !SENSOR_MEASURES.containsAll(d.measures())) {
                throw new ConfigException("device registry " + name + ": device " + d.id() + " measures " + d.measures()
                        + "; known: air, water, noise");
            }
            if (d.type() == null) {
                throw new ConfigException("device registry " + name + ": device " + d.id() + " has no type");
            }
            if (d.segmentId() != null && !segments.containsKey(d.segmentId())) {
                throw new ConfigException("device registry " + name + ": device " + d.id() + " names unknown segment " + d.segmentId());
            }
            if (d.ward() != null && !wards.containsKey(d.ward())) {
                throw new ConfigException("device registry " + name + ": device " + d.id() + " names unknown ward " + d.ward());
            }
        }
        return new Registry(doc.city(), wards, segments, intersections, devices);
    }

    private static <T> Map<String, T> index(String name, String what, List<T> items, Function<T, String> id) {
        Map<String, T> map = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            String key = id.apply(item);
            if (key == null || key.isBlank()) {
                throw new ConfigException("device registry " + name + ": a " + what + " has no id");
            }
            if (!seen.add(key)) {
                throw new ConfigException("device registry " + name + ": " + what + " id " + key + " appears twice");
            }
            map.put(key, item);
        }
        return Map.copyOf(map);
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    public String city() {
        return city;
    }

    public Optional<Device> device(String id) {
        return Optional.ofNullable(devices.get(id));
    }

    public Optional<Segment> segment(String id) {
        return Optional.ofNullable(segments.get(id));
    }

    public Optional<Intersection> intersection(String id) {
        return Optional.ofNullable(intersections.get(id));
    }

    public List<Intersection> intersections() {
        return intersections.values().stream().sorted(java.util.Comparator.comparing(Intersection::id)).collect(Collectors.toList());
    }

    public Optional<Ward> ward(String id) {
        return Optional.ofNullable(wards.get(id));
    }

    /** Every device, by id. */
    public List<Device> devices() {
        return devices.values().stream().sorted(java.util.Comparator.comparing(Device::id)).collect(Collectors.toList());
    }

    public List<Device> devices(String type) {
        return devices.values().stream().filter(d -> type.equals(d.type()))
                .sorted(java.util.Comparator.comparing(Device::id)).collect(Collectors.toList());
    }

    public List<Segment> segments() {
        return segments.values().stream().sorted(java.util.Comparator.comparing(Segment::id)).collect(Collectors.toList());
    }

    public List<Ward> wards() {
        return wards.values().stream().sorted(java.util.Comparator.comparing(Ward::id)).collect(Collectors.toList());
    }
}
