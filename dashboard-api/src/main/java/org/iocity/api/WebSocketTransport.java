package org.iocity.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.websocket.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * {@code /api/v1/live}: one text frame per message; closed with 1008 and the reason when too slow, flooding or the
 * token expired, 1001 on shutdown.
 */
final class WebSocketTransport implements LiveTransport {
    static final short CLOSE_POLICY = 1008;
    /** Vert.x's default largest WebSocket frame (HttpServerOptions maxWebSocketFrameSize). */
    static final int MAX_SHARED_FRAME = 65_536;
    private final ServerWebSocket ws;

    WebSocketTransport(ServerWebSocket ws) {
        this.ws = ws;
    }

    /** Wires the socket to the hub: text frames are protocol requests, drain flushes, close unregisters. */
    static void attach(LiveHub hub, ServerWebSocket ws, Tokens.Principal principal, int writeQueueBytes) {
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

    @Override
    public boolean writeQueueFull() {
        return ws.writeQueueFull();
    }

    /**
     * One text frame around the message's shared UTF-8 bytes (no copy per connection; Vert.x's public API encodes a
     * String for every write). A message over one frame's size goes the ordinary way, fragmented by Vert.x.
     */
    @Override
    public void write(LiveMessage message) {
        Buffer utf8 = message.utf8();
        if (utf8.length() > MAX_SHARED_FRAME) {
            ws.writeTextMessage(message.text);
            return;
        }
        ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) utf8).getByteBuf(), true));
    }

    @Override
    public void close(boolean policy, String reason) {
        ws.close(policy ? CLOSE_POLICY : (short) 1001, reason);
    }
}
