package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.junit5.VertxExtension;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.iocity.api.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /openapi.json} as served lists exactly the router's routes, its {@code x-roles} are the roles of the
 * route table ({@link Routes}), it declares bearer security and the problem schema, and bad parameters it documents give a
 * 400 problem naming the parameter.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenApiDocumentTest {
    private TestServer server;
    private JsonNode doc;

    @BeforeEach
    void start(Vertx vertx) {
        server = new TestServer(vertx, Map.of());
        var r = server.get("/openapi.json", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
        doc = TestServer.json(r);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() {
        Set<String> routed = new TreeSet<>();
        for (Route route : server.verticle.router().getRoutes()) {
            if (route.getPath() == null || route.methods() == null) continue; // catch-alls: metrics, failures
            for (HttpMethod m : route.methods()) routed.add(m.name() + " " + Routes.openApiPath(route.getPath()));
        }
        Set<String> documented = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(op -> {
            if (!op.equals("parameters")) documented.add(op.toUpperCase(Locale.ROOT) + " " + p.getKey());
        }));
        assertEquals(documented, routed);
    }

    @Test
    void rolesInTheDocumentAreTheAccessTable() {
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            if (op.getKey().equals("parameters")) return;
            String key = op.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey().replaceAll("\\{([A-Za-z]+)}", ":$1");
            Set<Role> roles = EnumSet.noneOf(Role.class);
            op.getValue().get("x-roles").forEach(r -> roles.add(Role.parse(r.asText()).orElseThrow()));
            if (Routes.PUBLIC.contains(key)) {
                assertEquals(Set.of(), roles, key);
                assertEquals(0, op.getValue().get("security").size(), key + " is public");
            } else {
                assertEquals(Routes.roles(key.split(" ")[0], key.split(" ")[1]), roles, key);
            }
        }));
    }

    @Test
    void securityAndProblemSchemaAreDeclared() {
        assertEquals("bearer", doc.at("/components/securitySchemes/bearer/scheme").asText());
        assertEquals("bearer", doc.at("/security/0").fieldNames().next());
        JsonNode problem = doc.at("/components/schemas/Problem");
        assertEquals(Set.of("type", "title", "status"), new TreeSet<>(TestServer.list(() -> problem.get("required")
                .valueStream().map(JsonNode::asText).iterator())));
        assertTrue(doc.get("openapi").asText().startsWith("3."));
    }

    @Test
    void documentedParametersAreCheckedAndNamedIn400Problems() {
        String token = TestData.OPERATOR_TOKEN;
        Map<String, String> badToParam = Map.ofEntries(
                Map.entry("/api/v1/congestion?los=G", "los"),
                Map.entry("/api/v1/congestion?ward=quan-1", "ward"),
                Map.entry("/api/v1/history/congestion?entity=seg-le-loi-a&from=yesterday&to=2025-07-01T00:00:00Z", "from"),
                Map.entry("/api/v1/history/congestion?from=2025-07-01T00:00:00Z&to=2025-07-01T01:00:00Z", "entity"),
                Map.entry("/api/v1/history/congestion?entity=seg-le-loi-a&from=2025-07-01T00:00:00Z&to=2025-07-01T01:00:00Z&step=5x", "step"),
                Map.entry("/api/v1/live/sse?channels=weather", "channels"),
                Map.entry("/api/v1/live/sse", "channels"),
                Map.entry("/api/v1/alerts?status=maybe", "status"),
                Map.entry("/api/v1/heatmap?window=2h", "window"),
                Map.entry("/api/v1/heatmap?resolution=12", "resolution"),
                Map.entry("/api/v1/heatmap?category=weather", "category"),
                Map.entry("/api/v1/kpis?date=yesterday", "date"),
                Map.entry("/api/v1/kpis?area=a%20b", "area"),
                Map.entry("/api/v1/reports/daily?date=2026-13-01", "date"),
                Map.entry("/api/v1/reports/daily", "date"),
                Map.entry("/api/v1/reports/daily?date=2026-11-22&format=xml", "format"),
                Map.entry("/api/v1/devices?status=sleeping", "status"));
        badToParam.forEach((uri, param) -> {
            String detail = TestServer.problem(server.get(uri, token), 400);
            assertTrue(detail.contains(param), uri + " → " + detail);
        });
        for (String q : badToParam.keySet()) {
            String path = q.substring(0, q.indexOf('?') < 0 ? q.length() : q.indexOf('?'));
            if (path.startsWith("/api/v1/history/")) path = "/api/v1/history/{measure}";
            JsonNode params = doc.at("/paths/" + path.replace("/", "~1") + "/get/parameters");
            assertTrue(params.size() > 0, path);
            String param = badToParam.get(q);
            assertTrue(params.valueStream().anyMatch(p -> param.equals(p.path("name").asText())),
                    param + " is documented on " + path);
        }
    }
}
