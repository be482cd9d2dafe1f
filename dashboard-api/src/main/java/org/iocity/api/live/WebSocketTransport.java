package org.iocity.api.live;

import io.vertx.core.http.ServerWebSocket;
import org.iocity.api.auth.Tokens;

/**
 * {@code /api/v1/live}: one text frame per message; closed with 1008 and the reason when too slow, flooding or the
 * token expired, 1001 on shutdown.
 */
public final class WebSocketTransport implements LiveTransport {
    static final short CLOSE_POLICY = 1008;
    private final ServerWebSocket ws;

    public WebSocketTransport(ServerWebSocket ws) {
        this.ws = ws;
    }

    /** Wires the socket to the hub: text frames are protocol requests, drain flushes, close unregisters. */
    public static void attach(LiveHub hub, ServerWebSocket ws, Tokens.Principal principal, int writeQueueBytes) {
        ws.setWriteQueueMaxSize(writeQueueBytes);
        LiveHub.Client c = hub.accept(new WebSocketTransport(ws), principal);
        ws.textMessageHandler(text -> hub.onMessage(c, text));
        ws.binaryMessageHandler(b -> c.reply(LiveProtocol.error("binary frames are not supported: send JSON text")));
        ws.drainHandler(v -> c.flush());
        ws.closeHandler(v -> hub.remove(c));
        ws.exceptionHandler(e -> LiveHub.LOG.debug("live client {}: {}", principal.name(), e.toString()));
    }

    @Override
    public String kind() {
        return "websocket";
    }

    /**
     * A socket the client has closed counts as full (Vert.x throws when asked about it): updates wait in the client's
     * queue until its close handler removes it, instead of failing the broadcast to everyone.
     */
    @Override
    public boolean writeQueueFull() {
        return ws.isClosed() || ws.writeQueueFull();
    }

    /**
     * The text as one message (Vert.x encodes it per connection). Writing one shared UTF-8 buffer to every connection
     * instead (through Vert.x's internal frame class) made no measurable difference in {@code ./ioc bench fanout}
     * (9.3 µs of event loop per delivered message shared, 8.7 µs encoded per connection; one run each, see
     * BENCHMARKS.md), so the public API stays.
     */
    @Override
    public void write(LiveMessage message) {
        if (!ws.isClosed()) ws.writeTextMessage(message.text);
    }

    @Override
    public void close(boolean policy, String reason) {
        ws.close(policy ? CLOSE_POLICY : (short) 1001, reason);
    }
}
