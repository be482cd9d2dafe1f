package org.iocity.api.live;

/**
 * One live client's connection as {@link LiveHub} sees it: a WebSocket ({@link WebSocketTransport}) or a Server-Sent
 * Events stream ({@link SseTransport}). The hub decides what to send, coalesces and closes; a transport only frames
 * and writes. Called on the hub's event loop.
 */
interface LiveTransport {
    /** {@code websocket} or {@code sse}: the metrics tag. */
    String kind();

    /** True while the connection's write buffer is over its limit (the hub then coalesces). */
    boolean writeQueueFull();

    /** Writes one protocol message; its bytes may be shared with other connections and are not modified. */
    void write(LiveMessage message);

    /**
     * Ends the connection with {@code reason}; {@code policy} when the client broke a rule (too slow, too many
     * messages, token expired: WebSocket 1008), else the server is shutting down (1001).
     */
    void close(boolean policy, String reason);
}
