package org.iocity.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The clients of {@link FanoutBenchmark} in their own JVM, so that their CPU is measured apart from the server's:
 * {@code clients} WebSockets subscribed to {@code congestion}, latency = receive time − the update's
 * {@code windowEnd} (its publish time; same machine clock) in 1 ms buckets. Talks to the benchmark by lines:
 * it prints {@code ioc-fanout ready <n>}; reads {@code measure <epoch ms>} (count updates published from then on,
 * start the CPU clock) and {@code end <expected>} (wait up to 15 s for the expected deliveries), then prints
 * {@code ioc-fanout result <received> <cpu ns> <elapsed ns> <ms:count,...>} and exits.
 */
public final class FanoutClients {
    static final String PREFIX = "ioc-fanout ";
    private static final int MAX_MS = 60_000;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String token = args[1];
        int clients = Integer.parseInt(args[2]);
        int loops = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        AtomicLongArray latency = new AtomicLongArray(MAX_MS + 1);
        AtomicLong received = new AtomicLong();
        AtomicLong measuredFrom = new AtomicLong(Long.MAX_VALUE);
        WebSocketClient wsClient = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(clients + 10));
        List<WebSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i += 100) {
                List<Future<WebSocket>> batch = new ArrayList<>();
                for (int j = i; j < Math.min(clients, i + 100); j++) {
                    batch.add(wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                            .setURI(ApiVerticle.LIVE_PATH + "?access_token=" + token)).compose(ws -> {
                        ws.textMessageHandler(text -> {
                            long now = System.currentTimeMillis();
                            if (!text.startsWith("{\"type\":\"update\"")) return;
                            long sent = FanoutBenchmark.sentAt(text);
                            if (sent < measuredFrom.get()) return; // warm-up, or no windowEnd
                            latency.incrementAndGet((int) Math.max(0, Math.min(MAX_MS, now - sent)));
                            received.incrementAndGet();
                        });
                        return ws.writeTextMessage("{\"type\":\"subscribe\",\"channels\":[\"congestion\"]}").map(ws);
                    }));
                }
                for (Future<WebSocket> f : batch) sockets.add(f.await(60, TimeUnit.SECONDS));
            }
            System.out.println(PREFIX + "ready " + sockets.size());
            System.out.flush();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            long cpuStart = 0;
            long t0 = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] w = line.strip().split(" ");
                if (w[0].equals("measure")) {
                    cpuStart = os.getProcessCpuTime();
                    t0 = System.nanoTime();
                    measuredFrom.set(Long.parseLong(w[1]));
                } else if (w[0].equals("end")) {
                    long expected = Long.parseLong(w[1]);
                    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                    while (received.get() < expected && System.nanoTime() < until) LockSupport.parkNanos(10_000_000);
                    long got = received.get();
                    long cpu = os.getProcessCpuTime() - cpuStart;
                    long elapsed = System.nanoTime() - t0;
                    StringBuilder hist = new StringBuilder();
                    for (int ms = 0; ms <= MAX_MS; ms++) {
                        long n = latency.get(ms);
                        if (n > 0) hist.append(hist.length() == 0 ? "" : ",").append(ms).append(':').append(n);
                    }
                    System.out.println(PREFIX + "result " + got + " " + cpu + " " + elapsed + " " + (hist.length() == 0 ? "-" : hist));
                    System.out.flush();
                    break;
                }
            }
        } finally {
            Future.all(sockets.stream().map(WebSocket::close).toList()).await(30, TimeUnit.SECONDS);
            wsClient.close();
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }
}
