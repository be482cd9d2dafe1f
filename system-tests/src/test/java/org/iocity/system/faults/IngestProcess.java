package org.iocity.system.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iocity.ingest.open311.ApiKeys;
import org.iocity.launcher.ServiceCommands;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.parts.Await;
import org.iocity.parts.ChildProcess;
import org.iocity.parts.LocalStack;

/**
 * The built ingest service as its own process, started with the command {@code ./ioc up} uses
 * ({@link ServiceCommands}), pointed at a scenario's Kafka, Mosquitto and registry; free HTTP ports. It can be killed
 * (SIGKILL) and started again with the same MQTT client id, so it resumes its persistent session.
 */
final class IngestProcess implements AutoCloseable {
    private static final String SUBSCRIBED = "subscribed to every device stream";

    private final FaultScenario scenario;
    private final String clientId;
    private final Path log;
    private ChildProcess process;

    private IngestProcess(FaultScenario scenario, String clientId) {
        this.scenario = scenario;
        this.clientId = clientId;
        this.log = scenario.stack.dir().resolve(clientId + ".log");
    }

    /** Starts an instance with MQTT client id {@code clientId} and waits until it is subscribed. */
    static IngestProcess start(FaultScenario scenario, String clientId) {
        IngestProcess p = new IngestProcess(scenario, clientId);
        p.start();
        return p;
    }

    /** Starts the process (again) and waits until it subscribed to the device streams; returns the milliseconds it took. */
    long start() {
        Path root = LocalStack.repoRoot();
        List<String> cmd = new ArrayList<>(ServiceCommands.all().get(ServiceCommands.INGEST));
        cmd.set(0, ChildProcess.java());
        long before = subscriptions();
        long t0 = System.nanoTime();
        process = ChildProcess.start("ingest " + clientId, cmd, root, Map.ofEntries(
                Map.entry("IOC_CONFIG", root.resolve("config/ioc.properties").toString()),
                // the two instances share the subscription (config/ioc.properties has one gateway subscribe plainly)
                Map.entry("IOC_INGEST_SHARED_GROUP", "ingest"),
                Map.entry("IOC_KAFKA_BOOTSTRAP", KafkaClients.bootstrap(scenario.config)),
                Map.entry("IOC_MQTT_URL", scenario.config.string("mqtt.url")),
                Map.entry("IOC_MQTT_CLIENT_ID", clientId),
                Map.entry("IOC_REGISTRY_FILE", scenario.config.string("registry.file")),
                Map.entry("IOC_KAFKA_PARTITIONS", scenario.config.string("kafka.partitions")),
                Map.entry("IOC_INGEST_HTTP_PORT", "0"),
                Map.entry("IOC_INGEST_OPEN311_PORT", "0"),
                Map.entry("IOC_INGEST_OPEN311_KEYS_FILE", keysFile().toString())), log);
        Await.until(FaultScenario.WAIT, "ingest " + clientId + " subscribed", () -> {
            process.requireAlive();
            return subscriptions() > before;
        });
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** SIGKILL: no shutdown hook, nothing acknowledged or flushed any more. */
    void kill() {
        process.kill();
    }

    long pid() {
        return process.pid();
    }

    /** How often the log says it subscribed (once per start). */
    private long subscriptions() {
        try {
            return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(SUBSCRIBED)).count() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path keysFile() {
        Path keys = scenario.stack.dir().resolve("open311-keys.txt");
        try {
            if (!Files.exists(keys)) Files.writeString(keys, ApiKeys.hash("fault-test-intake-key") + " intake fault test\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    @Override
    public void close() {
        if (process != null) process.stop();
    }
}
