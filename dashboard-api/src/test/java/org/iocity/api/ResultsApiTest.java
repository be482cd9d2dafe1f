package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.iocity.api.state.AlertAck;
import org.iocity.api.reports.ReportTable;
import org.iocity.api.reports.ReportTables;
import org.iocity.model.records.Alert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The REST views of the live state on the test registry, the audit sink in memory (real Kafka: LiveResultsIT). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResultsApiTest {
    private static final Instant T = Instant.parse("2026-11-23T01:00:00Z");
    private TestServer server;

    @BeforeEach
    void start(Vertx vertx) {
        server = new TestServer(vertx, Map.of());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anAckIsRecordedOnceAndGoesToTheAuditSink() {
        Alert a = Alert.raised(Alert.CONGESTION, "seg-le-loi-a", "ben-thanh", Alert.CRITICAL, T, T.plusSeconds(600), "at F");
        server.verticle.publish(List.of(a)).await();
        String uri = "/api/v1/alerts/" + a.id() + "/ack";
        TestServer.problem(server.postJson(uri, TestData.OPERATOR_TOKEN, "{\"note\":42}"), 400);
        var r = server.postJson(uri, TestData.ENGINEER_TOKEN, "{\"note\":\"seen\"}");
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals("eng 7", TestServer.json(r).get("ack").get("by").asText());
        String again = TestServer.problem(server.postJson(uri, TestData.OPERATOR_TOKEN, ""), 409);
        assertTrue(again.contains("eng 7"), again);
        assertEquals(1, server.acks.size());
        AlertAck ack = (AlertAck) server.acks.get(0);
        assertEquals(a.id(), ack.alertId());
        assertEquals("seen", ack.note());
        JsonNode open = TestServer.json(server.get("/api/v1/alerts", TestData.WALL_TOKEN)).get("alerts");
        assertEquals("eng 7", open.get(0).get("ack").get("by").asText());
    }

    @Test
    void theDailyReportIsTheLatestRevisionInJsonAndCsv() {
        LocalDate day = LocalDate.parse("2026-11-22");
        server.verticle.publish(List.of(TestData.summary("city", "city", day, 1, 11), TestData.summary("city", "city", day, 0, 10),
                TestData.summary("ward", "sai-gon", day, 0, 4))).await();
        JsonNode report = TestServer.json(server.get("/api/v1/reports/daily?date=" + day, TestData.LEADER_TOKEN));
        assertEquals(1, report.get("city").get("revision").asInt());
        assertEquals(11, report.get("city").get("complaintsReceived").asLong());
        assertEquals(1, report.get("wards").size());
        String csv = server.get("/api/v1/reports/daily?date=" + day + "&format=csv", TestData.LEADER_TOKEN).bodyAsString();
        assertEquals(List.of(String.join(",", ReportTables.DAILY), "2026-11-22,city,city,1,2026-11-22T18:00:00Z,11,5,5,1.0,1,4,3,3,2.5,a late complaint",
                "2026-11-22,ward,sai-gon,0,2026-11-22T18:00:00Z,4,2,2,1.0,1,4,3,3,2.5,"), List.of(csv.split("\r\n")));
        assertEquals("\"a, \"\"b\"\"\"", ReportTable.field("a, \"b\""));
    }

    @Test
    void signalIdsResolveToIntersectionsAndRangesAreChecked() {
        server.verticle.publish(List.of(TestData.bin("x-le-loi-nguyen-hue", T, 1, false, 10, 5, 0))).await();
        String range = "?from=2026-11-23T00:00:00Z&to=2026-11-23T02:00:00Z";
        JsonNode bySignal = TestServer.json(server.get("/api/v1/signals/sig-0001/performance" + range, TestData.ENGINEER_TOKEN));
        assertEquals(1, bySignal.get("bins").size());
        assertEquals(bySignal, TestServer.json(server.get("/api/v1/signals/x-le-loi-nguyen-hue/performance" + range,
                TestData.ENGINEER_TOKEN)));
        TestServer.problem(server.get("/api/v1/signals/cam-0001/performance", TestData.ENGINEER_TOKEN), 404);
        assertTrue(TestServer.problem(server.get("/api/v1/signals/sig-0001/performance?from=2026-11-23T02:00:00Z&to="
                + "2026-11-23T01:00:00Z", TestData.ENGINEER_TOKEN), 400).contains("before"));
        assertTrue(TestServer.problem(server.get("/api/v1/signals/sig-0001/plans/compare?change=x&hours=48",
                TestData.ENGINEER_TOKEN), 400).contains("hours"));
        TestServer.problem(server.get("/api/v1/signals/sig-0001/plans/compare", TestData.ENGINEER_TOKEN), 400);
    }
}
