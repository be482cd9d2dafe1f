package org.iocity.api;

import io.vertx.core.Vertx;
import java.net.BindException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaException;
import org.iocity.api.auth.TokenStore;
import org.iocity.api.auth.Tokens;
import org.iocity.api.config.ApiSettings;
import org.iocity.api.config.DeploymentSettings;
import org.iocity.api.health.ServiceStatus;
import org.iocity.api.history.Backoff;
import org.iocity.api.history.HistoryWriter;
import org.iocity.api.history.InfluxHistory;
import org.iocity.api.metrics.MicrometerMetrics;
import org.iocity.api.signals.AuditTrail;
import org.iocity.api.signals.MqttPlanPublisher;
import org.iocity.api.state.CongestionState;
import org.iocity.api.state.LiveStateConsumer;
import org.iocity.api.web.Text;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.Topics;
import org.iocity.model.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard API as one object: the HTTP/WebSocket server ({@link ApiVerticle}), the live state consumer and the
 * history writer.
 * <pre>{@code
 * DashboardApp app = DashboardApp.start(config);   // listening when it returns
 * int port = app.port();
 * app.close();
 * }</pre>
 */
public final class DashboardApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardApp.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** The topics whose results the history writer keeps ({@link org.iocity.api.history.HistoryPoints}). */
    static final List<String> HISTORY_TOPICS = List.of(Topics.CONGESTION, Topics.SIGNAL_PERFORMANCE, Topics.KPI);
    /**
     * What the live state is rebuilt from (the audit topic for plan changes and alert acknowledgements, the raw sensor
     * readings for the wall's flood, air and noise points).
     */
    static final List<String> LIVE_TOPICS = List.of(Topics.CONGESTION, Topics.CONGESTION_LIVE, Topics.ALERTS, Topics.KPI,
            Topics.COMPLAINT_HEATMAP, Topics.SIGNAL_PERFORMANCE, Topics.DEVICE_STATUS, Topics.AUDIT, Topics.ENV_READINGS);

    /**
     * The live topics of the alert lane, read by a consumer of their own so that an alert or a device going offline
     * never waits behind a window's burst of congestion results (the event loop applies them first too: {@code
     * LiveApplier}).
     */
    static final List<String> LIVE_ALERT_TOPICS = List.of(Topics.ALERTS, Topics.DEVICE_STATUS);

    /** Live topics read from a while ago, not from the beginning: early congestion windows older than this are stale. */
    static final Map<String, Duration> LIVE_RECENT_ONLY = Map.of(Topics.CONGESTION_LIVE, Duration.ofMinutes(10));

    private final ApiSettings settings;
    private final Vertx vertx;
    private final InfluxHistory influx;
    private final CongestionState state = new CongestionState();
    private final AtomicBoolean closed = new AtomicBoolean();
    private ApiVerticle verticle;
    private LiveStateConsumer live;
    private LiveStateConsumer alertLane;
    private HistoryWriter writer;
    private AuditTrail audit;

    private DashboardApp(ApiSettings settings, Vertx vertx, InfluxHistory influx) {
        this.settings = settings;
        this.vertx = vertx;
        this.influx = influx;
    }

    /**
     * Starts everything and returns once the server listens. Bad settings, an unreadable registry or tokens file, or a
     * port in use are a {@link ConfigException}. Kafka and InfluxDB need not be up: the consumers keep trying.
     */
    public static DashboardApp start(IocConfig config) {
        ApiSettings settings = ApiSettings.from(config);
        DeploymentSettings deployment = DeploymentSettings.from(config);
        Registry registry = Registry.load(settings.registryFile());
        TokenStore tokens = TokenStore.load(settings.tokensFile());
        KafkaClients.bootstrap(config);
        Properties liveProps = liveConsumer(config);
        Properties writerProps = KafkaClients.consumer(config, HistoryWriter.GROUP, "ioc-history-writer");
        writerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(settings.historyBatchSize()));

        Vertx vertx = Vertx.vertx();
        DashboardApp app = new DashboardApp(settings, vertx,
                new InfluxHistory(settings.influxUrl(), settings.influxDatabase(), settings.influxTimeout(),
                        settings.historyRawRetention(), settings.historyLongRetention()));
        try {
            MicrometerMetrics metrics = new MicrometerMetrics();
            app.audit = new AuditTrail(AuditTrail.kafka(KafkaClients.producer(config, "ioc-dashboard-audit")),
                    deployment.auditKeep());
            ApiVerticle.Parts parts = new ApiVerticle.Parts(metrics, new MqttPlanPublisher(deployment.mqttUrl(),
                    deployment.mqttUsername(), deployment.mqttPassword()), app.audit, deployment.wallTiles());
            app.verticle = new ApiVerticle(settings, registry, tokens, app.state, app.influx, app.status(), parts);
            await(vertx.deployVerticle(app.verticle).toCompletionStage().toCompletableFuture(), settings);
            List<String> bulkTopics = LIVE_TOPICS.stream().filter(t -> !LIVE_ALERT_TOPICS.contains(t)).toList();
            app.live = new LiveStateConsumer(liveProps, bulkTopics, LIVE_RECENT_ONLY, registry,
                    results -> app.verticle.publish(results).toCompletionStage(), settings.partitionDiscovery());
            Properties alertProps = (Properties) liveProps.clone();
            alertProps.put(ConsumerConfig.CLIENT_ID_CONFIG, liveProps.getProperty(ConsumerConfig.CLIENT_ID_CONFIG,
                    "ioc-dashboard-live") + "-alerts");
            app.alertLane = new LiveStateConsumer(alertProps, "ioc-live-alerts", LIVE_ALERT_TOPICS, Map.of(), registry,
                    results -> app.verticle.publish(results).toCompletionStage(), settings.partitionDiscovery());
            app.writer = new HistoryWriter(writerProps, HISTORY_TOPICS, app.influx,
                    new Backoff(settings.historyRetryInitial(), settings.historyRetryMax()));
            app.live.start();
            app.alertLane.start();
            app.writer.start();
            metrics.consumerCounters(() -> app.live.applied() + app.alertLane.applied(), app.writer::pointsWritten, app.writer::failedAttempts);
        } catch (KafkaException e) {
            app.close();
            throw new ConfigException("cannot create the Kafka consumers for " + KafkaClients.bootstrap(config) + ": "
                    + Text.oneLine(e) + " (check " + IocConfig.envName("kafka.bootstrap") + ")");
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        LOG.debug("dashboard-api listening on {}:{}; history in {}", settings.host(), app.port(), app.influx.describe());
        return app;
    }

    /**
     * Checks what needs no network (settings, registry, tokens file) so a process can fail on it before it waits
     * for Kafka; returns the settings.
     */
    static ApiSettings checkLocal(IocConfig config) {
        ApiSettings settings = ApiSettings.from(config);
        DeploymentSettings.from(config);
        Registry.load(settings.registryFile());
        Tokens.load(settings.tokensFile());
        KafkaClients.bootstrap(config);
        return settings;
    }

    /** No consumer group: every partition is assigned and read from the beginning. */
    private static Properties liveConsumer(IocConfig config) {
        Properties p = KafkaClients.consumer(config, "unused", "ioc-dashboard-live");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    private static void await(java.util.concurrent.CompletableFuture<?> deployed, ApiSettings settings) {
        try {
            deployed.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BindException || String.valueOf(cause.getMessage()).contains("Address already in use")) {
                throw new ConfigException("cannot listen on " + settings.host() + ":" + settings.port() + " ("
                        + cause.getMessage() + "): set " + IocConfig.envName("api.port") + " or "
                        + IocConfig.envName("api.host"));
            }
            throw new IllegalStateException("the API server did not start: " + cause, cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the API server did not start within " + START_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the API server");
        }
    }

    private ServiceStatus status() {
        return new ServiceStatus() {
            @Override
            public boolean liveRunning() {
                return live != null && live.running() && alertLane != null && alertLane.running();
            }

            /**
             * Both live consumers as one (topics together, counters summed), with the alert lane's own consumer also
             * under {@code alertLane}.
             */
            @Override
            public Map<String, Object> live() {
                if (live == null) return Map.of("state", "starting");
                Map<String, Object> m = new LinkedHashMap<>(live.status());
                if (alertLane == null) return m;
                Map<String, Object> lane = alertLane.status();
                lane.forEach((k, v) -> {
                    if (v instanceof Number n && m.get(k) instanceof Number t) m.put(k, t.longValue() + n.longValue());
                    else if (k.equals("topics")) m.put(k, java.util.stream.Stream.concat(((List<?>) m.get(k)).stream(),
                            ((List<?>) v).stream()).toList());
                    else if (k.equals("lastError") && !m.containsKey(k)) m.put(k, v);
                });
                m.put("alertLane", lane);
                return m;
            }

            @Override
            public Map<String, Object> historyWriter() {
                return writer == null ? Map.of("state", "starting") : writer.status();
            }
        };
    }

    /** The HTTP port listened on ({@code api.port}, or the one the system chose for 0). */
    public int port() {
        return verticle == null ? -1 : verticle.port();
    }

    /** Stops the consumers, the writer and Vert.x; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        for (AutoCloseable c : List.<AutoCloseable>of(
                () -> { if (live != null) live.close(); },
                () -> { if (alertLane != null) alertLane.close(); },
                () -> { if (writer != null) writer.close(); },
                () -> { if (audit != null) audit.close(); })) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", Text.oneLine(e));
            }
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Vert.x did not close cleanly: {}", Text.oneLine(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        influx.close();
        LOG.info("dashboard-api on port {} stopped", settings.port() == 0 ? "(ephemeral)" : settings.port());
    }
}
