package org.iocity.api;

import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iocity.model.CongestionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket clients of {@code /api/v1/live} and what they subscribed to (protocol: {@link LiveProtocol}). Each
 * update is serialised once and written to every subscriber; a client whose socket buffer is full gets its updates
 * coalesced per segment in a {@link CoalescingQueue}, flushed when the socket drains, and is closed (1008) when its
 * backlog does not clear within {@code maxLag}. Lives on one event loop: every method must be called there.
 */
final class LiveHub {
    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
    static final short CLOSE_TOO_SLOW = 1008;

    private final GeoJson geoJson;
    private final CongestionState state;
    private final Duration maxLag;
    private final int maxPending;
    private final int writeQueueBytes;
    private final Set<Client> clients = new LinkedHashSet<>();
    private long closedTooSlow;

    LiveHub(GeoJson geoJson, CongestionState state, Duration maxLag, int maxPending, int writeQueueBytes) {
        this.geoJson = geoJson;
        this.state = state;
        this.maxLag = maxLag;
        this.maxPending = maxPending;
        this.writeQueueBytes = writeQueueBytes;
    }

    private final class Client {
        final ServerWebSocket ws;
        final Tokens.Principal principal;
        final Set<String> channels = new LinkedHashSet<>();
        final CoalescingQueue<String, String> queue = new CoalescingQueue<>();

        Client(ServerWebSocket ws, Tokens.Principal principal) {
            this.ws = ws;
            this.principal = principal;
        }

        /** An update: straight out when nothing waits and the socket has room, else coalesced by key. */
        void send(String key, String text) {
            if (queue.isEmpty() && !ws.writeQueueFull()) {
                ws.writeTextMessage(text);
            } else {
                queue.offer(key, text, System.nanoTime());
            }
        }

        /** A snapshot of a channel: replaces whatever of that channel still waits, and goes out after the rest. */
        void snapshot(String channel, String text) {
            if (queue.isEmpty() && !ws.writeQueueFull()) {
                ws.writeTextMessage(text);
            } else {
                String prefix = channel + "/";
                queue.supersede(k -> k.startsWith(prefix), channel, text, System.nanoTime());
            }
        }

        /** Control messages (errors, pong): small and rare, written at once. */
        void reply(String text) {
            ws.writeTextMessage(text);
        }

        void flush() {
            while (!queue.isEmpty() && !ws.writeQueueFull()) {
                ws.writeTextMessage(queue.poll());
            }
        }
    }

    void accept(ServerWebSocket ws, Tokens.Principal principal) {
        ws.setWriteQueueMaxSize(writeQueueBytes);
        Client c = new Client(ws, principal);
        clients.add(c);
        ws.textMessageHandler(text -> onMessage(c, text));
        ws.binaryMessageHandler(b -> c.reply(LiveProtocol.error("binary frames are not supported: send JSON text")));
        ws.drainHandler(v -> c.flush());
        ws.closeHandler(v -> clients.remove(c));
        ws.exceptionHandler(e -> LOG.debug("live client {}: {}", principal.name(), e.toString()));
        LOG.debug("live client connected: {} ({})", principal.name(), principal.role().id());
    }

    private void onMessage(Client c, String text) {
        LiveProtocol.Request req = LiveProtocol.parse(text);
        switch (req.type()) {
            case "ping" -> c.reply(LiveProtocol.pong());
            case "subscribe" -> {
                List<String> unknown = new ArrayList<>();
                for (String channel : req.channels()) {
                    if (!LiveProtocol.CHANNELS.contains(channel)) {
                        unknown.add(channel);
                        continue;
                    }
                    c.channels.add(channel);
                    c.snapshot(channel, snapshot(channel));
                }
                if (!unknown.isEmpty()) {
                    c.reply(LiveProtocol.error("unknown channel(s) " + String.join(", ", unknown.stream()
                            .map(CongestionFilter::clip).toList()) + ": known channels are " + LiveProtocol.CHANNELS));
                }
            }
            case "unsubscribe" -> c.channels.removeAll(req.channels());
            default -> c.reply(LiveProtocol.error(req.error()));
        }
    }

    private String snapshot(String channel) {
        // the only channel so far; a new channel adds its snapshot here
        return LiveProtocol.snapshot(channel, geoJson.featureCollection(state.all(), CongestionFilter.ALL));
    }

    /** Pushes a result that just became its segment's latest to every congestion subscriber. */
    void broadcast(CongestionResult r) {
        String text = null;
        String key = LiveProtocol.CONGESTION + "/" + r.segmentId();
        for (Client c : clients) {
            if (!c.channels.contains(LiveProtocol.CONGESTION)) continue;
            if (text == null) {
                var feature = geoJson.feature(r);
                if (feature.isEmpty()) return;
                text = LiveProtocol.update(LiveProtocol.CONGESTION, feature.get());
            }
            c.send(key, text);
        }
    }

    /** Closes the clients whose backlog has not cleared within {@code maxLag} (run from a periodic timer). */
    void closeHopeless() {
        long now = System.nanoTime();
        for (Client c : new ArrayList<>(clients)) {
            if (c.queue.hopeless(now, maxPending, maxLag.toNanos())) {
                clients.remove(c);
                closedTooSlow++;
                LOG.warn("closing live client {}: {} updates pending for {} s", c.principal.name(), c.queue.size(),
                        Duration.ofNanos(c.queue.backlogNanos(now)).toSeconds());
                c.ws.close(CLOSE_TOO_SLOW, "too slow: updates pending for more than " + maxLag.toSeconds() + " s");
            }
        }
    }

    int clients() {
        return clients.size();
    }

    Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clients", clients.size());
        m.put("pendingUpdates", clients.stream().mapToInt(c -> c.queue.size()).sum());
        m.put("coalescedUpdates", clients.stream().mapToLong(c -> c.queue.coalesced()).sum());
        m.put("closedTooSlow", closedTooSlow);
        return m;
    }

    void closeAll() {
        for (Client c : new ArrayList<>(clients)) {
            c.ws.close((short) 1001, "server shutting down");
        }
        clients.clear();
    }
}
