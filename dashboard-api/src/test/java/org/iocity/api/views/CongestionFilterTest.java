package org.iocity.api.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.iocity.api.TestData;
import org.iocity.api.web.Problem;
import org.iocity.model.records.LevelOfService;
import org.iocity.model.registry.Registry;
import org.junit.jupiter.api.Test;

class CongestionFilterTest {
    private final Registry registry = TestData.registry();

    @Test
    void emptyMeansEverything() {
        CongestionFilter f = CongestionFilter.parse(List.of(), List.of(), registry);
        assertNull(f.ward());
        assertEquals(Set.of(), f.los());
        assertEquals(f, CongestionFilter.parse(List.of(""), List.of(" "), registry));
    }

    @Test
    void losIsACommaListOfLettersAnyCase() {
        CongestionFilter f = CongestionFilter.parse(List.of("ben-thanh"), List.of("e, f", "A"), registry);
        assertEquals("ben-thanh", f.ward());
        assertEquals(EnumSet.of(LevelOfService.A, LevelOfService.E, LevelOfService.F), f.los());
    }

    @Test
    void unknownLetterOrWardIs400() {
        for (String bad : List.of("G", "AB", "E,", ",", "1", "A;F")) {
            Problem p = assertThrows(Problem.class, () -> CongestionFilter.parse(List.of(), List.of(bad), registry), bad);
            assertEquals(400, p.status());
        }
        Problem p = assertThrows(Problem.class, () -> CongestionFilter.parse(List.of("quan-1"), List.of(), registry));
        assertEquals(400, p.status());
        assertTrue(p.detail().contains("quan-1"));
        assertEquals(400, assertThrows(Problem.class,
                () -> CongestionFilter.parse(List.of("ben-thanh", "sai-gon"), List.of(), registry)).status());
    }

    @Test
    void testsLevelAndTheRegistryWardOfTheSegment() {
        var r = TestData.result("seg-le-loi-a", "ben-thanh", Instant.parse("2025-07-01T01:00:00Z"), LevelOfService.E, 12);
        assertTrue(CongestionFilter.ALL.test(r, registry));
        assertTrue(new CongestionFilter("ben-thanh", Set.of(LevelOfService.E)).test(r, registry));
        assertFalse(new CongestionFilter("sai-gon", Set.of()).test(r, registry));
        assertFalse(new CongestionFilter(null, Set.of(LevelOfService.A)).test(r, registry));
    }

    @Test
    void echoedValuesAreClipped() {
        String longValue = "x".repeat(500);
        Problem p = assertThrows(Problem.class, () -> CongestionFilter.parse(List.of(longValue), List.of(), registry));
        assertTrue(p.detail().length() < 200, p.detail());
    }
}
