package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.iocity.api.ApiVerticleTest.next;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.iocity.api.auth.Role;
import org.iocity.api.auth.Tokens;
import org.iocity.api.live.LiveProtocol;
import org.iocity.parts.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live channels' guards on a running server: which role may subscribe to which channel (WebSocket and SSE), the
 * limit on handshakes per token and on messages per connection, and token expiry (REST, handshake, and a connection
 * that is open when its token expires).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveSecurityTest {
    private static final String INTERSECTION = LiveProtocol.intersection("x-le-loi-nguyen-hue");
    private Vertx vertx;
    private TestServer server;
    private WebSocketClient wsClient;
    private final List<WebSocket> sockets = new ArrayList<>();

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void clients(Vertx vertx) {
        this.vertx = vertx;
        wsClient = vertx.createWebSocketClient();
    }

    @AfterEach
    void stop() {
        sockets.forEach(WebSocket::close);
        wsClient.close().await();
        if (server != null) server.close();
    }

    private WebSocket connect(String token, BlockingQueue<String> inbox) {
        WebSocket ws = wsClient.connect(options(token)).await();
        sockets.add(ws);
        ws.textMessageHandler(inbox::add);
        return ws;
    }

    private WebSocketConnectOptions options(String token) {
        return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port())
                .setURI(ApiVerticle.LIVE_PATH + "?access_token=" + token);
    }

    private int refusedHandshake(String token) {
        Throwable t = wsClient.connect(options(token)).map(ws -> {
            sockets.add(ws);
            return (Throwable) null;
        }).otherwise(x -> x).await();
        assertInstanceOf(UpgradeRejectedException.class, t, "the handshake was accepted");
        return ((UpgradeRejectedException) t).getStatus();
    }

    @Test
    void eachRoleSubscribesOnlyToItsChannels() throws Exception {
        server = new TestServer(vertx, Map.of());
        BlockingQueue<String> leader = new LinkedBlockingQueue<>();
        WebSocket ws = connect(TestData.LEADER_TOKEN, leader);
        ws.writeTextMessage("{\"type\":\"subscribe\",\"channels\":[\"kpi\",\"areas\",\"sensors\",\"" + INTERSECTION + "\"]}").await();
        assertEquals("kpi", next(leader).get("channel").asText());
        assertEquals("areas", next(leader).get("channel").asText());
        assertEquals("sensors", next(leader).get("channel").asText());
        JsonNode refused = next(leader);
        assertEquals("error", refused.get("type").asText());
        assertTrue(refused.get("detail").asText().contains("role leader may not subscribe to '" + INTERSECTION + "'"),
                refused.toString());

        for (String token : List.of(TestData.ENGINEER_TOKEN, TestData.OPERATOR_TOKEN, TestData.WALL_TOKEN)) {
            BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
            connect(token, inbox).writeTextMessage("{\"type\":\"subscribe\",\"channels\":[\"" + INTERSECTION + "\"]}").await();
            JsonNode snapshot = next(inbox);
            assertEquals("snapshot", snapshot.get("type").asText(), token + ": " + snapshot);
        }

        String sse = ApiVerticle.SSE_PATH + "?channels=kpi," + INTERSECTION;
        String detail = TestServer.problem(server.get(sse, TestData.LEADER_TOKEN), 403);
        assertTrue(detail.contains(INTERSECTION), detail);
        assertEquals(200, server.statusOnly(HttpMethod.GET, sse, TestData.WALL_TOKEN));
    }

    @Test
    void aMessageFloodGetsAnErrorFrameThenTheConnectionIsClosedWithTheReason() throws Exception {
        server = new TestServer(vertx, Map.of("api.live.messages.per.minute", "5"));
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        WebSocket ws = connect(TestData.WALL_TOKEN, inbox);
        BlockingQueue<String> closed = new LinkedBlockingQueue<>();
        ws.closeHandler(v -> closed.add(ws.closeStatusCode() + " " + ws.closeReason()));
        for (int i = 0; i < 5; i++) ws.writeTextMessage("{\"type\":\"ping\"}").await();
        for (int i = 0; i < 5; i++) assertEquals("pong", next(inbox).get("type").asText());
        ws.writeTextMessage("{\"type\":\"subscribe\",\"channels\":[\"congestion\"]}");
        JsonNode error = next(inbox);
        assertEquals("error", error.get("type").asText());
        assertTrue(error.get("detail").asText().contains("too many messages"), error.toString());
        String close = closed.poll(10, TimeUnit.SECONDS);
        assertNotNull(close, "not closed");
        assertTrue(close.startsWith("1008 too many messages: at most 5 a minute"), close);
        JsonNode health = TestServer.json(server.get("/health", null));
        assertEquals(0, health.get("live").get("clients").asInt(), health.toString());
    }

    @Test
    void handshakesPerTokenAreLimitedWith429() throws Exception {
        server = new TestServer(vertx, Map.of("api.live.handshakes.per.minute", "2"));
        connect(TestData.WALL_TOKEN, new LinkedBlockingQueue<>());
        connect(TestData.WALL_TOKEN, new LinkedBlockingQueue<>());
        assertEquals(429, refusedHandshake(TestData.WALL_TOKEN));
        BlockingQueue<String> other = new LinkedBlockingQueue<>();
        connect(TestData.OPERATOR_TOKEN, other).writeTextMessage("{\"type\":\"ping\"}").await();
        assertEquals("pong", next(other).get("type").asText(), "another token is not limited by the first");
    }

    @Test
    void anExpiredTokenIs401AndItsOpenConnectionIsClosed() throws Exception {
        Instant expires = Instant.parse("2026-11-23T12:00:00Z");
        MovableClock clock = new MovableClock(expires.minusSeconds(60));
        Tokens tokens = Tokens.of(Map.of(
                "short-lived", new Tokens.Principal("temp wall", Role.WALL, expires),
                TestData.OPERATOR_TOKEN, new Tokens.Principal("desk 1", Role.OPERATOR))).withClock(clock);
        server = new TestServer(vertx, Map.of(), tokens);
        assertEquals(200, server.get("/api/v1/congestion", "short-lived").statusCode());
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        WebSocket ws = connect("short-lived", inbox);
        BlockingQueue<String> closed = new LinkedBlockingQueue<>();
        ws.closeHandler(v -> closed.add(ws.closeStatusCode() + " " + ws.closeReason()));
        ws.writeTextMessage("{\"type\":\"ping\"}").await();
        assertEquals("pong", next(inbox).get("type").asText());

        clock.now = expires;
        String detail = TestServer.problem(server.get("/api/v1/congestion", "short-lived"), 401);
        assertTrue(detail.contains("expired at " + expires), detail);
        assertEquals(200, server.get("/api/v1/congestion", TestData.OPERATOR_TOKEN).statusCode());
        assertEquals(401, refusedHandshake("short-lived"));
        String close = Await.value(Duration.ofSeconds(10), "the open connection closed", () -> closed.poll(1, TimeUnit.SECONDS),
                c -> true);
        assertEquals("1008 the token expired at " + expires, close);
    }
}
