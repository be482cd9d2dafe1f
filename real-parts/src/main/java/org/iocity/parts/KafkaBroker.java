package org.iocity.parts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller), in its own JVM, started from the
 * Kafka jars on Maven Central that the build copies to {@code real-parts/target/kafka-lib}. It can be stopped and
 * started again on the same ports and data, to test outages.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final Path libDir;
    private ChildProcess process;

    private KafkaBroker(Path dir, int port, int controllerPort, Path libDir) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.libDir = libDir;
    }

    /** Formats storage in {@code dir} and starts a broker listening on {@code port} (0: a free one). */
    public static KafkaBroker start(Path dir, int port) {
        KafkaBroker broker = new KafkaBroker(dir, port == 0 ? Ports.free() : port, Ports.free(), libDir());
        broker.format();
        broker.start();
        return broker;
    }

    /** Where the broker's jars are: {@code ioc.kafka.lib} if set, else the folder this build made. */
    static Path libDir() {
        String configured = System.getProperty("ioc.kafka.lib", System.getenv("IOC_KAFKA_LIB"));
        Path lib;
        if (configured != null) {
            lib = Path.of(configured);
        } else {
            Properties p = new Properties();
            try (InputStream in = KafkaBroker.class.getResourceAsStream("/ioc-real-parts.properties")) {
                p.load(in);
            } catch (IOException | NullPointerException e) {
                throw new IllegalStateException("ioc-real-parts.properties is missing from the class path");
            }
            lib = Path.of(p.getProperty("kafka.lib"));
        }
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("Kafka broker jars not found at " + lib + ": run `mvn -pl real-parts package` (./ioc up does)");
        }
        return lib;
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private void format() {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("server.properties"), serverProperties());
            Files.writeString(dir.resolve("log4j2.properties"), """
                    status = warn
                    appender.console.type = Console
                    appender.console.name = console
                    appender.console.layout.type = PatternLayout
                    appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} - %m%n
                    rootLogger.level = warn
                    rootLogger.appenderRef.console.ref = console
                    logger.server.name = kafka.server.KafkaRaftServer
                    logger.server.level = info
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (Files.exists(dir.resolve("data/meta.properties"))) return;
        String clusterId = Uuid.randomUuid().toString();
        ChildProcess fmt = ChildProcess.start("kafka-format", java("kafka.tools.StorageTool",
                "format", "-t", clusterId, "-c", dir.resolve("server.properties").toString()), dir, Map.of(),
                dir.resolve("format.log"));
        Await.until(Duration.ofSeconds(60), "Kafka storage format in " + dir, () -> !fmt.alive());
        if (!Files.exists(dir.resolve("data/meta.properties"))) {
            throw new IllegalStateException("Kafka storage format failed:" + System.lineSeparator() + fmt.logTail(20));
        }
    }

    private String serverProperties() {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=4",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "group.initial.rebalance.delay.ms=0",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "log.retention.hours=168",
                "") ;
    }

    private List<String> java(String mainClass, String... args) {
        var cmd = new java.util.ArrayList<>(List.of(ChildProcess.java(), "-Xms128m", "-Xmx512m",
                "-XX:+UseG1GC", "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", libDir.resolve("*").toString(), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts the broker process (again) and waits until it answers. */
    public synchronized void start() {
        if (process != null && process.alive()) return;
        process = ChildProcess.start("kafka", java("kafka.Kafka", dir.resolve("server.properties").toString()), dir,
                Map.of(), dir.resolve("kafka.log"));
        long t0 = System.nanoTime();
        Await.until(Duration.ofSeconds(90), "Kafka broker at " + bootstrap(), () -> {
            process.requireAlive();
            return answers();
        });
        LOG.info("Kafka broker (KRaft) up at {} in {} ms, data in {}", bootstrap(),
                (System.nanoTime() - t0) / 1_000_000, dir);
    }

    private boolean answers() {
        if (!Ports.listening(port)) return false; // no admin client (and its warnings) before the port is open
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(p)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** Stops the broker process; data and ports stay, so {@link #start()} brings the same broker back. */
    public synchronized void stop() {
        if (process != null) {
            process.stop();
            LOG.info("Kafka broker at {} stopped", bootstrap());
        }
    }

    /**
     * Kills the broker process (SIGKILL, as {@code kill -9}): it gets no chance to flush or close its logs. Data and
     * ports stay, so {@link #start()} brings the same broker back, recovering its logs as after a crash.
     */
    public synchronized void kill() {
        if (process != null) {
            long pid = process.pid();
            process.kill();
            LOG.info("Kafka broker at {} killed (SIGKILL to pid {})", bootstrap(), pid);
        }
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public void close() {
        stop();
    }
}
