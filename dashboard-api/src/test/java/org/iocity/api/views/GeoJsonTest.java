package org.iocity.api.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.iocity.api.TestData;
import org.iocity.api.state.CongestionState;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.Json;
import org.iocity.model.records.LevelOfService;
import org.junit.jupiter.api.Test;

class GeoJsonTest {
    private final GeoJson geo = new GeoJson(TestData.registry());

    @Test
    void featureHasTheSegmentLineAndEveryResultField() throws Exception {
        Instant end = Instant.parse("2025-07-01T01:05:00Z");
        CongestionResult r = TestData.result("seg-ham-nghi-a", "ben-thanh", end, LevelOfService.D, 15.5);
        ObjectNode f = geo.feature(r, false).orElseThrow();

        assertEquals("Feature", f.get("type").asText());
        assertEquals("seg-ham-nghi-a", f.get("id").asText());
        JsonNode g = f.get("geometry");
        assertEquals("LineString", g.get("type").asText());
        assertEquals(3, g.get("coordinates").size());
        assertEquals(106.699, g.get("coordinates").get(0).get(0).asDouble(), 1e-9, "longitude first");
        assertEquals(10.771, g.get("coordinates").get(0).get(1).asDouble(), 1e-9);

        JsonNode p = f.get("properties");
        assertEquals("Hàm Nghi (outbound)", p.get("name").asText());
        assertEquals("Phường Bến Thành", p.get("wardName").asText());
        assertEquals("seg-ham-nghi-a", p.get("segmentId").asText());
        assertEquals("ben-thanh", p.get("ward").asText());
        assertEquals("D", p.get("los").asText());
        assertEquals("2025-07-01T01:05:00Z", p.get("windowEnd").asText());
        assertEquals("2025-07-01T01:00:00Z", p.get("windowStart").asText());
        assertEquals(15.5, p.get("meanSpeedKmh").asDouble());
        assertFalse(p.get("provisional").asBoolean());
        assertTrue(geo.feature(r, true).orElseThrow().get("properties").get("provisional").asBoolean());
        assertEquals(200, p.get("flowByClass").get("motorbike").asLong());
        for (String field : List.of("observations", "vehicles", "flowPerHour", "occupancy", "freeFlowKmh", "speedRatio",
                "travelTimeIndex")) {
            assertTrue(p.has(field), field);
        }
        // the properties read back as the result they came from
        assertEquals(r, Json.mapper().treeToValue(p, CongestionResult.class));
    }

    @Test
    void aSegmentTheRegistryDoesNotKnowHasNoFeature() {
        CongestionResult unknown = TestData.result("seg-x", "ben-thanh", Instant.EPOCH, LevelOfService.A, 30);
        assertTrue(geo.feature(unknown, false).isEmpty());
        assertTrue(geo.featureJson(unknown, false).isEmpty());
    }

    @Test
    void theFeatureAsTextIsTheSameFeature() throws Exception {
        Instant end = Instant.parse("2025-07-01T01:05:00Z");
        CongestionResult inWard = TestData.result("seg-ham-nghi-a", "ben-thanh", end, LevelOfService.D, 15.5);
        CongestionResult otherWard = TestData.result("seg-ham-nghi-a", "sai-gon", end, LevelOfService.D, 15.5);
        CongestionResult noWard = TestData.result("seg-nguyen-hue-a", null, end, LevelOfService.F, 4);
        for (CongestionResult r : List.of(inWard, otherWard, noWard)) {
            for (boolean provisional : new boolean[] {false, true}) {
                for (int twice = 0; twice < 2; twice++) { // the second from the kept head
                    String text = geo.featureJson(r, provisional).orElseThrow();
                    assertEquals(Json.toString(geo.feature(r, provisional).orElseThrow()), text);
                }
            }
        }
        JsonNode p = Json.mapper().readTree(geo.featureJson(noWard, true).orElseThrow()).get("properties");
        assertEquals("sai-gon", p.get("ward").asText(), "the registry's ward when the result has none");
        assertEquals("Phường Sài Gòn", p.get("wardName").asText());
    }

    @Test
    void collectionKeepsOnlyWhatPassesTheFilter() {
        Instant t = Instant.parse("2025-07-01T01:05:00Z");
        CongestionState results = new CongestionState();
        assertEquals(0, geo.featureCollection(results, CongestionFilter.ALL).get("features").size());
        results.update(TestData.result("seg-le-loi-a", "ben-thanh", t, LevelOfService.F, 5), true);
        results.update(TestData.result("seg-ham-nghi-a", "ben-thanh", t, LevelOfService.B, 28));
        results.update(TestData.result("seg-nguyen-hue-a", "sai-gon", t, LevelOfService.F, 6));
        ObjectNode all = geo.featureCollection(results, CongestionFilter.ALL);
        assertEquals("FeatureCollection", all.get("type").asText());
        assertEquals(3, all.get("features").size());
        ObjectNode f = geo.featureCollection(results, new CongestionFilter("ben-thanh", Set.of(LevelOfService.F)));
        assertEquals(1, f.get("features").size());
        assertEquals("seg-le-loi-a", f.get("features").get(0).get("id").asText());
        assertTrue(f.get("features").get(0).get("properties").get("provisional").asBoolean(), "each feature says which it is");
    }
}
