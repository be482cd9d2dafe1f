package org.iocity.api.live;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * One {@link LiveProtocol} message as it goes to every subscriber: the JSON text (serialised once per update), and
 * its Server-Sent Events frame, encoded on first use and then shared by every SSE connection it is written to. Used
 * on the hub's event loop only.
 */
public final class LiveMessage {
    final String text;
    private Buffer sse;

    public LiveMessage(String text) {
        this.text = text;
    }

    /** {@code event: <type>\ndata: <json>\n\n}, UTF-8 ({@link SseTransport#frame}). */
    Buffer sse() {
        if (sse == null) sse = Buffer.buffer(SseTransport.frame(text).getBytes(StandardCharsets.UTF_8));
        return sse;
    }
}
