package org.iocity.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live clients and what they subscribed to, whatever their transport ({@link WebSocketTransport} on
 * {@code /api/v1/live}, {@link SseTransport} on {@code /api/v1/live/sse}; protocol: {@link LiveProtocol}). Each
 * update is serialised once and written to every subscriber; a client whose connection buffer is full gets its
 * updates coalesced per segment in a {@link CoalescingQueue}, flushed when the connection drains, and is closed when
 * its backlog does not clear within {@code maxLag}. Lives on one event loop: every method must be called there.
 */
final class LiveHub {
    static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
    static final short CLOSE_TOO_SLOW = WebSocketTransport.CLOSE_TOO_SLOW;

    private final Function<String, JsonNode> snapshots;
    private final Duration maxLag;
    private final int maxPending;
    private final ApiMetrics metrics;
    private final Set<Client> clients = new LinkedHashSet<>();
    private final Map<String, int[]> byKind = new LinkedHashMap<>();
    private long closedTooSlow;

    /**
     * @param snapshots the snapshot of a channel, or null for a channel that does not exist (such as an unknown
     *        intersection)
     */
    LiveHub(Function<String, JsonNode> snapshots, Duration maxLag, int maxPending, ApiMetrics metrics) {
        this.snapshots = snapshots;
        this.maxLag = maxLag;
        this.maxPending = maxPending;
        this.metrics = metrics;
        for (String kind : List.of("websocket", "sse")) {
            int[] count = new int[1];
            byKind.put(kind, count);
            metrics.liveClients(kind, () -> count[0]);
        }
    }

    /** One connected client: its transport, its channels and its backlog. */
    final class Client {
        final LiveTransport transport;
        final Tokens.Principal principal;
        final Set<String> channels = new LinkedHashSet<>();
        final CoalescingQueue<String, String> queue = new CoalescingQueue<>();

        private Client(LiveTransport transport, Tokens.Principal principal) {
            this.transport = transport;
            this.principal = principal;
        }

        /** An update: straight out when nothing waits and the connection has room, else coalesced by key. */
        boolean send(String key, String text) {
            if (queue.isEmpty() && !transport.writeQueueFull()) {
                transport.write(text);
                return true;
            }
            long before = queue.coalesced();
            queue.offer(key, text, System.nanoTime());
            if (queue.coalesced() > before) metrics.updatesCoalesced(transport.kind(), 1);
            return false;
        }

        /** A snapshot of a channel: replaces whatever of that channel still waits, and goes out after the rest. */
        void snapshot(String channel, String text) {
            if (queue.isEmpty() && !transport.writeQueueFull()) {
                transport.write(text);
                metrics.messagesPushed(transport.kind(), 1);
            } else {
                String prefix = channel + "/";
                long before = queue.coalesced();
                queue.supersede(k -> k.startsWith(prefix), channel, text, System.nanoTime());
                long n = queue.coalesced() - before;
                if (n > 0) metrics.updatesCoalesced(transport.kind(), (int) n);
            }
        }

        /** Control messages (errors, pong): small and rare, written at once. */
        void reply(String text) {
            transport.write(text);
        }

        /** Writes what waits while the connection has room (its drain handler). */
        void flush() {
            int n = 0;
            while (!queue.isEmpty() && !transport.writeQueueFull()) {
                transport.write(queue.poll());
                n++;
            }
            if (n > 0) metrics.messagesPushed(transport.kind(), n);
        }
    }

    /** Registers a connected client; its transport calls {@link #onMessage}/{@link #subscribe}, {@link #remove}. */
    Client accept(LiveTransport transport, Tokens.Principal principal) {
        Client c = new Client(transport, principal);
        clients.add(c);
        byKind.computeIfAbsent(transport.kind(), k -> new int[1])[0]++;
        LOG.debug("live client connected over {}: {} ({})", transport.kind(), principal.name(), principal.role().id());
        return c;
    }

    void remove(Client c) {
        if (clients.remove(c)) byKind.get(c.transport.kind())[0]--;
    }

    /** A protocol request from a client (WebSocket text frame). */
    void onMessage(Client c, String text) {
        LiveProtocol.Request req = LiveProtocol.parse(text);
        switch (req.type()) {
            case "ping" -> c.reply(LiveProtocol.pong());
            case "subscribe" -> {
                List<String> unknown = subscribe(c, req.channels());
                if (!unknown.isEmpty()) {
                    c.reply(LiveProtocol.error("unknown channel(s) " + String.join(", ", unknown.stream()
                            .map(CongestionFilter::clip).toList()) + ": known channels are " + LiveProtocol.DESCRIBED));
                }
            }
            case "unsubscribe" -> c.channels.removeAll(req.channels());
            default -> c.reply(LiveProtocol.error(req.error()));
        }
    }

    /** Subscribes {@code c} to the known channels among {@code channels}, each followed by its snapshot; returns the unknown ones. */
    List<String> subscribe(Client c, Collection<String> channels) {
        List<String> unknown = new ArrayList<>();
        for (String channel : channels) {
            JsonNode snapshot = snapshots.apply(channel);
            if (snapshot == null) {
                unknown.add(channel);
                continue;
            }
            c.channels.add(channel);
            c.snapshot(channel, LiveProtocol.snapshot(channel, snapshot));
        }
        return unknown;
    }

    /**
     * Pushes a change to every subscriber of {@code channel}; {@code data} is made (and serialised) once, and only when
     * someone listens. Updates of one {@code key} coalesce for a slow client.
     */
    void broadcast(String channel, String key, Supplier<JsonNode> data) {
        String text = null;
        String queueKey = channel + "/" + key;
        int ws = 0;
        int sse = 0;
        for (Client c : clients) {
            if (!c.channels.contains(channel)) continue;
            if (text == null) {
                JsonNode d = data.get();
                if (d == null) return;
                text = LiveProtocol.update(channel, d);
            }
            if (c.send(queueKey, text)) {
                if (c.transport instanceof SseTransport) sse++;
                else ws++;
            }
        }
        if (ws > 0) metrics.messagesPushed("websocket", ws);
        if (sse > 0) metrics.messagesPushed("sse", sse);
    }

    /** Closes the clients whose backlog has not cleared within {@code maxLag} (run from a periodic timer). */
    void closeHopeless() {
        long now = System.nanoTime();
        for (Client c : new ArrayList<>(clients)) {
            if (c.queue.hopeless(now, maxPending, maxLag.toNanos())) {
                remove(c);
                closedTooSlow++;
                metrics.clientClosedTooSlow(c.transport.kind());
                LOG.warn("closing live client {} ({}): {} updates pending for {} s", c.principal.name(),
                        c.transport.kind(), c.queue.size(), Duration.ofNanos(c.queue.backlogNanos(now)).toSeconds());
                c.transport.close(true, "too slow: updates pending for more than " + maxLag.toSeconds() + " s");
            }
        }
    }

    int clients() {
        return clients.size();
    }

    Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clients", clients.size());
        byKind.forEach((kind, n) -> m.put(kind, n[0]));
        m.put("pendingUpdates", clients.stream().mapToInt(c -> c.queue.size()).sum());
        m.put("coalescedUpdates", clients.stream().mapToLong(c -> c.queue.coalesced()).sum());
        m.put("closedTooSlow", closedTooSlow);
        return m;
    }

    void closeAll() {
        for (Client c : new ArrayList<>(clients)) {
            c.transport.close(false, "server shutting down");
        }
        clients.clear();
        byKind.values().forEach(n -> n[0] = 0);
    }
}
