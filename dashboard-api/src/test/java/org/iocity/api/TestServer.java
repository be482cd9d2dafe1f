package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iocity.api.auth.Tokens;
import org.iocity.api.config.ApiSettings;
import org.iocity.api.health.ServiceStatus;
import org.iocity.api.metrics.MicrometerMetrics;
import org.iocity.api.signals.AuditTrail;
import org.iocity.api.signals.PlanPublisher;
import org.iocity.api.state.CongestionState;
import org.iocity.api.state.PlanAuditRecord;
import org.iocity.api.web.Problem;
import org.iocity.model.config.IocConfig;
import org.iocity.model.records.Json;

/** An {@link ApiVerticle} on a free port with the test registry and a token per role, and clients for it. */
final class TestServer implements AutoCloseable {
    /** A plan publisher that records what it was given, or fails while {@code down}. */
    static final class FakePublisher implements PlanPublisher {
        final List<Map.Entry<String, String>> sent = new CopyOnWriteArrayList<>();
        volatile boolean down;

        @Override
        public void publish(String topic, byte[] payload) throws UnavailableException {
            if (down) throw new UnavailableException("MQTT broker tcp://127.0.0.1:1 did not take the plan: connection refused", null);
            sent.add(Map.entry(topic, new String(payload, java.nio.charset.StandardCharsets.UTF_8)));
        }

        @Override
        public void close() {}
    }

    final Vertx vertx;
    final CongestionState state = new CongestionState();
    final ApiVerticleTest.FakeHistory history = new ApiVerticleTest.FakeHistory();
    final FakePublisher publisher = new FakePublisher();
    final List<PlanAuditRecord> durable = new CopyOnWriteArrayList<>();
    final List<Object> acks = new CopyOnWriteArrayList<>();
    final MicrometerMetrics metrics = new MicrometerMetrics();
    final ApiVerticle verticle;
    final WebClient web;
    final HttpClient http;

    TestServer(Vertx vertx, Map<String, String> overrides) {
        this(vertx, overrides, TestData.tokens());
    }

    TestServer(Vertx vertx, Map<String, String> overrides, Tokens tokens) {
        this.vertx = vertx;
        Map<String, String> config = new HashMap<>(Map.of("api.tokens.file", "unused", "api.port", "0"));
        config.putAll(overrides);
        AuditTrail audit = new AuditTrail((k, r) -> {
            if (r instanceof PlanAuditRecord p) durable.add(p);
            else acks.add(r);
            return CompletableFuture.completedFuture(null);
        }, 3);
        verticle = new ApiVerticle(ApiSettings.from(IocConfig.of(config)), TestData.registry(), tokens,
                state, history, ServiceStatus.fixed(true),
                new ApiVerticle.Parts(metrics, publisher, audit, overrides.get("api.wall.tiles")));
        vertx.deployVerticle(verticle).await();
        assertTrue(verticle.port() > 0);
        web = WebClient.create(vertx);
        http = vertx.createHttpClient();
    }

    int port() {
        return verticle.port();
    }

    HttpResponse<Buffer> get(String uri, String token) {
        var req = web.get(port(), "127.0.0.1", uri);
        if (token != null) req.bearerTokenAuthentication(token);
        return req.send().await();
    }

    HttpResponse<Buffer> postJson(String uri, String token, String body) {
        var req = web.post(port(), "127.0.0.1", uri).putHeader("Content-Type", "application/json");
        if (token != null) req.bearerTokenAuthentication(token);
        return req.sendBuffer(Buffer.buffer(body)).await();
    }

    /** The status of a request without reading its body (for streams), then the connection is closed. */
    int statusOnly(HttpMethod method, String uri, String token) {
        RequestOptions o = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port()).setURI(uri);
        if (token != null) o.putHeader("Authorization", "Bearer " + token);
        if (method == HttpMethod.POST) o.putHeader("Content-Type", "application/json");
        HttpClientResponse r = http.request(o).compose(req -> method == HttpMethod.POST ? req.send("{}") : req.send()).await();
        int status = r.statusCode();
        r.request().connection().close();
        return status;
    }

    static JsonNode json(HttpResponse<Buffer> r) {
        try {
            return Json.mapper().readTree(r.bodyAsString());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.bodyAsString(), e);
        }
    }

    /** Asserts an RFC 9457 problem of {@code status} and returns its detail. */
    static String problem(HttpResponse<Buffer> r, int status) {
        assertEquals(status, r.statusCode(), r.bodyAsString());
        assertEquals(Problem.MEDIA_TYPE, r.getHeader("Content-Type"));
        JsonNode p = json(r);
        assertEquals(status, p.get("status").asInt());
        assertTrue(p.get("type").asText().startsWith(Problem.TYPE_PREFIX));
        return p.path("detail").asText();
    }

    @Override
    public void close() {
        web.close();
        http.close().await();
    }

    static <T> List<T> list(Iterable<T> it) {
        List<T> l = new ArrayList<>();
        it.forEach(l::add);
        return l;
    }
}
