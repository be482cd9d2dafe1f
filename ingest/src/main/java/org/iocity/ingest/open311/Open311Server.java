package org.iocity.ingest.open311;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.iocity.ingest.IngestMetrics;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.registry.Registry;
import org.iocity.model.registry.WorkingCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake as a part of the ingest process: its own Vert.x instance, an idempotent Kafka producer, and the
 * complaint status view with its feed from {@code ioc.complaints}. Settings: see {@link Open311Settings}.
 */
public final class Open311Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Open311Server.class);

    private final Vertx vertx;
    private final Open311Verticle verticle;
    private final ComplaintFeed feed;
    private final KafkaProducer<String, byte[]> producer;
    /** The working-day calendar of the due times, for {@code /health}. */
    private WorkingCalendar calendar;

    private Open311Server(Vertx vertx, Open311Verticle verticle, ComplaintFeed feed, KafkaProducer<String, byte[]> producer) {
        this.vertx = vertx;
        this.verticle = verticle;
        this.feed = feed;
        this.producer = producer;
    }

    /** The intake counting nothing (embedding, tests); the ingest process shares the gateway's meters. */
    public static Open311Server start(IocConfig config) {
        return start(config, IngestMetrics.NOOP);
    }

    /** The intake, counting its answers and refusals in {@code metrics} (scraped at the gateway's {@code /metrics}). */
    public static Open311Server start(IocConfig config, IngestMetrics metrics) {
        Open311Settings settings = Open311Settings.from(config);
        ApiKeys keys = ApiKeys.load(settings.keysFile());
        ServiceCatalog catalog = ServiceCatalog.load(settings.servicesFile());
        Registry registry = Registry.load(Path.of(config.string("registry.file", "config/registry.json")));
        WorkingCalendar calendar = calendar(settings.holidaysFile());
        CitizenRequests requests = new CitizenRequests(catalog, calendar, registry,
                settings.wardRadiusM());

        Properties props = KafkaClients.producer(config, config.string("mqtt.client.id", "ioc-ingest-1") + "-open311");
        // the send call runs on the event loop: never let it block long when Kafka is away
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props);
        ComplaintView view = new ComplaintView(settings.viewSize());
        ComplaintFeed feed;
        try {
            feed = new ComplaintFeed(config, view);
        } catch (RuntimeException e) {
            producer.close(Duration.ofSeconds(5));
            throw new ConfigException("cannot read " + org.iocity.model.kafka.Topics.COMPLAINTS + " at " + KafkaClients.bootstrap(config)
                    + ": " + e.getMessage());
        }
        Vertx vertx = Vertx.vertx();
        Open311Verticle verticle = new Open311Verticle(settings, catalog, keys, requests, view, producer, metrics);
        Open311Server server = new Open311Server(vertx, verticle, feed, producer);
        server.calendar = calendar;
        try {
            vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            server.close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ConfigException("Open311 intake cannot listen on " + settings.host() + ":" + settings.port() + " ("
                    + cause.getMessage() + "): fix " + IocConfig.envName("ingest.open311.port") + " or "
                    + IocConfig.envName("ingest.open311.host"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new ConfigException("interrupted while starting the Open311 intake");
        }
        return server;
    }

    /** The working calendar for due times; a bad file is one line naming the setting to fix. */
    static WorkingCalendar calendar(Path file) {
        try {
            WorkingCalendar calendar = WorkingCalendar.load(file);
            calendar.coverageWarning(java.time.LocalDate.now(calendar.zone()))
                    .ifPresent(w -> LOG.warn("{} (setting {})", w, IocConfig.envName(Open311Settings.HOLIDAYS_FILE)));
            return calendar;
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + " (fix the file or " + IocConfig.envName(Open311Settings.HOLIDAYS_FILE) + ")");
        }
    }

    /** The intake's Vert.x instance: the ingest process serves its own {@code /health} and {@code /metrics} on it too. */
    public Vertx vertx() {
        return vertx;
    }

    /** The working-day calendar the intake sets due times with. */
    public WorkingCalendar calendar() {
        return calendar;
    }

    /** The port the intake listens on (the actual one when {@code ingest.open311.port} is 0). */
    public int port() {
        return verticle.port();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Open311 intake did not stop cleanly: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        feed.close();
        producer.close(Duration.ofSeconds(10));
        LOG.info("Open311 intake stopped");
    }
}
