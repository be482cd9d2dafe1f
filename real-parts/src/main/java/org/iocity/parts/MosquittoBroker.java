package org.iocity.parts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Eclipse Mosquitto from the Debian package, on a loopback port, with persistence in its own folder. */
public final class MosquittoBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MosquittoBroker.class);
    private static final List<String> CANDIDATES = List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto",
            "/usr/local/sbin/mosquitto", "/usr/local/bin/mosquitto");

    private final Path dir;
    private final int port;
    private final MqttAuth auth;
    private final int maxInflight;
    private ChildProcess process;

    /** QoS 1 messages the broker sends a client before waiting for its acknowledgements, unless told otherwise. */
    public static final int DEFAULT_MAX_INFLIGHT = 100;

    private MosquittoBroker(Path dir, int port, MqttAuth auth, int maxInflight) {
        this.dir = dir;
        this.port = port;
        this.auth = auth;
        this.maxInflight = maxInflight;
    }

    /** A broker that lets anyone in (plain test stacks). */
    public static MosquittoBroker start(Path dir, int port) {
        return start(dir, port, null);
    }

    /**
     * A broker with per-user passwords and topic ACLs when {@code auth} is given ({@code allow_anonymous false},
     * {@code password_file}, {@code acl_file}); anonymous when it is null.
     */
    public static MosquittoBroker start(Path dir, int port, MqttAuth auth) {
        return start(dir, port, auth, DEFAULT_MAX_INFLIGHT);
    }

    /**
     * As {@link #start(Path, int, MqttAuth)}, with {@code max_inflight_messages}: how many QoS 1 messages a subscriber
     * (the ingest gateway, which acknowledges only after Kafka) may hold unacknowledged per connection.
     */
    public static MosquittoBroker start(Path dir, int port, MqttAuth auth, int maxInflight) {
        MosquittoBroker b = new MosquittoBroker(dir, port == 0 ? Ports.free() : port, auth, maxInflight);
        b.start();
        return b;
    }

    /** The credentials and ACLs this broker enforces, or null when it allows anonymous clients. */
    public MqttAuth auth() {
        return auth;
    }

    static String executable() {
        return CANDIDATES.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new IllegalStateException("mosquitto is not installed: `apt-get install mosquitto` (./ioc up and ./ioc test do)"));
    }

    public synchronized void start() {
        if (process != null && process.alive()) return;
        try {
            Files.createDirectories(dir.resolve("data"));
            List<String> access = List.of("allow_anonymous true");
            if (auth != null) {
                auth.writeBrokerFiles(dir.resolve("auth"));
                access = List.of("allow_anonymous false",
                        "password_file " + dir.resolve("auth/passwd"),
                        "acl_file " + dir.resolve("auth/acl"));
            }
            // As root, mosquitto would drop to user 'mosquitto' and could not write here: stay as the user we are.
            List<String> conf = new java.util.ArrayList<>();
            conf.add("listener " + port + " 127.0.0.1");
            conf.addAll(access);
            conf.addAll(List.of(
                    "user root",
                    "persistence true",
                    "persistence_location " + dir.resolve("data") + "/",
                    "autosave_interval 30",
                    "max_queued_messages 1000000",
                    "max_inflight_messages " + maxInflight,
                    "log_dest stdout",
                    "log_type error",
                    "log_type warning",
                    "log_type notice",
                    ""));
            Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n", conf));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = ChildProcess.start("mosquitto", List.of(executable(), "-c", dir.resolve("mosquitto.conf").toString()),
                dir, Map.of(), dir.resolve("mosquitto.log"));
        Await.until(Duration.ofSeconds(20), "Mosquitto on port " + port, () -> {
            process.requireAlive();
            return Ports.listening(port);
        });
        LOG.info("Mosquitto up at {}{}", url(), auth == null ? "" : " (passwords and ACLs for " + auth.users().size() + " users)");
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized void stop() {
        if (process != null) process.stop();
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public void close() {
        stop();
    }
}
