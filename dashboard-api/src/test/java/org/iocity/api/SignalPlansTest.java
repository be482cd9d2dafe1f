package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.iocity.api.state.PlanAuditRecord;
import org.iocity.model.records.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/v1/signals/{id}/plans} with a recording publisher: checks, the command sent, the audit trail. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SignalPlansTest {
    static final String PLAN = """
            {"planNumber":3,"cycleSec":120,"offsetSec":15,
             "splits":[{"phase":2,"seconds":45},{"phase":4,"seconds":25},{"phase":6,"seconds":30},{"phase":8,"seconds":20}],
             "effectiveAt":"2025-07-01T22:00:00+07:00"}""";
    private static final String URI = "/api/v1/signals/sig-0001/plans";
    private TestServer server;

    @BeforeEach
    void start(Vertx vertx) {
        server = new TestServer(vertx, Map.of());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String plan(String field, String value) throws Exception {
        var o = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(PLAN);
        o.set(field, Json.mapper().readTree(value));
        return Json.toString(o);
    }

    @Test
    void anEngineersPlanGoesToTheControllerTopicAndIsAudited() throws Exception {
        var r = server.postJson(URI, TestData.ENGINEER_TOKEN, PLAN);
        assertEquals(202, r.statusCode(), r.bodyAsString());
        JsonNode rec = TestServer.json(r);
        assertEquals("published", rec.get("outcome").asText());
        assertEquals("eng 7", rec.get("actor").asText());
        assertEquals("engineer", rec.get("role").asText());
        assertEquals("ioc/v1/signal/sig-0001/plan/set", rec.get("mqttTopic").asText());
        assertEquals(120, rec.get("plan").get("cycleSec").asInt());
        assertEquals("2025-07-01T15:00:00Z", rec.get("plan").get("effectiveAt").asText());

        assertEquals(1, server.publisher.sent.size());
        assertEquals("ioc/v1/signal/sig-0001/plan/set", server.publisher.sent.get(0).getKey());
        JsonNode command = Json.mapper().readTree(server.publisher.sent.get(0).getValue());
        assertEquals("sig-0001", command.get("deviceId").asText());
        assertEquals(rec.get("id").asText(), command.get("commandId").asText());
        assertEquals(4, command.get("splits").size());
        assertEquals(1, server.durable.size(), "written to the durable sink");
        assertEquals(rec.get("id").asText(), server.durable.get(0).id());

        // newest first; the last 3 kept in memory
        for (int n = 4; n <= 6; n++) {
            assertEquals(202, server.postJson(URI, TestData.ADMIN_TOKEN, plan("planNumber", String.valueOf(n))).statusCode());
        }
        JsonNode list = TestServer.json(server.get(URI, TestData.ENGINEER_TOKEN)).get("plans");
        assertEquals(3, list.size());
        assertEquals(6, list.get(0).get("plan").get("planNumber").asInt());
        assertEquals(4, list.get(2).get("plan").get("planNumber").asInt());
        assertEquals(4, server.durable.size(), "the durable trail keeps everything");
        assertTrue(server.get("/metrics", TestData.ADMIN_TOKEN).bodyAsString()
                .contains("ioc_api_signal_plans_total{outcome=\"published\"} 4.0"));
    }

    @Test
    void brokerDownIs503AndTheFailureIsAudited() {
        server.publisher.down = true;
        String detail = TestServer.problem(server.postJson(URI, TestData.ENGINEER_TOKEN, PLAN), 503);
        assertTrue(detail.contains("not sent"), detail);
        assertEquals(1, server.durable.size());
        PlanAuditRecord r = server.durable.get(0);
        assertEquals(PlanAuditRecord.MQTT_UNAVAILABLE, r.outcome());
        assertEquals("eng 7", r.actor());
        assertTrue(r.detail().contains("connection refused"), r.detail());
        assertEquals("mqtt-unavailable", TestServer.json(server.get(URI, TestData.ADMIN_TOKEN)).get("plans").get(0)
                .get("outcome").asText());
    }

    @Test
    void badPlansAre400ProblemsNamingTheField() throws Exception {
        Map<String, String> cases = Map.of(
                plan("cycleSec", "10"), "cycleSec",
                plan("cycleSec", "\"long\""), "cycleSec",
                plan("offsetSec", "120"), "offsetSec",
                plan("planNumber", "0"), "planNumber",
                plan("splits", "[{\"phase\":2,\"seconds\":100},{\"phase\":4,\"seconds\":30}]"), "splits",
                plan("splits", "[{\"phase\":3,\"seconds\":30}]"), "phase",
                plan("splits", "[{\"phase\":2,\"seconds\":30},{\"phase\":2,\"seconds\":30}]"), "splits",
                plan("splits", "[]"), "splits",
                plan("effectiveAt", "\"tomorrow\""), "effectiveAt",
                "[1,2]", "object");
        cases.forEach((body, field) -> {
            String detail = TestServer.problem(server.postJson(URI, TestData.ENGINEER_TOKEN, body), 400);
            assertTrue(detail.contains(field), body + " → " + detail);
        });
        assertTrue(TestServer.problem(server.postJson(URI, TestData.ENGINEER_TOKEN, "{not json"), 400).contains("JSON"));
        assertEquals(0, server.publisher.sent.size(), "nothing bad is sent");
        assertEquals(0, server.durable.size());
    }

    @Test
    void onlyRegisteredSignalControllersTakePlans() {
        assertTrue(TestServer.problem(server.postJson("/api/v1/signals/cam-0001/plans", TestData.ENGINEER_TOKEN, PLAN), 400)
                .contains("id"));
        TestServer.problem(server.postJson("/api/v1/signals/sig-9999/plans", TestData.ENGINEER_TOKEN, PLAN), 404);
        TestServer.problem(server.get("/api/v1/signals/sig-9999/plans", TestData.ENGINEER_TOKEN), 404);
        var wrongType = server.web.post(server.port(), "127.0.0.1", URI).bearerTokenAuthentication(TestData.ENGINEER_TOKEN)
                .putHeader("Content-Type", "text/plain").sendBuffer(io.vertx.core.buffer.Buffer.buffer(PLAN)).await();
        TestServer.problem(wrongType, 415);
        TestServer.problem(server.postJson(URI, TestData.ENGINEER_TOKEN, "{\"x\":\"" + "a".repeat(20_000) + "\"}"), 413);
        assertEquals(0, server.publisher.sent.size());
    }
}
