package org.iocity.system.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.iocity.api.ApiVerticle;
import org.iocity.api.live.LiveProtocol;
import org.iocity.model.records.Alert;
import org.iocity.model.records.Json;

/**
 * A wall display's WebSocket (the wall token) subscribed to {@code alerts}, {@code devices}, {@code congestion} and
 * {@code areas},
 * timing what it receives against the machine clock (the probes, the simulator and the stack share it):
 * <ul>
 * <li>flood alerts of the probe sensors: frame time − the alert's {@code since} (the reading's device time) for a
 * raise, − {@code clearedAt} for a clear;</li>
 * <li>offline alerts of the probe devices: frame time − the moment the probe dropped its connection
 * ({@link AlertProbes#droppedAt}); the broker's last will has no device time, so the bench's clock stands in;</li>
 * <li>congestion updates: frame time − the window's {@code windowEnd}, for the first frame of each window (its early
 * result, provisional) and for its final one ({@link WindowFrames}); the same for ward and city updates.</li>
 * </ul>
 * Only frames received between {@link #measure(boolean)} on and off are counted.
 */
final class WallClient implements AutoCloseable {
    final Latencies floodRaise = new Latencies();
    final Latencies floodClear = new Latencies();
    final Latencies offlineRaise = new Latencies();
    final WindowFrames congestion = new WindowFrames();
    final WindowFrames areas = new WindowFrames();
    final AtomicLong alertFrames = new AtomicLong();
    final AtomicLong deviceFrames = new AtomicLong();
    final AtomicLong unreadable = new AtomicLong();

    private final AlertProbes probes;
    private final AlertHops hops;
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    private final WebSocketClient client;
    private WebSocket socket;
    private volatile boolean measuring;

    /** {@code hops} gets every alert frame too, for the hop-by-hop breakdown. */
    WallClient(AlertProbes probes, AlertHops hops) {
        this.probes = probes;
        this.hops = hops;
        // a snapshot of the whole city's congestion is one large message
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(256 << 20)
                .setMaxFrameSize(256 << 20));
    }

    void connect(int port, String token) throws Exception {
        socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                        .setURI(ApiVerticle.LIVE_PATH + "?access_token=" + token))
                .compose(ws -> {
                    ws.textMessageHandler(this::onText);
                    return ws.writeTextMessage("{\"type\":\"subscribe\",\"channels\":[\"alerts\",\"devices\",\"congestion\",\"areas\"]}")
                            .map(ws);
                }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    void measure(boolean on) {
        if (on) {
            long now = System.currentTimeMillis();
            congestion.from(now);
            areas.from(now);
        }
        measuring = on;
    }

    boolean connected() {
        return socket != null && !socket.isClosed();
    }

    /**
     * Every update is read, measuring or not, as a wall reads them all: reading only while measuring would leave the
     * first measured window end to code the JIT compiler has not seen yet.
     */
    private void onText(String text) {
        long now = System.currentTimeMillis();
        if (!text.startsWith("{\"type\":\"update")) return; // update or updates
        java.util.List<JsonNode> updates;
        try {
            updates = LiveProtocol.unbatched(Json.mapper().readTree(text));
        } catch (IOException | RuntimeException e) {
            if (measuring) unreadable.incrementAndGet();
            return;
        }
        if (!measuring) return;
        for (JsonNode m : updates) {
            JsonNode d = m.path("data");
            switch (m.path("channel").asText()) {
                case "alerts" -> alert(d, now);
                case "devices" -> deviceFrames.incrementAndGet();
                case "congestion" -> {
                    if (d.path("confirmed").asBoolean()) congestion.confirmed(d.path("id").asText(), d.path("windowEnd").asText(), now);
                    else congestion.add(d.path("properties").path("segmentId").asText(), d.path("properties"), now);
                }
                case "areas" -> areas.add(d.path("area").asText(), d, now);
                default -> { }
            }
        }
    }

    private void alert(JsonNode a, long now) {
        alertFrames.incrementAndGet();
        hops.frame(a, now);
        String entity = a.path("entity").asText();
        boolean open = "open".equals(a.path("status").asText());
        if (Alert.FLOOD.equals(a.path("kind").asText()) && probes.isWaterProbe(entity)) {
            if (open) floodRaise.add(now - Instant.parse(a.path("since").asText()).toEpochMilli());
            else floodClear.add(now - Instant.parse(a.path("clearedAt").asText()).toEpochMilli());
        } else if (Alert.DEVICE_OFFLINE.equals(a.path("kind").asText()) && open && probes.isOfflineProbe(entity)) {
            long dropped = probes.droppedAt(entity);
            if (dropped > 0) offlineRaise.add(now - dropped);
        }
    }

    private boolean closed;

    @Override
    public synchronized void close() throws Exception {
        if (closed) return;
        closed = true;
        if (socket != null) socket.close();
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
