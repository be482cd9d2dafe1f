package org.iocity.api;

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

    /** Writes one protocol message ({@link LiveProtocol} JSON text). */
    void write(String message);

    /** Ends the connection; {@code tooSlow} tells why (else the server is shutting down). */
    void close(boolean tooSlow, String reason);
}
