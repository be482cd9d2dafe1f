package org.iocity.parts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.Topics;
import org.iocity.model.registry.Registry;

/**
 * The real parts on loopback, for integration tests: a Kafka broker (KRaft), Mosquitto and InfluxDB, each on a
 * free port with data in a fresh folder under {@code java.io.tmpdir}, stopped by {@link #close()}.
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start(Part.KAFKA, Part.MOSQUITTO)) {
 *     IocConfig config = stack.config();   // kafka.bootstrap, mqtt.url, influx.url, registry.file
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {
    public enum Part { KAFKA, MOSQUITTO, INFLUXDB }

    private final Path dir;
    private final KafkaBroker kafka;
    private final MosquittoBroker mosquitto;
    private final InfluxServer influx;

    private LocalStack(Path dir, KafkaBroker kafka, MosquittoBroker mosquitto, InfluxServer influx) {
        this.dir = dir;
        this.kafka = kafka;
        this.mosquitto = mosquitto;
        this.influx = influx;
    }

    /** Starts the given parts on free ports; Kafka comes with every topic of {@link Topics#all()} created. */
    public static LocalStack start(Part... parts) {
        return builder().parts(parts).start();
    }

    /** A stack with options: {@code LocalStack.builder().parts(Part.MOSQUITTO).mqttAuth().start()}. */
    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Part[] parts = new Part[0];
        private boolean mqttAuth;
        private int mqttMaxInflight = MosquittoBroker.DEFAULT_MAX_INFLIGHT;

        private Builder() {}

        public Builder parts(Part... parts) {
            this.parts = parts.clone();
            return this;
        }

        /**
         * Mosquitto with passwords and ACLs for the registry's devices and the service users ({@link MqttAuth}), under
         * a fresh secret; anonymous clients refused.
         */
        public Builder mqttAuth() {
            this.mqttAuth = true;
            return this;
        }

        /** Mosquitto's {@code max_inflight_messages} (default {@link MosquittoBroker#DEFAULT_MAX_INFLIGHT}). */
        public Builder mqttMaxInflight(int messages) {
            this.mqttMaxInflight = messages;
            return this;
        }

        public LocalStack start() {
            return LocalStack.start(parts, mqttAuth, mqttMaxInflight);
        }
    }

    private static LocalStack start(Part[] parts, boolean mqttAuth, int mqttMaxInflight) {
        Set<Part> want = parts.length == 0 ? EnumSet.allOf(Part.class) : EnumSet.copyOf(List.of(parts));
        Path dir;
        try {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            Files.createDirectories(tmp);
            dir = Files.createTempDirectory(tmp, "ioc-stack-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<AutoCloseable> started = new ArrayList<>();
        try {
            KafkaBroker kafka = null;
            MosquittoBroker mosquitto = null;
            InfluxServer influx = null;
            if (want.contains(Part.KAFKA)) started.add(kafka = KafkaBroker.start(dir.resolve("kafka"), 0));
            if (want.contains(Part.MOSQUITTO)) started.add(mosquitto = MosquittoBroker.start(dir.resolve("mosquitto"), 0,
                    mqttAuth ? MqttAuth.forRegistry(Registry.load(repoRoot().resolve("config/registry.json")), MqttAuth.newSecret()) : null,
                    mqttMaxInflight));
            if (want.contains(Part.INFLUXDB)) started.add(influx = InfluxServer.start(dir.resolve("influxdb"), 0));
            LocalStack stack = new LocalStack(dir, kafka, mosquitto, influx);
            if (kafka != null) KafkaClients.ensureTopics(stack.config(), Topics.all());
            return stack;
        } catch (RuntimeException e) {
            Collections.reverse(started);
            for (AutoCloseable c : started) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /**
     * Settings that point every service at this stack: {@code kafka.bootstrap}, {@code mqtt.url}, {@code influx.url},
     * {@code registry.file} and {@code calendar.holidays.file} (the data files of this repository), and short Kafka
     * timeouts; with MQTT auth also {@code mqtt.username}/{@code mqtt.password} of the ingest gateway's user.
     */
    public IocConfig config() {
        Map<String, String> v = new HashMap<>();
        if (kafka != null) v.put("kafka.bootstrap", kafka.bootstrap());
        if (mosquitto != null) v.put("mqtt.url", mosquitto.url());
        if (mosquitto != null && mosquitto.auth() != null) {
            v.put("mqtt.username", MqttAuth.INGEST);
            v.put("mqtt.password", mosquitto.auth().password(MqttAuth.INGEST));
        }
        if (influx != null) v.put("influx.url", influx.url());
        v.put("influx.database", "ioc");
        v.put("registry.file", repoRoot().resolve("config/registry.json").toString());
        v.put("calendar.holidays.file", repoRoot().resolve("config/holidays-vn.json").toString());
        v.put("kafka.partitions", "2");
        v.put("kafka.connect.timeout", "10s");
        return IocConfig.of(v);
    }

    /** The repository this build ran in (where {@code config/} is). */
    public static Path repoRoot() {
        Properties p = new Properties();
        try (InputStream in = LocalStack.class.getResourceAsStream("/ioc-real-parts.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("ioc-real-parts.properties is missing from the class path");
        }
        return Path.of(p.getProperty("repo.root"));
    }

    public Path dir() {
        return dir;
    }

    public KafkaBroker kafka() {
        return require(kafka, Part.KAFKA);
    }

    public MosquittoBroker mosquitto() {
        return require(mosquitto, Part.MOSQUITTO);
    }

    public InfluxServer influx() {
        return require(influx, Part.INFLUXDB);
    }

    private static <T> T require(T part, Part name) {
        if (part == null) throw new IllegalStateException(name + " was not started in this LocalStack");
        return part;
    }

    @Override
    public void close() {
        if (influx != null) influx.close();
        if (mosquitto != null) mosquitto.close();
        if (kafka != null) kafka.close();
    }
}
