package org.iocity.ingest.open311;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iocity.model.registry.Registry;

/**
 * Finds the ward of a point from the registry, until ward boundaries are in the registry: the ward of the nearest
 * registry point (a device's or intersection's location, or a vertex of a road segment) when it is within {@code radiusM} metres;
 * otherwise none. An explicit {@code ward} in the request always wins over this.
 */
final class WardLocator {
    private record Point(double lat, double lon, String ward) {}

    private static final List<String> DEVICE_TYPES = List.of("camera", "signal", "sensor");

    private final List<Point> points = new ArrayList<>();
    private final double radiusM;

    WardLocator(Registry registry, double radiusM) {
        this.radiusM = radiusM;
        for (String type : DEVICE_TYPES) {
            for (Registry.Device d : registry.devices(type)) {
                if (d.ward() != null && (d.lat() != 0 || d.lon() != 0)) points.add(new Point(d.lat(), d.lon(), d.ward()));
            }
        }
        for (Registry.Intersection x : registry.intersections()) {
            points.add(new Point(x.lat(), x.lon(), x.ward()));
        }
        for (Registry.Segment s : registry.segments()) {
            if (s.coordinates() == null) continue;
            for (List<Double> c : s.coordinates()) {
                if (c != null && c.size() >= 2) points.add(new Point(c.get(1), c.get(0), s.ward()));
            }
        }
    }

    Optional<String> ward(double lat, double lon) {
        Point best = null;
        double bestM = Double.MAX_VALUE;
        for (Point p : points) {
            double m = metres(lat, lon, p.lat(), p.lon());
            if (m < bestM) {
                bestM = m;
                best = p;
            }
        }
        return best != null && bestM <= radiusM ? Optional.of(best.ward()) : Optional.empty();
    }

    static double metres(double lat1, double lon1, double lat2, double lon2) {
        double r = 6_371_000;
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * r * Math.asin(Math.sqrt(a));
    }
}
