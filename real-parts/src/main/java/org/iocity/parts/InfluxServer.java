package org.iocity.parts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** InfluxDB 1.x ({@code influxd} from the Debian package) on loopback, with its data in its own folder. */
public final class InfluxServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxServer.class);
    private static final List<String> CANDIDATES = List.of("/usr/bin/influxd", "/usr/local/bin/influxd", "/usr/sbin/influxd");

    private final Path dir;
    private final int port;
    private final int rpcPort;
    private ChildProcess process;

    private InfluxServer(Path dir, int port, int rpcPort) {
        this.dir = dir;
        this.port = port;
        this.rpcPort = rpcPort;
    }

    public static InfluxServer start(Path dir, int port) {
        InfluxServer s = new InfluxServer(dir, port == 0 ? Ports.free() : port, Ports.free());
        s.start();
        return s;
    }

    static String executable() {
        return CANDIDATES.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new IllegalStateException("influxd is not installed: `apt-get install influxdb` (./ioc up and ./ioc test do)"));
    }

    public synchronized void start() {
        if (process != null && process.alive()) return;
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("influxdb.conf"), String.join("\n",
                    "reporting-disabled = true",
                    "bind-address = \"127.0.0.1:" + rpcPort + "\"",
                    "[meta]",
                    "  dir = \"" + dir.resolve("meta") + "\"",
                    "[data]",
                    "  dir = \"" + dir.resolve("data") + "\"",
                    "  wal-dir = \"" + dir.resolve("wal") + "\"",
                    "  query-log-enabled = false",
                    "[http]",
                    "  bind-address = \"127.0.0.1:" + port + "\"",
                    "  log-enabled = false",
                    "[monitor]",
                    "  store-enabled = false",
                    "[logging]",
                    "  level = \"warn\"",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = ChildProcess.start("influxd", List.of(executable(), "-config", dir.resolve("influxdb.conf").toString()),
                dir, Map.of(), dir.resolve("influxd.log"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Await.until(Duration.ofSeconds(30), "InfluxDB ping at " + url(), () -> {
            process.requireAlive();
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/ping"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                return r.statusCode() == 204;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        LOG.info("InfluxDB up at {}, data in {}", url(), dir);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
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
