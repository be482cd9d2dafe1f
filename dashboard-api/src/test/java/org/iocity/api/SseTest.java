package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.iocity.model.records.Json;
import org.iocity.model.records.LevelOfService;
import org.iocity.parts.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/v1/live/sse}: the same snapshot-then-updates stream and slow-client rules as the WebSocket. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SseTest {
    private static final Instant T = Instant.parse("2025-07-01T01:00:00Z");
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    /** An event: its name and its data parsed. */
    record Event(String name, JsonNode data) {}

    /** Opens the stream; complete events go to {@code inbox}. */
    private HttpClientResponse open(String uri, String token, BlockingQueue<Event> inbox) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(server.port())
                .setURI(uri).putHeader("Accept", "text/event-stream");
        if (token != null) o.putHeader("Authorization", "Bearer " + token);
        StringBuilder buf = new StringBuilder();
        // the body handler is set on the event loop as the response arrives, so no chunk is missed
        return server.http.request(o).compose(req -> req.send()).map(r -> r.handler(chunk -> {
            buf.append(chunk.toString());
            for (int end = buf.indexOf("\n\n"); end >= 0; end = buf.indexOf("\n\n")) {
                String block = buf.substring(0, end);
                buf.delete(0, end + 2);
                String name = null;
                String data = null;
                for (String line : block.split("\n")) {
                    if (line.startsWith("event: ")) name = line.substring(7);
                    if (line.startsWith("data: ")) data = line.substring(6);
                }
                if (data == null) continue; // a comment
                try {
                    inbox.add(new Event(name, Json.mapper().readTree(data)));
                } catch (Exception e) {
                    throw new AssertionError("bad event data " + data, e);
                }
            }
        })).await();
    }

    private static Event next(BlockingQueue<Event> inbox) throws InterruptedException {
        Event e = inbox.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "no event within 10 s");
        return e;
    }

    @Test
    void snapshotThenUpdatesAsServerSentEvents(Vertx vertx) throws Exception {
        server = new TestServer(vertx, Map.of());
        server.verticle.publish(List.of(TestData.result("seg-le-loi-a", "ben-thanh", T, LevelOfService.B, 30))).await();
        BlockingQueue<Event> inbox = new LinkedBlockingQueue<>();
        HttpClientResponse r = open(ApiVerticle.SSE_PATH + "?channels=congestion&access_token=" + TestData.WALL_TOKEN, null, inbox);
        assertEquals(200, r.statusCode());
        assertTrue(r.getHeader("Content-Type").startsWith("text/event-stream"));

        Event snap = next(inbox);
        assertEquals("snapshot", snap.name());
        assertEquals("congestion", snap.data().get("channel").asText());
        assertEquals(1, snap.data().get("data").get("features").size());

        server.verticle.publish(List.of(TestData.result("seg-le-loi-a", "ben-thanh", T.plusSeconds(60), LevelOfService.F, 3))).await();
        Event up = next(inbox);
        assertEquals("update", up.name());
        assertEquals("seg-le-loi-a", up.data().get("data").get("id").asText());
        assertEquals("F", up.data().get("data").get("properties").get("los").asText());
        assertEquals(1, TestServer.json(server.get("/health", null)).get("live").get("sse").asInt());

        r.request().connection().close();
        Await.until(Duration.ofSeconds(10), "the server forgetting the closed stream",
                () -> TestServer.json(server.get("/health", null)).get("live").get("sse").asInt() == 0);
    }

    @Test
    void aStreamThatStopsReadingIsCoalescedThenClosed(Vertx vertx) throws Exception {
        server = new TestServer(vertx, Map.of("api.live.max.lag", "2s", "api.live.write.queue.bytes", "1024"));
        BlockingQueue<Event> slowInbox = new LinkedBlockingQueue<>();
        HttpClientResponse slow = open(ApiVerticle.SSE_PATH + "?channels=congestion", TestData.WALL_TOKEN, slowInbox);
        AtomicBoolean ended = new AtomicBoolean();
        slow.request().connection().closeHandler(v -> ended.set(true));
        assertEquals("snapshot", next(slowInbox).name());
        slow.pause();

        Instant[] end = {T};
        Await.value(Duration.ofSeconds(40), "the server closing the slow stream", () -> {
            server.verticle.publish(TestData.twoSegments(end, 300)).await();
            return TestServer.json(server.get("/health", null)).get("live").get("closedTooSlow").asInt() == 1;
        }, closed -> closed);
        JsonNode live = TestServer.json(server.get("/health", null)).get("live");
        assertEquals(0, live.get("sse").asInt());
        slow.resume();
        Await.until(Duration.ofSeconds(20), "the slow stream's connection to end", ended::get);
        String metrics = server.get("/metrics", TestData.ADMIN_TOKEN).bodyAsString();
        assertTrue(metrics.contains("ioc_api_live_clients_closed_slow_total{transport=\"sse\"} 1.0"), metrics);
        assertTrue(metrics.matches("(?s).*ioc_api_live_updates_coalesced_total\\{transport=\"sse\"} [1-9].*"), metrics);
    }
}
