package org.iocity.api.views;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.iocity.api.web.Problem;
import org.iocity.api.web.Text;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.LevelOfService;
import org.iocity.model.registry.Registry;

/**
 * The filters of {@code GET /api/v1/congestion}: {@code ward} (a ward id of the registry) and {@code los} (a comma
 * list of levels A–F, any case). An empty value means no filter; anything unknown is a 400 {@link Problem}.
 *
 * @param ward a ward id, or null for every ward
 * @param los  the levels to keep; empty for every level
 */
public record CongestionFilter(String ward, Set<LevelOfService> los) {
    public static final CongestionFilter ALL = new CongestionFilter(null, Set.of());

    public CongestionFilter {
        los = los.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(los));
    }

    /** From the query values (each parameter may repeat). */
    public static CongestionFilter parse(List<String> wardValues, List<String> losValues, Registry registry) {
        String ward = null;
        List<String> wards = wardValues.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        if (wards.size() > 1) throw Problem.badRequest("give at most one ward");
        if (wards.size() == 1) {
            ward = wards.get(0);
            if (registry.ward(ward).isEmpty()) {
                throw Problem.badRequest("unknown ward " + Text.clip(ward) + " (ward ids are in the registry, e.g. ben-thanh)");
            }
        }
        EnumSet<LevelOfService> levels = EnumSet.noneOf(LevelOfService.class);
        for (String value : losValues) {
            if (value.isBlank()) continue;
            for (String item : value.split(",", -1)) {
                String letter = item.strip().toUpperCase(Locale.ROOT);
                if (letter.length() != 1 || letter.charAt(0) < 'A' || letter.charAt(0) > 'F') {
                    throw Problem.badRequest("bad los value " + Text.clip(item) + ": expected a comma list of letters A to F");
                }
                levels.add(LevelOfService.valueOf(letter));
            }
        }
        return new CongestionFilter(ward, levels);
    }

    /** Whether a result passes; the ward is the registry's ward of the segment (the result's when unknown). */
    public boolean test(CongestionResult r, Registry registry) {
        if (!los.isEmpty() && (r.los() == null || !los.contains(r.los()))) return false;
        if (ward == null) return true;
        String w = registry.segment(r.segmentId()).map(Registry.Segment::ward).orElse(r.ward());
        return ward.equals(w);
    }

}
