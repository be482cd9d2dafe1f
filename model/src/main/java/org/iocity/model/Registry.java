package org.iocity.model;

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

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Device(String id, String type, String name, String ward, String segmentId, double lat, double lon) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Document(String city, List<Ward> wards, List<Segment> segments, List<Device> devices) {}

    private final String city;
    private final Map<String, Ward> wards;
    private final Map<String, Segment> segments;
    private final Map<String, Device> devices;

    private Registry(String city, Map<String, Ward> wards, Map<String, Segment> segments, Map<String, Device> devices) {
        this.city = city;
        this.wards = wards;
        this.segments = segments;
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
        var devices = index(name, "device", doc.devices(), Device::id);
        for (Segment s : segments.values()) {
            if (!wards.containsKey(s.ward())) {
                throw new ConfigException("device registry " + name + ": segment " + s.id() + " names unknown ward " + s.ward());
            }
            if (!(s.freeFlowKmh() > 0)) {
                throw new ConfigException("device registry " + name + ": segment " + s.id() + " needs a free-flow speed above 0 km/h");
            }
        }
        for (Device d : devices.values()) {
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
        return new Registry(doc.city(), wards, segments, devices);
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

    public Optional<Ward> ward(String id) {
        return Optional.ofNullable(wards.get(id));
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
