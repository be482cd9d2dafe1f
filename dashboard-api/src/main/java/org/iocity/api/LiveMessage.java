package org.iocity.api;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * One {@link LiveProtocol} message as it goes to every subscriber: the JSON text, and its UTF-8 bytes (WebSocket) and
 * Server-Sent Events frame made at most once each, on first use, and then shared by every connection it is written
 * to, so that the cost of an update per client is the write, not the encoding. Used on the hub's event loop only.
 */
final class LiveMessage {
    final String text;
    private Buffer utf8;
    private Buffer sse;

    LiveMessage(String text) {
        this.text = text;
    }

    /** The text's UTF-8 bytes (a WebSocket text frame's payload). Never modified: writes share it. */
    Buffer utf8() {
        if (utf8 == null) utf8 = Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
        return utf8;
    }

    /** {@code event: <type>\ndata: <json>\n\n}, UTF-8 ({@link SseTransport#frame}). */
    Buffer sse() {
        if (sse == null) sse = Buffer.buffer(SseTransport.frame(text).getBytes(StandardCharsets.UTF_8));
        return sse;
    }
}
