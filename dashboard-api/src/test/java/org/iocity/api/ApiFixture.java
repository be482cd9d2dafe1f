package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.iocity.api.auth.Role;
import org.iocity.api.auth.Tokens;
import org.iocity.api.live.LiveProtocol;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.records.Json;
import org.iocity.parts.Await;
import org.iocity.parts.LocalStack.Part;
import org.iocity.parts.LocalStack;
import org.iocity.testkit.TopicWriter;

/**
 * What this module's integration tests share: the real parts ({@link LocalStack}), a tokens file with a token of
 * each role ({@link TestData#TOKEN_OF}), the settings that point a {@link DashboardApp} at both, a Kafka {@link TopicWriter},
 * Vert.x HTTP and WebSocket clients, and InfluxQL straight to InfluxDB. {@link #close} stops everything it started.
 */
final class ApiFixture implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);

    final LocalStack stack;
    /** The stack's settings, API on a free port, the tokens file, no rate limit in the way of polling tests. */
    final IocConfig config;
    final Vertx vertx;
    final WebClient web;
    final WebSocketClient wsClient;
    final TopicWriter writer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ApiFixture(LocalStack stack, IocConfig config) {
        this.stack = stack;
        this.config = config;
        this.vertx = Vertx.vertx();
        this.web = WebClient.create(vertx);
        this.wsClient = vertx.createWebSocketClient();
        this.writer = new TopicWriter(stack.config(), "dashboard-api-it");
    }

    /** Starts {@code parts} and writes the tokens file; {@code settings} are added to (or override) the API's. */
    static ApiFixture start(Map<String, String> settings, Part... parts) throws Exception {
        LocalStack stack = LocalStack.start(parts);
        try {
            Path tokens = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ioc-api-it-").resolve("tokens");
            StringBuilder lines = new StringBuilder("# integration tests\n");
            TestData.TOKEN_OF.forEach((role, token) -> lines.append(Tokens.hash(token)).append(' ').append(role.id())
                    .append(" it ").append(role.id()).append('\n'));
            Files.writeString(tokens, lines);
            Map<String, String> api = new HashMap<>(Map.of("api.port", "0", "api.tokens.file", tokens.toString(),
                    "api.rate.limit.per.minute", "1000000"));
            api.putAll(settings);
            return new ApiFixture(stack, stack.config().with(api));
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    /** Produces one record and waits for Kafka's acknowledgement. */
    void produce(String topic, String key, Object record) throws Exception {
        writer.send(topic, key, Json.toBytes(record));
    }

    HttpResponse<Buffer> get(DashboardApp on, String uri, Role role) {
        return web.get(on.port(), "127.0.0.1", uri).bearerTokenAuthentication(TestData.TOKEN_OF.get(role)).send().await();
    }

    /** A 200 answer's JSON body (asserted). */
    JsonNode ok(DashboardApp on, String uri, Role role) throws Exception {
        HttpResponse<Buffer> r = get(on, uri, role);
        assertEquals(200, r.statusCode(), uri + " → " + r.bodyAsString());
        return json(r);
    }

    HttpResponse<Buffer> post(DashboardApp on, String uri, Role role, String body) {
        return web.post(on.port(), "127.0.0.1", uri).bearerTokenAuthentication(TestData.TOKEN_OF.get(role))
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)).await();
    }

    static JsonNode json(HttpResponse<Buffer> r) throws Exception {
        return Json.mapper().readTree(r.bodyAsString());
    }

    static String enc(Object value) {
        return URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
    }

    /** A WebSocket on {@code /api/v1/live} with the token of {@code role}, subscribed to {@code channels}. */
    Live live(DashboardApp on, Role role, String... channels) throws Exception {
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        WebSocket ws = wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(on.port())
                .setURI(ApiVerticle.LIVE_PATH + "?access_token=" + TestData.TOKEN_OF.get(role))).await();
        ws.textMessageHandler(inbox::add);
        ws.writeTextMessage(Json.toString(Map.of("type", "subscribe", "channels", channels))).await();
        return new Live(ws, inbox);
    }

    /** A live connection and what it received, in order ({@code updates} messages as their {@code update}s). */
    record Live(WebSocket ws, BlockingQueue<String> inbox, java.util.Queue<JsonNode> unbatched) implements AutoCloseable {
        Live(WebSocket ws, BlockingQueue<String> inbox) {
            this(ws, inbox, new java.util.ArrayDeque<>());
        }

        /** The next message of {@code channel} and {@code type} (others are skipped). */
        JsonNode next(String type, String channel) {
            return next(WAIT, type, channel);
        }

        JsonNode next(Duration within, String type, String channel) {
            return next(within, type, channel, data -> true);
        }

        /** The next message of {@code channel} and {@code type} whose {@code data} passes {@code match}. */
        JsonNode next(Duration within, String type, String channel, Predicate<JsonNode> match) {
            return Await.value(within, type + " on " + channel, () -> {
                if (unbatched.isEmpty()) {
                    String s = inbox.poll(100, TimeUnit.MILLISECONDS);
                    if (s == null) return null;
                    unbatched.addAll(LiveProtocol.unbatched(Json.mapper().readTree(s)));
                }
                return unbatched.poll();
            }, m -> m.get("type").asText().equals(type) && m.path("channel").asText().equals(channel)
                    && match.test(m.get("data")));
        }

        @Override
        public void close() {
            if (!ws.isClosed()) ws.close().await();
        }
    }

    /** The answer of InfluxDB's HTTP API to an InfluxQL statement on database {@code ioc}, as JSON. */
    JsonNode influx(String q) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(stack.influx().url() + "/query?db=ioc&q=" + enc(q)))
                .timeout(Duration.ofSeconds(5)).build(), BodyHandlers.ofString());
        return Json.mapper().readTree(r.body());
    }

    /** The raw HTTP body of {@link #influx}. */
    String influxText(String q) throws Exception {
        return influx(q).toString();
    }

    /**
     * Points per entity that InfluxDB holds for a measurement, counted on {@code field} and grouped by {@code tags}
     * (the entity's tag values joined by '/').
     */
    Map<String, Long> influxCounts(String measurement, String field, String... tags) throws Exception {
        String groupBy = String.join(", ", java.util.Arrays.stream(tags).map(t -> "\"" + t + "\"").toList());
        JsonNode result = influx("SELECT count(\"" + field + "\") FROM \"" + measurement + "\" GROUP BY " + groupBy)
                .get("results").get(0);
        if (result.has("error")) throw new IllegalStateException(result.get("error").asText());
        Map<String, Long> counts = new HashMap<>();
        for (JsonNode s : result.path("series")) {
            String entity = String.join("/", java.util.Arrays.stream(tags).map(t -> s.get("tags").get(t).asText()).toList());
            counts.put(entity, s.get("values").get(0).get(1).asLong());
        }
        return counts;
    }

    @Override
    public void close() {
        writer.close();
        vertx.close().await();
        stack.close();
    }
}
