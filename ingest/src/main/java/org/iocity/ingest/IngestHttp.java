package org.iocity.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.records.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own small HTTP endpoint (JDK HttpServer): {@code GET /metrics} (Prometheus text) and
 * {@code GET /health} (JSON; 200 when every MQTT connection is up, else 503). Settings: {@code ingest.http.host}
 * (default 127.0.0.1), {@code ingest.http.port} (default 8090, 0 = a free port).
 */
public final class IngestHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestHttp.class);
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private IngestHttp(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static IngestHttp start(IocConfig config, IngestGateway gateway) {
        String host = config.string("ingest.http.host", "127.0.0.1");
        int port = config.port("ingest.http.port", 8090);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("ingest HTTP endpoint cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): fix " + IocConfig.envName("ingest.http.port") + " or " + IocConfig.envName("ingest.http.host"));
        }
        server.createContext("/metrics", ex -> {
            if (!allowGet(ex)) return;
            send(ex, 200, PROMETHEUS_TEXT, gateway.metrics().scrape());
        });
        server.createContext("/health", ex -> {
            if (!allowGet(ex)) return;
            boolean up = gateway.mqttConnected();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "UP" : "DOWN");
            body.put("mqttConnected", up);
            Instant ok = gateway.kafkaLastSuccess();
            Instant failed = gateway.kafkaLastFailure();
            body.put("kafkaLastSuccess", ok == null ? null : ok.toString());
            body.put("kafkaLastFailure", failed == null ? null : failed.toString());
            body.put("received", gateway.metrics().receivedCount());
            body.put("forwarded", gateway.metrics().forwardedCount());
            send(ex, up ? 200 : 503, "application/json", new String(Json.toBytes(body), StandardCharsets.UTF_8));
        });
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ingest-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("ingest metrics at http://{}:{}/metrics, health at /health", host, server.getAddress().getPort());
        return new IngestHttp(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static boolean allowGet(HttpExchange ex) throws IOException {
        if ("GET".equals(ex.getRequestMethod())) return true;
        ex.getResponseHeaders().add("Allow", "GET");
        send(ex, 405, "application/json", "{\"error\":\"only GET\"}");
        return false;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
