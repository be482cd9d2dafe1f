package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.iocity.api.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every guarded endpoint × every role against a real server: allowed roles get past the guard, others get 403. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccessTest {
    private TestServer server;

    @BeforeEach
    void start(Vertx vertx) {
        server = new TestServer(vertx, Map.of());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A concrete URI for a route path (path parameters filled with a registered controller). */
    static String uri(String path) {
        String u = path.replace(":id", "sig-0001");
        return u.equals(ApiVerticle.SSE_PATH) ? u + "?channels=congestion" : u;
    }

    @Test
    void theTableIsTheIssuesRoleModel() {
        // wall: read-only live and congestion; engineer: + signal plans; admin: everything
        for (var e : Routes.TABLE.entrySet()) {
            assertTrue(e.getValue().contains(Role.ADMIN), "admin may call " + e.getKey());
        }
        assertEquals(Set.of(Role.ENGINEER, Role.ADMIN), Routes.roles("POST", "/api/v1/signals/:id/plans"));
        assertTrue(Routes.roles("GET", "/api/v1/live/sse").contains(Role.WALL));
        assertTrue(Routes.roles("GET", "/api/v1/congestion").contains(Role.WALL));
        assertFalse(Routes.roles("GET", "/api/v1/history/:measure").contains(Role.WALL));
        assertEquals(Set.of(Role.ADMIN), Routes.roles("GET", "/metrics"));
    }

    @Test
    void everyEndpointTimesEveryRole() {
        List<String> failures = new ArrayList<>();
        for (var e : Routes.TABLE.entrySet()) {
            String[] mp = e.getKey().split(" ", 2);
            HttpMethod method = HttpMethod.valueOf(mp[0]);
            String uri = uri(mp[1]);
            int anonymous = server.statusOnly(method, uri, null);
            if (anonymous != 401) failures.add(e.getKey() + " without a token: " + anonymous);
            for (Role role : Role.values()) {
                int status = server.statusOnly(method, uri, TestData.TOKEN_OF.get(role));
                boolean allowed = e.getValue().contains(role);
                if (allowed && (status == 401 || status == 403)) failures.add(e.getKey() + " as " + role.id() + ": " + status);
                if (!allowed && status != 403) failures.add(e.getKey() + " as " + role.id() + " should be 403: " + status);
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void deniedIsA403ProblemNamingTheRole() {
        String detail = TestServer.problem(server.postJson("/api/v1/signals/sig-0001/plans", TestData.WALL_TOKEN, "{}"), 403);
        assertTrue(detail.contains("wall"), detail);
        TestServer.problem(server.get("/metrics", TestData.OPERATOR_TOKEN), 403);
        TestServer.problem(server.get("/api/v1/history/congestion?entity=seg-le-loi-a", TestData.WALL_TOKEN), 403);
    }

    @Test
    void publicEndpointsNeedNoToken() {
        for (String e : Routes.PUBLIC) {
            String path = e.split(" ", 2)[1];
            assertEquals(200, server.get(path, null).statusCode(), path);
        }
    }
}
