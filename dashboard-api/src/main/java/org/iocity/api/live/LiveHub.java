package org.iocity.api.live;

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
import org.iocity.api.auth.Role;
import org.iocity.api.auth.Tokens;
import org.iocity.api.metrics.ApiMetrics;
import org.iocity.api.web.RateLimiter;
import org.iocity.api.web.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live clients and what they subscribed to, whatever their transport ({@link WebSocketTransport} on
 * {@code /api/v1/live}, {@link SseTransport} on {@code /api/v1/live/sse}; protocol: {@link LiveProtocol}). Each
 * update is serialised once and written to every subscriber; a client whose connection buffer is full gets its
 * updates coalesced per segment in a {@link CoalescingQueue}, flushed when the connection drains, and is closed when
 * its backlog does not clear within {@code maxLag}. Lives on one event loop: every method must be called there.
 */
public final class LiveHub {
    public static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
    public static final short CLOSE_POLICY = WebSocketTransport.CLOSE_POLICY;

    private final Function<String, JsonNode> snapshots;
    private final Duration maxLag;
    private final int maxPending;
    private final ApiMetrics metrics;
    private final int messagesPerMinute;
    private final java.util.function.Supplier<java.time.Instant> now;
    private final Set<Client> clients = new LinkedHashSet<>();
    private final Map<String, int[]> byKind = new LinkedHashMap<>();
    private long closedTooSlow;
    /** The updates broadcast during a {@link #batched} run, by channel (in the order of each channel's first). */
    private Map<String, List<Update>> held;

