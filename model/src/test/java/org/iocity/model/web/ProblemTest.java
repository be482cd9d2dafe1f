package org.iocity.model.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTest {
    @Test
    void theBodyHasTheStandardMembersThenTheExtensions() {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("reason", "UNAUTHORIZED");
        members.put("absent", null);
        Problem p = new Problem(401, "unauthorized", "Authentication required", "no key", members);
        assertEquals("{\"type\":\"urn:iocity:problem:unauthorized\",\"title\":\"Authentication required\",\"status\":401,"
                + "\"detail\":\"no key\",\"instance\":\"/requests.json\",\"reason\":\"UNAUTHORIZED\"}",
                p.toJson("/requests.json").toString());
        assertEquals("{\"type\":\"urn:iocity:problem:not-found\",\"title\":\"Not found\",\"status\":404}",
                Problem.ofStatus(404, null).toJson(null).toString());
    }

    @Test
    void bareStatusCodes() {
        assertEquals("urn:iocity:problem:method-not-allowed", Problem.ofStatus(405, "x").type());
        assertEquals(503, Problem.ofStatus(503, "x").status());
        assertEquals("Client error", Problem.ofStatus(418, "x").title());
        assertEquals(500, Problem.ofStatus(502, "x").status());
        assertEquals("x", Problem.ofStatus(502, "x").detail());
    }
}
