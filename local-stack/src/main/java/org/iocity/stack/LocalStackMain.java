package org.iocity.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.Topics;
import org.iocity.model.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./ioc up}: the whole system on loopback. Starts a Kafka broker (KRaft), Mosquitto and InfluxDB with their data
 * under {@code .ioc/data}, then the services of {@link ServiceCommands} as child processes (logs in
 * {@code .ioc/logs}), prints the URLs and a demo token per role, and stops everything it started on Ctrl-C or
 * {@code ./ioc down}.
 */
public final class LocalStackMain {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStackMain.class);
    static final List<String> ROLES = List.of("operator", "engineer", "leader", "admin", "wall");

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Path home;

    private LocalStackMain(Path home) {
        this.home = home;
    }

    public static void main(String[] args) throws InterruptedException {
        Path home = Path.of(".ioc").toAbsolutePath();
        if (args.length > 0 && args[0].equals("tokens")) {
            // ./ioc tokens: new demo tokens and MQTT credentials for a stack started some other way (docker compose)
            try {
                demoTokens(home.resolve("tokens")).forEach((role, token) -> System.out.printf("%-9s %s%n", role, token));
                System.out.printf("(API tokens expire in %d days; run ./ioc tokens again for new ones)%n",
                        DEMO_TOKEN_LIFETIME.toDays());
                Map<String, String> open311Keys = demoOpen311Keys(home.resolve("open311-keys"));
                open311Keys.forEach((role, key) -> System.out.printf("open311 %-10s %s%n", role, key));
                IocConfig config = IocConfig.load();
                composeMqttAuth(home, Registry.load(Path.of(config.string("registry.file", "config/registry.json"))),
                        open311Keys);
                System.out.printf("MQTT users and ACLs in %s, device passwords in %s%nnow: docker compose --env-file %s up%n",
                        home.resolve("mqtt"), home.resolve("mqtt-devices"), home.resolve(COMPOSE_ENV));
            } catch (ConfigException | IllegalStateException | UncheckedIOException e) {
                LOG.error("ioc tokens: {}", e.getMessage());
                System.exit(2);
            }
            return;
        }
        LocalStackMain up = new LocalStackMain(home);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            up.stopAll();
            done.countDown();
        }, "ioc-down"));
        try {
            up.run(IocConfig.load());
        } catch (ConfigException | IllegalStateException | UncheckedIOException e) {
            LOG.error("ioc up: {}", e.getMessage());
            System.exit(2);
        }
        done.await();
    }

    private void run(IocConfig config) throws InterruptedException {
        int kafkaPort = freePort(config, "up.kafka.port", 9092);
        int mqttPort = freePort(config, "up.mqtt.port", 1883);
        int influxPort = freePort(config, "up.influx.port", 8086);
        int apiPort = freePort(config, "api.port", 8080);
        int flinkPort = freePort(config, "flink.ui.port", 8081);
        Path data = home.resolve("data");
        Path logs = home.resolve("logs");

        KafkaBroker kafka = KafkaBroker.start(data.resolve("kafka"), kafkaPort);
        started.add(kafka);
        // up.mqtt.auth (default true): per-device passwords and topic ACLs from the registry, under a fresh secret
        MqttAuth auth = config.bool("up.mqtt.auth", true)
                ? MqttAuth.forRegistry(Registry.load(Path.of(config.string("registry.file", "config/registry.json"))), MqttAuth.newSecret())
                : null;
        if (auth != null) writeDeviceCredentials(home.resolve("mqtt-devices"), auth);
        // up.mqtt.max.inflight: unacknowledged QoS 1 messages per subscriber connection (see BENCHMARKS.md, ingest)
        MosquittoBroker mqtt = MosquittoBroker.start(data.resolve("mosquitto"), mqttPort, auth,
                config.integer("up.mqtt.max.inflight", 1000, 1, 65535));
        started.add(mqtt);
        InfluxServer influx = InfluxServer.start(data.resolve("influxdb"), influxPort);
        started.add(influx);

        Map<String, String> tokens = demoTokens(home.resolve("tokens"));
        Map<String, String> open311Keys = demoOpen311Keys(home.resolve("open311-keys"));
        int open311Port = freePort(config, "ingest.open311.port", 8091);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("IOC_KAFKA_BOOTSTRAP", kafka.bootstrap());
        env.put("IOC_MQTT_URL", mqtt.url());
        env.put("IOC_INFLUX_URL", influx.url());
        env.put("IOC_API_PORT", String.valueOf(apiPort));
        env.put("IOC_FLINK_UI_PORT", String.valueOf(flinkPort));
        env.put("IOC_API_TOKENS_FILE", home.resolve("tokens").toString());
        env.put("IOC_INGEST_OPEN311_KEYS_FILE", home.resolve("open311-keys").toString());
        env.put("IOC_INGEST_OPEN311_PORT", String.valueOf(open311Port));
        KafkaClients.ensureTopics(IocConfig.of(Map.of("kafka.bootstrap", kafka.bootstrap())), Topics.all());

        List<ChildProcess> services = new ArrayList<>();
        for (var service : ServiceCommands.all().entrySet()) {
            List<String> cmd = new ArrayList<>(service.getValue());
            cmd.set(0, ChildProcess.java());
            Map<String, String> serviceEnv = new LinkedHashMap<>(env);
            String mqttUser = Map.of(ServiceCommands.INGEST, MqttAuth.INGEST, ServiceCommands.DASHBOARD_API, MqttAuth.DASHBOARD,
                    ServiceCommands.SIMULATORS, MqttAuth.SIMULATOR).get(service.getKey());
            if (auth != null && mqttUser != null) {
                serviceEnv.put("IOC_MQTT_USERNAME", mqttUser);
                serviceEnv.put("IOC_MQTT_PASSWORD", auth.password(mqttUser));
            }
            if (service.getKey().equals(ServiceCommands.SIMULATORS)) {
                serviceEnv.putAll(simulatedCitizens(open311Keys, "http://127.0.0.1:" + open311Port));
            }
            ChildProcess p = ChildProcess.start(service.getKey(), cmd, Path.of("").toAbsolutePath(), serviceEnv,
                    logs.resolve(service.getKey() + ".log"));
            started.add(p);
            services.add(p);
        }
        writePids(services, kafka, mqtt, influx);

        String api = "http://127.0.0.1:" + apiPort;
        waitFor("dashboard API", api + "/health", services);
        waitFor("Flink web UI", "http://127.0.0.1:" + flinkPort + "/overview", services);

        StringBuilder out = new StringBuilder();
        out.append("\n  IOC is up on loopback. Ctrl-C here (or ./ioc down) stops all of it.\n\n");
        out.append("  API        ").append(api).append("/api/v1/congestion   (Authorization: Bearer <token>)\n");
        out.append("  Live       ws://127.0.0.1:").append(apiPort).append("/api/v1/live?access_token=<token>\n");
        out.append("  Wall page  ").append(api).append("/wall?token=").append(tokens.get("wall")).append('\n');
        out.append("  Open311    http://127.0.0.1:").append(open311Port).append("/open311/v2/services.json   keys: ")
                .append(open311Keys).append('\n');
        out.append("  Flink UI   http://127.0.0.1:").append(flinkPort).append("/\n");
        out.append("  Kafka ").append(kafka.bootstrap()).append("   MQTT ").append(mqtt.url())
                .append("   InfluxDB ").append(influx.url()).append('\n');
        if (auth != null) out.append("  MQTT users ").append(home.resolve("mqtt-devices")).append("   (anonymous refused)\n");
        out.append("  Logs       ").append(logs).append("\n\n  Demo tokens (valid until the next ./ioc up, at most "
                + DEMO_TOKEN_LIFETIME.toDays() + " days):\n");
        tokens.forEach((role, token) -> out.append(String.format("    %-9s %s%n", role, token)));
        System.out.println(out);

        while (true) {
            for (ChildProcess p : services) {
                if (!p.alive()) {
                    LOG.error("{} stopped unexpectedly; last lines of {}:\n{}", p.name(), p.log(), p.logTail(15));
                    System.exit(1);
                }
            }
            Thread.sleep(1000);
        }
    }

    private static int freePort(IocConfig config, String key, int fallback) {
        int port = config.port(key, fallback);
        if (Ports.listening(port)) {
            throw new ConfigException("port " + port + " is already in use: stop what listens there or set "
                    + IocConfig.envName(key));
        }
        return port;
    }

    private void waitFor(String what, String url, List<ChildProcess> services) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Await.until(Duration.ofSeconds(120), what + " at " + url, () -> {
            services.forEach(ChildProcess::requireAlive);
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** The file of MQTT service passwords that docker-compose.yml substitutes (never committed: under .ioc). */
    static final String COMPOSE_ENV = "compose.env";

    /**
     * The simulator's settings for its citizens stream (complaints and dossiers posted to the Open311 intake at
     * {@code open311Url} with the demo keys of {@link #demoOpen311Keys}).
     */
    public static Map<String, String> simulatedCitizens(Map<String, String> open311Keys, String open311Url) {
        return Map.of("IOC_SIM_OPEN311_URL", open311Url, "IOC_SIM_INTAKE_KEY", open311Keys.get("intake"),
                "IOC_SIM_BACKOFFICE_KEY", open311Keys.get("backoffice"));
    }
    /** Service user → the variable docker-compose.yml reads its password from. */
    static final Map<String, String> COMPOSE_PASSWORD_VARIABLES = Map.of(MqttAuth.INGEST, "MQTT_INGEST_PASSWORD",
            MqttAuth.DASHBOARD, "MQTT_DASHBOARD_PASSWORD", MqttAuth.SIMULATOR, "MQTT_SIMULATOR_PASSWORD",
            MqttAuth.HEALTH, "MQTT_HEALTH_PASSWORD");

    /**
     * MQTT credentials for docker compose under a fresh secret: {@code mqtt/passwd} (hashed) and {@code mqtt/acl}, which
     * the compose broker mounts; {@code mqtt-devices} (every user's password, for provisioning); {@code compose.env}
     * with the service passwords and the simulator's Open311 keys (owner-only), read by {@code docker compose --env-file}.
     */
    static MqttAuth composeMqttAuth(Path home, Registry registry, Map<String, String> open311Keys) {
        MqttAuth auth = MqttAuth.forRegistry(registry, MqttAuth.newSecret());
        auth.writeBrokerFiles(home.resolve("mqtt"));
        writeDeviceCredentials(home.resolve("mqtt-devices"), auth);
        StringBuilder env = new StringBuilder("# MQTT service passwords for docker compose -- written by ./ioc tokens\n");
        COMPOSE_PASSWORD_VARIABLES.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> env.append(e.getValue()).append('=').append(auth.password(e.getKey())).append('\n'));
        env.append("# the simulator's Open311 keys (its citizens stream)\n");
        env.append("SIM_INTAKE_KEY=").append(open311Keys.get("intake")).append('\n');
        env.append("SIM_BACKOFFICE_KEY=").append(open311Keys.get("backoffice")).append('\n');
        writeOwnerOnly(home.resolve(COMPOSE_ENV), env.toString());
        return auth;
    }

    /** How long the demo tokens of {@code ./ioc up} and {@code ./ioc tokens} are valid. */
    static final Duration DEMO_TOKEN_LIFETIME = Duration.ofDays(30);

    /**
     * New random tokens, one per role, valid for {@link #DEMO_TOKEN_LIFETIME}; only their SHA-256 and expiry go to
     * the tokens file the API reads.
     */
    public static Map<String, String> demoTokens(Path file) {
        return demoTokens(file, Instant.now().plus(DEMO_TOKEN_LIFETIME).truncatedTo(ChronoUnit.SECONDS));
    }

    static Map<String, String> demoTokens(Path file, Instant expires) {
        SecureRandom random = new SecureRandom();
        Map<String, String> tokens = new LinkedHashMap<>();
        StringBuilder lines = new StringBuilder("# sha256(token) role expires=<instant> name -- written by ./ioc up or ./ioc tokens\n");
        for (String role : ROLES) {
            byte[] raw = new byte[24];
            random.nextBytes(raw);
            String token = role + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            tokens.put(role, token);
            lines.append(sha256(token)).append(' ').append(role).append(" expires=").append(expires).append(" demo-")
                    .append(role).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }

    /** Device credentials ({@code user password} per line, owner-only) for provisioning devices against this stack. */
    static void writeDeviceCredentials(Path file, MqttAuth auth) {
        StringBuilder lines = new StringBuilder("# MQTT user password -- written by ./ioc up, valid until the next one\n");
        auth.users().forEach((u, p) -> lines.append(u).append(' ').append(p).append('\n'));
        writeOwnerOnly(file, lines.toString());
    }

    private static void writeOwnerOnly(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** New random Open311 API keys, one per role (intake, backoffice); only their SHA-256 goes to the keys file. */
    public static Map<String, String> demoOpen311Keys(Path file) {
        SecureRandom random = new SecureRandom();
        Map<String, String> keys = new LinkedHashMap<>();
        StringBuilder lines = new StringBuilder("# sha256(key) role name -- written by ./ioc up\n");
        for (String role : List.of("intake", "backoffice")) {
            byte[] raw = new byte[24];
            random.nextBytes(raw);
            String key = role + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            keys.put(role, key);
            lines.append(sha256(key)).append(' ').append(role).append(" demo-").append(role).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void writePids(List<ChildProcess> services, KafkaBroker kafka, MosquittoBroker mqtt, InfluxServer influx) {
        StringBuilder pids = new StringBuilder();
        pids.append(ProcessHandle.current().pid()).append(" launcher\n");
        pids.append(kafka.pid()).append(" kafka\n").append(mqtt.pid()).append(" mosquitto\n").append(influx.pid()).append(" influxd\n");
        services.forEach(s -> pids.append(s.pid()).append(' ').append(s.name()).append('\n'));
        try {
            Files.createDirectories(home.resolve("run"));
            Files.writeString(home.resolve("run/pids"), pids);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stopAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.getMessage());
            }
        }
        try {
            Files.deleteIfExists(home.resolve("run/pids"));
        } catch (IOException e) {
            LOG.debug("cannot remove pid file: {}", e.getMessage());
        }
        if (!started.isEmpty()) LOG.info("ioc: everything it started is stopped");
    }
}
