package org.iocity.api.web;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.iocity.api.ApiVerticle;
import org.iocity.model.records.Json;
import org.junit.jupiter.api.Test;

/** Requests checked against the served {@code openapi.json} itself, and against a small document to show the rules. */
class OpenApiRequestsTest {
    static final OpenApiRequests SERVED = OpenApiRequests.load(ApiVerticle.OPENAPI_RESOURCE);

    static Problem refused(OpenApiRequests c, String method, String template, Map<String, String> path,
                           Map<String, List<String>> query, String body) {
        return assertThrows(Problem.class, () -> c.check(method, template, path::get,
                n -> query.getOrDefault(n, List.of()), body));
    }

    static void passes(OpenApiRequests c, String method, String template, Map<String, String> path,
                       Map<String, List<String>> query, String body) {
        assertDoesNotThrow(() -> c.check(method, template, path::get, n -> query.getOrDefault(n, List.of()), body));
    }

    @Test
    void queryValuesOutsideTheDocumentedSchemaAre400NamingTheParameter() {
        Problem p = refused(SERVED, "GET", "/api/v1/heatmap", Map.of(), Map.of("window", List.of("2h")), null);
        assertEquals(400, p.status());
        assertTrue(p.getMessage().startsWith("bad window '2h'"), p.getMessage());
        p = refused(SERVED, "GET", "/api/v1/signals/:id/plans/compare", Map.of("id", "sig-0001"),
                Map.of("change", List.of("x"), "hours", List.of("two")), null);
        assertTrue(p.getMessage().contains("hours") && p.getMessage().contains("an integer"), p.getMessage());
        p = refused(SERVED, "GET", "/api/v1/signals/:id/plans/compare", Map.of("id", "sig-0001"),
                Map.of("change", List.of("x"), "hours", List.of("48")), null);
        assertTrue(p.getMessage().startsWith("bad hours '48'"), p.getMessage());
        // every value of a repeated parameter is checked
        p = refused(SERVED, "GET", "/api/v1/alerts", Map.of(), Map.of("status", List.of("open", "maybe")), null);
        assertTrue(p.getMessage().contains("maybe"), p.getMessage());
    }

    @Test
    void requiredParametersAndBodies() {
        Problem p = refused(SERVED, "GET", "/api/v1/reports/daily", Map.of(), Map.of(), null);
        assertEquals("missing date: it is required", p.getMessage());
        p = refused(SERVED, "POST", "/api/v1/signals/:id/plans", Map.of("id", "sig-0001"), Map.of(), "");
        assertEquals("a JSON body is required", p.getMessage());
        passes(SERVED, "POST", "/api/v1/alerts/:id/ack", Map.of("id", "a:b:1"), Map.of(), null); // the note is optional
    }

    @Test
    void bodiesAreCheckedAgainstTheirSchemaWithReferencesResolved() {
        String plan = "{\"planNumber\":3,\"cycleSec\":90,\"offsetSec\":10,\"splits\":[{\"phase\":2,\"seconds\":40}],"
                + "\"effectiveAt\":\"2026-12-02T08:00:00Z\"}";
        passes(SERVED, "POST", "/api/v1/signals/:id/plans", Map.of("id", "sig-0001"), Map.of(), plan);
        Problem p = refused(SERVED, "POST", "/api/v1/signals/:id/plans", Map.of("id", "sig-0001"), Map.of(),
                plan.replace("\"cycleSec\":90", "\"cycleSec\":900"));
        assertTrue(p.getMessage().startsWith("bad body: cycleSec"), p.getMessage());
        p = refused(SERVED, "POST", "/api/v1/signals/:id/plans", Map.of("id", "sig-0001"), Map.of(),
                plan.replace("{\"phase\":2,\"seconds\":40}", "{\"phase\":2}"));
        assertTrue(p.getMessage().contains("seconds"), p.getMessage());
        p = refused(SERVED, "POST", "/api/v1/alerts/:id/ack", Map.of("id", "a:b:1"), Map.of(),
                "{\"note\":\"" + "n".repeat(501) + "\"}");
        assertTrue(p.getMessage().startsWith("bad body: note"), p.getMessage());
    }

    @Test
    void pathParametersOutsideAnEnumeratedSetAre404OthersAre400() {
        Map<String, List<String>> q = Map.of("entity", List.of("seg-1"), "from", List.of("2026-12-01T00:00:00Z"),
                "to", List.of("2026-12-01T01:00:00Z"));
        assertEquals(404, refused(SERVED, "GET", "/api/v1/history/:measure", Map.of("measure", "weather"), q, null).status());
        passes(SERVED, "GET", "/api/v1/history/:measure", Map.of("measure", "kpi"), q, null);
        assertEquals(400, refused(SERVED, "POST", "/api/v1/signals/:id/plans", Map.of("id", "cam-0001"), Map.of(),
                "{}").status());
    }

    @Test
    void theRulesComeFromTheDocument() throws Exception {
        var doc = Json.mapper().readTree("""
                {"openapi":"3.0.3","paths":{"/x/{n}":{"parameters":[{"name":"n","in":"path","required":true,
                 "schema":{"type":"integer","minimum":1}}],
                 "get":{"parameters":[{"$ref":"#/components/parameters/Q"}]}}},
                 "components":{"parameters":{"Q":{"name":"q","in":"query","required":false,
                 "schema":{"type":"string","pattern":"^[a-z]+$"}}}}}
                """);
        OpenApiRequests c = OpenApiRequests.of(doc);
        passes(c, "GET", "/x/:n", Map.of("n", "3"), Map.of("q", List.of("abc")), null);
        assertTrue(refused(c, "GET", "/x/:n", Map.of("n", "0"), Map.of(), null).getMessage().startsWith("bad n '0'"));
        assertTrue(refused(c, "GET", "/x/:n", Map.of("n", "3"), Map.of("q", List.of("ABC")), null).getMessage()
                .startsWith("bad q 'ABC'"));
        passes(c, "POST", "/x/:n", Map.of("n", "zero"), Map.of(), null); // an operation the document lacks passes
    }
}
