package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.iocity.api.live.LiveMessage;
import org.iocity.api.live.WebSocketTransport;
import org.iocity.model.records.LevelOfService;
import org.iocity.parts.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A wall that goes away mid-broadcast (found by {@code RecoveryIT}: its WebSocket closed while records were applied)
 * must not stop the live state: Vert.x throws when a closed socket is asked whether its queue is full, which aborted
 * the batch being applied and left the live consumer waiting for ever.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClosedClientTest {
    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void aSocketTheClientClosedCountsAsFullAndTakesNoWrites() throws Exception {
        CompletableFuture<ServerWebSocket> accepted = new CompletableFuture<>();
        HttpServer server = vertx.createHttpServer().webSocketHandler(accepted::complete).listen(0, "127.0.0.1").await();
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocket ws = client.connect(server.actualPort(), "127.0.0.1", "/").await();
        ServerWebSocket serverSide = accepted.get(10, TimeUnit.SECONDS);
        ws.close().await();
        Await.until(Duration.ofSeconds(10), "the server side closed", serverSide::isClosed);

        WebSocketTransport transport = new WebSocketTransport(serverSide);
        assertTrue(assertDoesNotThrow(transport::writeQueueFull));
        assertDoesNotThrow(() -> transport.write(new LiveMessage("{\"type\":\"update\"}")));
        client.close().await();
    }

    @Test
    void aRecordThatFailsToApplyNeitherDropsTheRestNorStallsTheBatch() {
        try (TestServer server = new TestServer(vertx, Map.of())) {
            Instant t = Instant.parse("2026-11-23T01:00:00Z");
            server.verticle.publish(List.of("not a result record", TestData.result("seg-le-loi-a", "ben-thanh", t,
                    LevelOfService.C, 20))).toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
            assertEquals(LevelOfService.C, server.state.get("seg-le-loi-a").orElseThrow().los());
        }
    }
}
