package org.iocity.api;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.iocity.api.config.ApiSettings;
import org.iocity.api.health.ServiceStatus;
import org.iocity.api.state.CongestionState;
import org.iocity.model.config.IocConfig;
import org.iocity.model.records.Json;
import org.iocity.model.records.LevelOfService;
import org.iocity.model.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fan-out of the live WebSocket: {@code clients} connections subscribe to {@code congestion} and the server publishes
 * {@code rate} congestion results a second (round robin over the registry's segments). The server is the service's
 * {@link ApiVerticle} on one event loop in this JVM; the clients run in a second JVM that this benchmark starts
 * ({@link FanoutClients}, 2 event loops), so each side's CPU is measured on its own. Each result's {@code windowEnd}
 * is its publish time, so a client measures latency as receive time − publish time (same machine clock, 1 ms
 * buckets). 5 s of warm-up are not counted; after the measured seconds the clients wait up to 15 s for late messages
 * (counted with their latency). Prints delivered messages/s against clients × rate, latency percentiles, the CPU time
 * per delivered message of the server's event loop, of the whole server JVM and of the client JVM, and the load
 * average before and after. {@code ./ioc bench fanout [clients=1000] [updates/s=10] [seconds=30]}.
 */
public final class FanoutBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(FanoutBenchmark.class);
    private static final int MAX_MS = 60_000;

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Registry registry = Registry.load(java.nio.file.Path.of(IocConfig.load().string("registry.file", "config/registry.json")));
        List<Registry.Segment> segments = registry.segments();
        String loadBefore = loadAverage();

        Vertx serverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        // one wall token for every client: the handshake limit per token is lifted for the benchmark
        ApiVerticle server = new ApiVerticle(ApiSettings.from(IocConfig.of(Map.of("api.tokens.file", "unused", "api.port", "0",
                "api.host", "127.0.0.1", "api.live.handshakes.per.minute", "1000000"))), registry, TestData.tokens(),
                new CongestionState(), new ApiVerticleTest.FakeHistory(), ServiceStatus.fixed(true));
        String deployment = serverVertx.deployVerticle(server).await(30, TimeUnit.SECONDS);
        // the server's only event loop: its CPU time is the hub's cost, whatever else runs on the machine
        long serverThread = eventLoopThread(serverVertx);
        Process child = clients(server.port(), clients);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter in = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
            long connectStart = System.nanoTime();
            int connected = Integer.parseInt(line(out, "ready").strip());
            LOG.info("{} clients connected in {} ms (client JVM pid {})", connected, (System.nanoTime() - connectStart) / 1_000_000,
                    child.pid());

            // publish at the rate; warm up for 5 s, then measure
            long period = 1_000_000_000L / rate;
            long warmup = 5L * rate;
            long total = warmup + (long) seconds * rate;
            long next = System.nanoTime();
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = 0;
            long processCpuStart = 0;
            long measureStart = 0;
            long published = 0;
            for (long n = 0; n < total; n++) {
                LockSupport.parkNanos(next - System.nanoTime());
                next += period;
                if (n == warmup) {
                    in.println("measure " + System.currentTimeMillis());
                    measureStart = System.nanoTime();
                    cpuStart = threads.getThreadCpuTime(serverThread);
                    processCpuStart = os.getProcessCpuTime();
                }
                Registry.Segment s = segments.get((int) (n % segments.size()));
                Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
                server.publish(List.of(TestData.result(s.id(), s.ward(), now, LevelOfService.C, 20)));
                if (n >= warmup) published++;
            }
            double publishing = (System.nanoTime() - measureStart) / 1e9;
            double cpu = (threads.getThreadCpuTime(serverThread) - cpuStart) / 1e9;
            double serverProcess = (os.getProcessCpuTime() - processCpuStart) / 1e9;
            String loadAfter = loadAverage();
            // while the clients are still connected
            var health = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            String live = Json.mapper().readTree(health).get("live").toString();
            long expected = published * connected;
            in.println("end " + expected);
            String[] result = line(out, "result").strip().split(" ");
            long got = Long.parseLong(result[0]);
            double clientCpu = Long.parseLong(result[1]) / 1e9;
            double elapsed = Long.parseLong(result[2]) / 1e9;
            AtomicLongArray latency = new AtomicLongArray(MAX_MS + 1);
            if (!result[3].equals("-")) {
                for (String b : result[3].split(",")) {
                    String[] kv = b.split(":");
                    latency.set(Integer.parseInt(kv[0]), Long.parseLong(kv[1]));
                }
            }

            System.out.printf("fan-out: %d clients x %d updates/s for %d s (server: ApiVerticle, 1 event loop; clients: "
                    + "another JVM, 2 event loops)%n", connected, rate, seconds);
            System.out.printf("load average (1, 5, 15 min) before: %s  after publishing: %s  (%d cores)%n", loadBefore, loadAfter,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("published %d updates, expected %d deliveries, delivered %d (%.2f%%)%n", published, expected, got,
                    expected == 0 ? 0 : 100.0 * got / expected);
            System.out.printf("delivered %.0f messages/s (expected %d/s)%n", got / elapsed, (long) connected * rate);
            System.out.printf("latency publish->receive ms: p50 %d  p90 %d  p99 %d  p99.9 %d  max %d%n", pct(latency, got, 0.50),
                    pct(latency, got, 0.90), pct(latency, got, 0.99), pct(latency, got, 0.999), pct(latency, got, 1.0));
            System.out.printf("server event loop CPU: %.2f s in %.1f s (%.0f%% of one core), %.1f µs per delivered message%n",
                    cpu, publishing, 100 * cpu / publishing, got == 0 ? 0 : cpu * 1e6 / got);
            System.out.printf("server JVM CPU (event loop, publisher, GC, JIT): %.2f s (%.0f%% of one core), %.1f µs per delivered message%n",
                    serverProcess, 100 * serverProcess / publishing, got == 0 ? 0 : serverProcess * 1e6 / got);
            System.out.printf("client JVM CPU: %.2f s in %.1f s (%.0f%% of one core), %.1f µs per delivered message%n",
                    clientCpu, elapsed, 100 * clientCpu / elapsed, got == 0 ? 0 : clientCpu * 1e6 / got);
            System.out.printf("server live status at the end of publishing: %s%n", live);
            if (!child.waitFor(60, TimeUnit.SECONDS)) LOG.warn("the client JVM did not exit within 60 s");
        } finally {
            if (child.isAlive()) child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            serverVertx.undeploy(deployment).await(30, TimeUnit.SECONDS);
            serverVertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    /** Starts the client JVM (same classpath); its stderr goes to ours, its stdout is the protocol. */
    private static Process clients(int port, int clients) throws Exception {
        String bin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(bin, "-Xmx512m", "-cp", System.getProperty("java.class.path"), FanoutClients.class.getName(),
                String.valueOf(port), TestData.WALL_TOKEN, String.valueOf(clients), "2")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The rest of the client's next protocol line {@code ioc-fanout <word> ...}; other lines are passed through. */
    private static String line(BufferedReader out, String word) throws Exception {
        String prefix = FanoutClients.PREFIX + word + " ";
        for (String l = out.readLine(); l != null; l = out.readLine()) {
            if (l.startsWith(prefix)) return l.substring(prefix.length());
            System.out.println("clients: " + l);
        }
        throw new IllegalStateException("the client JVM ended before saying " + word);
    }

    /** The three load averages of /proc/loadavg (the same as uptime's). */
    static String loadAverage() {
        try {
            String[] w = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return w[0] + " " + w[1] + " " + w[2];
        } catch (java.io.IOException e) {
            return String.format(java.util.Locale.ROOT, "%.2f", java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** The id of the thread of a Vert.x instance with one event loop. */
    static long eventLoopThread(Vertx vertx) throws Exception {
        java.util.concurrent.CompletableFuture<Long> id = new java.util.concurrent.CompletableFuture<>();
        vertx.runOnContext(v -> id.complete(Thread.currentThread().getId()));
        return id.get(30, TimeUnit.SECONDS);
    }

    private static final String WINDOW_END = "\"windowEnd\":\"";

    /**
     * The publish time a message carries (its {@code windowEnd}), found by a string search rather than a JSON parse so
     * that the clients, on the same 2 cores as the server, cost as little as they can; -1 when absent.
     */
    static long sentAt(String text) {
        int i = text.indexOf(WINDOW_END);
        if (i < 0) return -1;
        int start = i + WINDOW_END.length();
        int end = text.indexOf('"', start);
        return end < 0 ? -1 : Instant.parse(text.substring(start, end)).toEpochMilli();
    }

    /** The q-quantile in ms of {@code count} latencies in 1 ms buckets. */
    static long pct(AtomicLongArray buckets, long count, double q) {
        if (count == 0) return -1;
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int ms = 0; ms < buckets.length(); ms++) {
            seen += buckets.get(ms);
            if (seen >= rank) return ms;
        }
        return MAX_MS;
    }
}
