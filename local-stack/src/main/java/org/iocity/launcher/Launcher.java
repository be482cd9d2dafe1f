package org.iocity.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.iocity.launcher.secrets.DemoSecrets;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.Topics;
import org.iocity.model.registry.Registry;
import org.iocity.parts.Await;
import org.iocity.parts.ChildProcess;
import org.iocity.parts.InfluxServer;
import org.iocity.parts.KafkaBroker;
import org.iocity.parts.MosquittoBroker;
import org.iocity.parts.MqttAuth;
import org.iocity.parts.Ports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./ioc up}: the whole system on loopback. Starts a Kafka broker (KRaft), Mosquitto and InfluxDB with their data
 * under {@code .ioc/data}, then the services of {@link ServiceCommands} as child processes (logs in
 * {@code .ioc/logs}), prints the URLs and a demo token per role, and stops everything it started on Ctrl-C or
 * {@code ./ioc down}.
 */
public final class Launcher {
    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Path home;

    private Launcher(Path home) {
        this.home = home;
    }

    public static void main(String[] args) throws InterruptedException {
        Path home = Path.of(".ioc").toAbsolutePath();
        if (args.length > 0 && args[0].equals("tokens")) { // the former entry of ./ioc tokens
            DemoSecrets.main(new String[0]);
            return;
        }
        Launcher up = new Launcher(home);
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
        if (auth != null) DemoSecrets.writeDeviceCredentials(home.resolve("mqtt-devices"), auth);
        // up.mqtt.max.inflight: unacknowledged QoS 1 messages per subscriber connection (see BENCHMARKS.md, ingest)
        MosquittoBroker mqtt = MosquittoBroker.start(data.resolve("mosquitto"), mqttPort, auth,
                config.integer("up.mqtt.max.inflight", 1000, 1, 65535));
        started.add(mqtt);
        InfluxServer influx = InfluxServer.start(data.resolve("influxdb"), influxPort);
        started.add(influx);

        Map<String, String> tokens = DemoSecrets.demoTokens(home.resolve("tokens"));
        Map<String, String> open311Keys = DemoSecrets.demoOpen311Keys(home.resolve("open311-keys"));
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
                serviceEnv.putAll(ServiceCommands.simulatedCitizens(open311Keys, "http://127.0.0.1:" + open311Port));
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
                + DemoSecrets.DEMO_TOKEN_LIFETIME.toDays() + " days):\n");
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
