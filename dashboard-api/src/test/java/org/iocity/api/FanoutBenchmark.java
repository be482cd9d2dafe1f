package org.iocity.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.iocity.model.IocConfig;
import org.iocity.model.Json;
import org.iocity.model.LevelOfService;
import org.iocity.model.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fan-out of the live WebSocket: {@code clients} connections subscribe to {@code congestion} and the server publishes
 * {@code rate} congestion results a second (round robin over the registry's segments). Each result's
 * {@code windowEnd} is its publish time, so every client measures latency as receive time − publish time (same JVM
 * clock, 1 ms resolution). The server ({@link ApiVerticle}, as in the service) and the clients run on separate Vert.x
 * instances. Prints delivered messages/s against the expected clients × rate, latency percentiles, and slow clients
 * closed. {@code ./ioc bench fanout [clients=1000] [updates/s=10] [seconds=30]}.
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

        Vertx serverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        ApiVerticle server = new ApiVerticle(ApiSettings.from(IocConfig.of(Map.of("api.tokens.file", "unused", "api.port", "0",
                "api.host", "127.0.0.1"))), registry, TestData.tokens(), new CongestionState(),
                new ApiVerticleTest.FakeHistory(), ServiceStatus.fixed(true));
        String deployment = serverVertx.deployVerticle(server).await(30, TimeUnit.SECONDS);
        // the server's only event loop: its CPU time is the hub's cost, whatever else runs on the machine
        long serverThread = eventLoopThread(serverVertx);

        AtomicLongArray latency = new AtomicLongArray(MAX_MS + 1);
        AtomicLong received = new AtomicLong();
        AtomicLong measuring = new AtomicLong(); // 1 while counting
        AtomicLong measuredFrom = new AtomicLong(Long.MAX_VALUE); // publish time (epoch ms) of the first measured update
        WebSocketClient wsClient = clientVertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(clients + 10));
        List<WebSocket> sockets = new ArrayList<>();
        long connectStart = System.nanoTime();
        for (int i = 0; i < clients; i += 100) {
            List<Future<WebSocket>> batch = new ArrayList<>();
            for (int j = i; j < Math.min(clients, i + 100); j++) {
                batch.add(wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port())
                        .setURI(ApiVerticle.LIVE_PATH + "?access_token=" + TestData.WALL_TOKEN)).compose(ws -> {
                    ws.textMessageHandler(text -> {
                        long now = System.currentTimeMillis();
                        if (measuring.get() == 0 || !text.startsWith("{\"type\":\"update\"")) return;
                        long sent = sentAt(text);
                        if (sent >= 0 && sent < measuredFrom.get()) return; // published during the warm-up
                        if (sent < 0) {
                            LOG.warn("an update without windowEnd: {}", text.substring(0, Math.min(200, text.length())));
                            return;
                        }
                        latency.incrementAndGet((int) Math.max(0, Math.min(MAX_MS, now - sent)));
                        received.incrementAndGet();
                    });
                    return ws.writeTextMessage("{\"type\":\"subscribe\",\"channels\":[\"congestion\"]}").map(ws);
                }));
            }
            for (Future<WebSocket> f : batch) sockets.add(f.await(60, TimeUnit.SECONDS));
        }
        LOG.info("{} clients connected in {} ms", sockets.size(), (System.nanoTime() - connectStart) / 1_000_000);

        // publish at the rate; warm up for 5 s, then measure
        long period = 1_000_000_000L / rate;
        long warmup = 5L * rate;
        long total = warmup + (long) seconds * rate;
        long next = System.nanoTime();
        long measureStart = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = 0;
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long processCpuStart = 0;
        long published = 0;
        for (long n = 0; n < total; n++) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += period;
            if (n == warmup) {
                measuredFrom.set(System.currentTimeMillis());
                measuring.set(1);
                measureStart = System.nanoTime();
                cpuStart = threads.getThreadCpuTime(serverThread);
                processCpuStart = os.getProcessCpuTime();
            }
            Registry.Segment s = segments.get((int) (n % segments.size()));
            Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
            server.publish(List.of(TestData.result(s.id(), s.ward(), now, LevelOfService.C, 20)));
            if (n >= warmup) published++;
        }
        // let the last ones arrive (up to 15 s), then stop counting: a late message counts with its latency
        long expected = published * sockets.size();
        long drainUntil = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (received.get() < expected && System.nanoTime() < drainUntil) LockSupport.parkNanos(10_000_000);
        measuring.set(0);
        double elapsed = (System.nanoTime() - measureStart) / 1e9;
        double cpu = (threads.getThreadCpuTime(serverThread) - cpuStart) / 1e9;
        double rest = (os.getProcessCpuTime() - processCpuStart) / 1e9 - cpu;

        long got = received.get();
        System.out.printf("fan-out: %d clients x %d updates/s for %d s (server: 1 event loop; clients: 2 event loops, same JVM)%n",
                sockets.size(), rate, seconds);
        System.out.printf("published %d updates, expected %d deliveries, delivered %d (%.2f%%)%n", published, expected, got,
                expected == 0 ? 0 : 100.0 * got / expected);
        System.out.printf("delivered %.0f messages/s (expected %d/s)%n", got / elapsed, (long) sockets.size() * rate);
        System.out.printf("latency publish->receive ms: p50 %d  p90 %d  p99 %d  p99.9 %d  max %d%n", pct(latency, got, 0.50),
                pct(latency, got, 0.90), pct(latency, got, 0.99), pct(latency, got, 0.999), pct(latency, got, 1.0));
        System.out.printf("server event loop CPU: %.2f s in %.1f s (%.0f%% of one core), %.1f µs per delivered message%n",
                cpu, elapsed, 100 * cpu / elapsed, got == 0 ? 0 : cpu * 1e6 / got);
        System.out.printf("rest of the JVM (clients, publisher, GC) CPU: %.2f s (%.0f%% of one core), %.1f µs per delivered message%n",
                rest, 100 * rest / elapsed, got == 0 ? 0 : rest * 1e6 / got);
        var health = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        System.out.printf("server live status: %s%n", Json.mapper().readTree(health).get("live"));
        Future.all(sockets.stream().map(WebSocket::close).toList()).await(30, TimeUnit.SECONDS);
        serverVertx.undeploy(deployment).await(30, TimeUnit.SECONDS);
        wsClient.close();
        clientVertx.close().await(30, TimeUnit.SECONDS);
        serverVertx.close().await(30, TimeUnit.SECONDS);
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
