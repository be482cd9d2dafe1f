package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.iocity.api.metrics.ApiMetrics;
import org.iocity.api.metrics.MeterNames;
import org.iocity.model.records.LevelOfService;
import org.iocity.parts.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /metrics}: Prometheus text for admin tokens, with the request, live-client and push meters. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsTest {
    @Test
    void requestsClientsAndPushesAreCounted(Vertx vertx) throws Exception {
        try (TestServer server = new TestServer(vertx, Map.of())) {
            WebSocketClient ws = vertx.createWebSocketClient();
            BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
            WebSocket socket = ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port())
                    .setURI(ApiVerticle.LIVE_PATH).putHeader("Authorization", "Bearer " + TestData.WALL_TOKEN)).await();
            socket.textMessageHandler(inbox::add);
            socket.writeTextMessage("{\"type\":\"subscribe\",\"channels\":[\"congestion\"]}").await();
            assertTrue(inbox.poll(10, TimeUnit.SECONDS).contains("snapshot"));
            server.verticle.publish(List.of(TestData.result("seg-le-loi-a", "ben-thanh", Instant.parse("2025-07-01T01:00:00Z"),
                    LevelOfService.E, 8))).await();
            assertTrue(inbox.poll(10, TimeUnit.SECONDS).contains("update"));
            server.get("/api/v1/congestion?los=Z", TestData.OPERATOR_TOKEN);
            server.get("/api/v1/congestion", TestData.OPERATOR_TOKEN);

            var r = server.get("/metrics", TestData.ADMIN_TOKEN);
            assertEquals(200, r.statusCode());
            assertTrue(r.getHeader("Content-Type").startsWith("text/plain"));
            String text = r.bodyAsString();
            for (String line : List.of(
                    "ioc_api_http_requests_total{method=\"GET\",route=\"/api/v1/congestion\",status=\"400\"} 1.0",
                    "ioc_api_http_requests_total{method=\"GET\",route=\"/api/v1/congestion\",status=\"200\"} 1.0",
                    "ioc_api_live_clients{transport=\"websocket\"} 1.0",
                    "ioc_api_live_clients{transport=\"sse\"} 0.0",
                    "ioc_api_live_messages_pushed_total{transport=\"websocket\"} 2.0")) {
                assertTrue(text.contains(line), line + " in\n" + text);
            }
            TestServer.problem(server.get("/metrics", null), 401);
            socket.close().await();
            Await.until(Duration.ofSeconds(10), "the gauge dropping", () -> server.get("/metrics", TestData.ADMIN_TOKEN)
                    .bodyAsString().contains("ioc_api_live_clients{transport=\"websocket\"} 0.0"));
            ws.close().await();
        }
    }

    @Test
    void meterNamesAreDottedLowerCaseConstants() throws Exception {
        for (var f : MeterNames.class.getFields()) {
            String v = (String) f.get(null);
            assertTrue(v.matches("[a-z][a-z0-9.]*"), f.getName() + " = " + v);
        }
        assertEquals(null, ApiMetrics.NOOP.scrape());
    }
}
