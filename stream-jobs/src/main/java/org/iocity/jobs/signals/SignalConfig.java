package org.iocity.jobs.signals;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iocity.model.registry.Registry;

/**
 * The detector configuration of every intersection, read from the registry when the job is built and shipped with
 * the functions (serializable maps): which phase each detector channel serves and its function.
 */
public final class SignalConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public record Detector(int phase, String function) implements Serializable {
        public static final String ADVANCE = "advance";
        public static final String STOPBAR = "stopbar";
        public static final String PEDESTRIAN = "pedestrian";
    }

    public record Intersection(ArrayList<Integer> phases, HashMap<Integer, Detector> detectors) implements Serializable {
        public static final Intersection NONE = new Intersection(new ArrayList<>(), new HashMap<>());
    }

    private final HashMap<String, Intersection> intersections;

    public SignalConfig(Map<String, Intersection> intersections) {
        this.intersections = new HashMap<>(intersections);
    }

    public static SignalConfig fromRegistry(Registry registry) {
        Map<String, Intersection> all = new HashMap<>();
        for (Registry.Intersection x : registry.intersections()) {
            HashMap<Integer, Detector> dets = new HashMap<>();
            if (x.detectors() != null) {
                for (Registry.Detector d : x.detectors()) dets.put(d.channel(), new Detector(d.phase(), d.function()));
            }
            all.put(x.id(), new Intersection(new ArrayList<>(x.phases() == null ? List.of() : x.phases()), dets));
        }
        return new SignalConfig(all);
    }

    public Intersection of(String intersectionId) {
        return intersections.getOrDefault(intersectionId, Intersection.NONE);
    }
}