    /**
     * @param snapshots the snapshot of a channel, or null for a channel that does not exist (such as an unknown
     *        intersection)
     */
    /**
     * @param messagesPerMinute protocol messages a client may send a minute (a burst of that many, refilled evenly)
     * @param now the wall clock that says when a client's token has expired
     */
    public LiveHub(Function<String, JsonNode> snapshots, Duration maxLag, int maxPending, ApiMetrics metrics,
            int messagesPerMinute, java.util.function.Supplier<java.time.Instant> now) {
        this.snapshots = snapshots;
        this.maxLag = maxLag;
        this.maxPending = maxPending;
        this.metrics = metrics;
        this.messagesPerMinute = messagesPerMinute;
        this.now = now;
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
        final CoalescingQueue<String, LiveMessage> queue = new CoalescingQueue<>();
        /** What waits of the urgent channels ({@link LiveProtocol#URGENT}): written before {@link #queue}. */
        final CoalescingQueue<String, LiveMessage> urgent = new CoalescingQueue<>();
        final RateLimiter messages = new RateLimiter(messagesPerMinute, System::nanoTime);
        boolean closed;

        private Client(LiveTransport transport, Tokens.Principal principal) {
            this.transport = transport;
            this.principal = principal;
        }

        /** True when an update can go out at once: nothing of this client waits and its connection has room. */
        boolean ready() {
            return queue.isEmpty() && urgent.isEmpty() && !transport.writeQueueFull();
        }

        /** The queue of {@code channel}'s updates: the urgent one for alerts and devices, else the other. */
        CoalescingQueue<String, LiveMessage> queueOf(String channel) {
            return LiveProtocol.URGENT.contains(channel) ? urgent : queue;
        }

        /** Updates waiting, both queues. */
        int pending() {
            return queue.size() + urgent.size();
        }

        /**
         * An update that cannot go out at once: waits, coalesced by {@code key} with what waits already; an update of
         * an urgent channel waits ahead of the others.
         */
        void hold(String channel, String key, LiveMessage message) {
            CoalescingQueue<String, LiveMessage> q = queueOf(channel);
            long before = q.coalesced();
            q.offer(key, message, System.nanoTime());
            if (q.coalesced() > before) metrics.updatesCoalesced(transport.kind(), 1);
        }

        /** A snapshot of a channel: replaces whatever of that channel still waits, and goes out after the rest. */
        void snapshot(String channel, String text) {
            LiveMessage message = new LiveMessage(text);
            if (ready()) {
                transport.write(message);
                metrics.messagesPushed(transport.kind(), 1);
            } else {
                String prefix = channel + "/";
                CoalescingQueue<String, LiveMessage> q = queueOf(channel);
                long before = q.coalesced();
                q.supersede(k -> k.startsWith(prefix), channel, message, System.nanoTime());
                long n = q.coalesced() - before;
                if (n > 0) metrics.updatesCoalesced(transport.kind(), (int) n);
            }
        }

        /** Control messages (errors, pong): small and rare, written at once. */
        void reply(String text) {
            transport.write(new LiveMessage(text));
        }

        /** Writes what waits while the connection has room (its drain handler), the urgent channels' first. */
        void flush() {
            int n = 0;
            while (!urgent.isEmpty() && !transport.writeQueueFull()) {
                transport.write(urgent.poll());
                n++;
            }
            while (urgent.isEmpty() && !queue.isEmpty() && !transport.writeQueueFull()) {
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

    /**
     * A protocol request from a client (WebSocket text frame). Over {@code messagesPerMinute} the client gets an error
     * frame and is closed with the reason: a subscribe flood costs a snapshot each, so it is not served.
     */
    void onMessage(Client c, String text) {
        if (c.closed) return;
        if (c.messages.acquire("") != 0) {
            String reason = "too many messages: at most " + messagesPerMinute + " a minute on one connection";
            c.reply(LiveProtocol.error(reason));
            close(c, reason);
            LOG.warn("closing live client {} ({}): {}", c.principal.name(), c.transport.kind(), reason);
            return;
        }
        LiveProtocol.Request req = LiveProtocol.parse(text);
        switch (req.type()) {
            case "ping" -> c.reply(LiveProtocol.pong());
            case "subscribe" -> {
                Refused refused = subscribe(c, req.channels());
                if (!refused.isEmpty()) c.reply(LiveProtocol.error(refused.detail(c.principal.role())));
            }
            case "unsubscribe" -> c.channels.removeAll(req.channels());
            default -> c.reply(LiveProtocol.error(req.error()));
        }
    }

    /** The channels of a subscribe that were not subscribed: unknown ones, and known ones the client's role may not read. */
    record Refused(List<String> unknown, List<String> forbidden) {
        boolean isEmpty() {
            return unknown.isEmpty() && forbidden.isEmpty();
        }

        String detail(Role role) {
            List<String> parts = new ArrayList<>();
            if (!unknown.isEmpty()) {
                parts.add("unknown channel(s) " + String.join(", ", unknown.stream().map(Text::clip).toList())
                        + ": known channels are " + LiveProtocol.DESCRIBED);
            }
            if (!forbidden.isEmpty()) {
                parts.add("role " + role.id() + " may not subscribe to " + String.join(", ", forbidden.stream()
                        .map(Text::clip).toList()));
            }
            return String.join("; ", parts);
        }
    }

    /**
     * Subscribes {@code c} to the channels among {@code channels} that exist and its role may read
     * ({@link ChannelAccess#channelRoles}), each followed by its snapshot; returns the others.
     */
    Refused subscribe(Client c, Collection<String> channels) {
        List<String> unknown = new ArrayList<>();
        List<String> forbidden = new ArrayList<>();
        for (String channel : channels) {
            Set<Role> roles = ChannelAccess.channelRoles(channel);
            if (roles != null && !roles.contains(c.principal.role())) {
                forbidden.add(channel);
                continue;
            }
            JsonNode snapshot = roles == null ? null : snapshots.apply(channel);
            if (snapshot == null) {
                unknown.add(channel);
                continue;
            }
            c.channels.add(channel);
            c.snapshot(channel, LiveProtocol.snapshot(channel, snapshot));
        }
        return new Refused(unknown, forbidden);
    }

    /**
     * Pushes a change to every subscriber of {@code channel}; {@code data} (JSON text, null for nothing to show) is
     * made and encoded once ({@link LiveMessage}), and only when someone listens. Updates of one {@code key} coalesce
     * for a slow client. Inside {@link #batched} the update is held until the batch ends.
     */
    public void broadcast(String channel, String key, Supplier<String> data) {
        Update u = new Update(channel, key, data);
        if (held != null) held.computeIfAbsent(channel, k -> new ArrayList<>()).add(u);
        else push(channel, List.of(u));
    }

    /**
     * Runs {@code apply}, holding back what it broadcasts, then pushes it: per channel one {@code update} message for
     * one update, one {@code updates} message with all of them, in order, for several. A window of congestion, which
     * arrives all at once at its end, is then a few frames for the wall to read instead of one per segment, and an
     * alert behind it waits for fewer. A client with updates waiting gets them one by one, coalesced by key.
     */
    public void batched(Runnable apply) {
        if (held != null) {
            apply.run();
            return;
        }
        held = new LinkedHashMap<>();
        try {
            apply.run();
        } finally {
            Map<String, List<Update>> batch = held;
            held = null;
            batch.forEach((channel, updates) -> {
                if (LiveProtocol.URGENT.contains(channel)) push(channel, updates);
            });
            batch.forEach((channel, updates) -> {
                if (!LiveProtocol.URGENT.contains(channel)) push(channel, updates);
            });
        }
    }

    /** One update: its data made on first use, and its own message, both shared by every client. */
    private static final class Update {
        final String queueKey;
        final String channel;
        final Supplier<String> supplier;
        private String data;
        private boolean made;
        private LiveMessage single;

        Update(String channel, String key, Supplier<String> supplier) {
            this.channel = channel;
            this.queueKey = channel + "/" + key;
            this.supplier = supplier;
        }

        /** The data as JSON, or null when there is nothing to show (such as a segment the registry does not know). */
        String data() {
            if (!made) {
                data = supplier.get();
                made = true;
            }
            return data;
        }

        LiveMessage single() {
            if (single == null) single = new LiveMessage(LiveProtocol.update(channel, data()));
            return single;
        }
    }

    /**
     * Characters of data in one {@code updates} message at most (more go in the next): with every character three
     * bytes of UTF-8 it stays under the 256 KiB message a Vert.x client takes by default.
     */
    public static final int MAX_UPDATES_CHARS = 64 * 1024;

    /**
     * Writes {@code updates} of {@code channel} to its subscribers: to a ready client as few messages (one
     * {@code update}, or {@code updates} of up to {@link #MAX_UPDATES_CHARS}), to a client with updates waiting one
     * by one, held and coalesced by key.
     */
    private void push(String channel, List<Update> updates) {
        List<Update> shown = null;
        List<LiveMessage> together = null;
        int ws = 0;
        int sse = 0;
        for (Client c : clients) {
            if (!c.channels.contains(channel)) continue;
            if (shown == null) {
                shown = updates.stream().filter(u -> u.data() != null).toList();
                if (shown.isEmpty()) return;
            }
            if (c.ready()) {
                if (together == null) together = together(channel, shown);
                for (LiveMessage m : together) c.transport.write(m);
                if (c.transport instanceof SseTransport) sse += together.size();
                else ws += together.size();
            } else {
                for (Update u : shown) c.hold(channel, u.queueKey, u.single());
            }
        }
        if (ws > 0) metrics.messagesPushed("websocket", ws);
        if (sse > 0) metrics.messagesPushed("sse", sse);
    }

    /** {@code shown} as messages: {@code updates} of at most {@link #MAX_UPDATES_CHARS} each, or an {@code update}. */
    private static List<LiveMessage> together(String channel, List<Update> shown) {
        List<LiveMessage> messages = new ArrayList<>();
        List<Update> part = new ArrayList<>();
        int chars = 0;
        for (Update u : shown) {
            if (!part.isEmpty() && chars + u.data().length() > MAX_UPDATES_CHARS) {
                messages.add(message(channel, part));
                part = new ArrayList<>();
                chars = 0;
            }
            part.add(u);
            chars += u.data().length() + 1;
        }
        messages.add(message(channel, part));
        return messages;
    }

    private static LiveMessage message(String channel, List<Update> part) {
        return part.size() == 1 ? part.get(0).single()
                : new LiveMessage(LiveProtocol.updates(channel, part.stream().map(Update::data).toList()));
    }

    /**
     * Closes the clients whose backlog has not cleared within {@code maxLag}, and those whose token has expired
     * (run from a periodic timer).
     */
    public void closeHopeless() {
        long nanos = System.nanoTime();
        java.time.Instant wall = now.get();
        for (Client c : new ArrayList<>(clients)) {
            if (c.queue.hopeless(nanos, maxPending, maxLag.toNanos())
                    || c.urgent.hopeless(nanos, maxPending, maxLag.toNanos())) {
                closedTooSlow++;
                metrics.clientClosedTooSlow(c.transport.kind());
                LOG.warn("closing live client {} ({}): {} updates pending for {} s", c.principal.name(),
                        c.transport.kind(), c.pending(), Duration.ofNanos(Math.max(c.queue.backlogNanos(nanos),
                        c.urgent.backlogNanos(nanos))).toSeconds());
                close(c, "too slow: updates pending for more than " + maxLag.toSeconds() + " s");
            } else if (c.principal.expired(wall)) {
                LOG.info("closing live client {} ({}): its token expired at {}", c.principal.name(), c.transport.kind(),
                        c.principal.expiresAt());
                close(c, "the token expired at " + c.principal.expiresAt());
            }
        }
    }

    /** Unregisters {@code c} and closes its connection for a policy reason (WebSocket 1008). */
    private void close(Client c, String reason) {
        c.closed = true;
        remove(c);
        c.transport.close(true, reason);
    }

    int clients() {
        return clients.size();
    }

    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clients", clients.size());
        byKind.forEach((kind, n) -> m.put(kind, n[0]));
        m.put("pendingUpdates", clients.stream().mapToInt(Client::pending).sum());
        m.put("coalescedUpdates", clients.stream().mapToLong(c -> c.queue.coalesced() + c.urgent.coalesced()).sum());
        m.put("closedTooSlow", closedTooSlow);
        return m;
    }

    public void closeAll() {
        for (Client c : new ArrayList<>(clients)) {
            c.transport.close(false, "server shutting down");
        }
        clients.clear();
        byKind.values().forEach(n -> n[0] = 0);
    }
}
