package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code api.rate.limit.per.minute}: a token over its rate gets a 429 problem with Retry-After; other tokens do not. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RateLimitTest {
    private TestServer server;

    @BeforeEach
    void start(Vertx vertx) {
        server = new TestServer(vertx, Map.of("api.rate.limit.per.minute", "3"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aTokenOverItsRateGets429WithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, server.get("/api/v1/congestion", TestData.OPERATOR_TOKEN).statusCode(), "request " + i);
        }
        var refused = server.get("/api/v1/congestion", TestData.OPERATOR_TOKEN);
        String detail = TestServer.problem(refused, 429);
        long retryAfter = Long.parseLong(refused.getHeader("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 20, "Retry-After " + retryAfter);
        assertTrue(detail.contains("3 requests a minute"), detail);
        assertEquals(200, server.get("/api/v1/congestion", TestData.WALL_TOKEN).statusCode(), "another token is not limited");
        assertEquals(200, server.get("/health", null).statusCode(), "public routes are not limited");
        TestServer.problem(server.get("/api/v1/congestion", "wrong-token"), 401);
    }
}
