package org.iocity.ingest;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.registry.WorkingCalendar;
import org.iocity.model.records.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own small HTTP endpoint, on Vert.x as the Open311 intake is: {@code GET /metrics} (Prometheus text)
 * and {@code GET /health} (JSON; 200 when every MQTT connection is up, else 503). Settings: {@code ingest.http.host}
 * (default 127.0.0.1), {@code ingest.http.port} (default 8090, 0 = a free port). In the ingest process it runs on the
 * intake's Vert.x instance ({@link #start(IocConfig, IngestGateway, Vertx)}); alone, on one of its own.
 */
public final class IngestHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestHttp.class);
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final HttpServer server;

    private IngestHttp(Vertx vertx, boolean ownsVertx, HttpServer server) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.server = server;
    }

    /** The endpoint on a Vert.x instance of its own (one event loop), closed with it. */
    public static IngestHttp start(IocConfig config, IngestGateway gateway) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            return start(config, gateway, vertx, true, null);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** The endpoint on {@code vertx}, which stays open when the endpoint closes. */
    public static IngestHttp start(IocConfig config, IngestGateway gateway, Vertx vertx) {
        return start(config, gateway, vertx, null);
    }

    /**
     * As above, {@code /health} also telling whether the intake's working-day {@code calendar} covers the next 12 months
     * (due times past its end ignore public holidays), and which file to extend.
     */
    public static IngestHttp start(IocConfig config, IngestGateway gateway, Vertx vertx, WorkingCalendar calendar) {
        return start(config, gateway, vertx, false, calendar);
    }

    private static IngestHttp start(IocConfig config, IngestGateway gateway, Vertx vertx, boolean ownsVertx,
                                    WorkingCalendar calendar) {
        String host = config.string("ingest.http.host", "127.0.0.1");
        int port = config.port("ingest.http.port", 8090);
        HttpServer server;
        try {
            server = await(vertx.createHttpServer().requestHandler(req -> handle(req, gateway, calendar)).listen(port, host));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new ConfigException("ingest HTTP endpoint cannot listen on " + host + ":" + port + " (" + cause.getMessage()
                    + "): fix " + IocConfig.envName("ingest.http.port") + " or " + IocConfig.envName("ingest.http.host"));
        }
        LOG.info("ingest metrics at http://{}:{}/metrics, health at /health", host, server.actualPort());
        return new IngestHttp(vertx, ownsVertx, server);
    }

    private static void handle(HttpServerRequest req, IngestGateway gateway, WorkingCalendar calendar) {
        String path = req.path();
        if (!under(path, "/metrics") && !under(path, "/health")) {
            send(req, 404, "application/json", "{\"error\":\"not found\"}");
            return;
        }
        if (req.method() != HttpMethod.GET) {
            req.response().putHeader("Allow", "GET");
            send(req, 405, "application/json", "{\"error\":\"only GET\"}");
            return;
        }
        if (under(path, "/metrics")) {
            send(req, 200, PROMETHEUS_TEXT, gateway.metrics().scrape());
            return;
        }
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
        if (calendar != null) {
            // due times past the calendar's last listed year ignore public holidays: said here, a year ahead
            Map<String, Object> c = calendar.health(LocalDate.now(calendar.zone()));
            body.put("calendar", c);
            if (c.get("warning") != null) body.put("warnings", java.util.List.of(c.get("warning")));
        }
        send(req, up ? 200 : 503, "application/json", Json.toString(body));
    }

    /** The path or below it, as the JDK server's contexts matched before. */
    private static boolean under(String path, String context) {
        return path.equals(context) || path.startsWith(context + "/");
    }

    private static void send(HttpServerRequest req, int status, String type, String body) {
        req.response().setStatusCode(status).putHeader("Content-Type", type).end(body);
    }

    public int port() {
        return server.actualPort();
    }

    private static <T> T await(io.vertx.core.Future<T> f) throws ExecutionException, TimeoutException {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while starting the ingest HTTP endpoint");
        }
    }

    @Override
    public void close() {
        try {
            await(server.close());
            if (ownsVertx) await(vertx.close());
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("ingest HTTP endpoint did not stop cleanly: {}", e.getMessage());
        }
    }
}
