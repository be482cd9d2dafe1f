package org.iocity.api.live;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.iocity.api.auth.Auth;
import org.iocity.api.auth.Tokens;
import org.iocity.api.web.Problem;
import org.iocity.api.web.Text;

/**
 * {@code GET /api/v1/live/sse?channels=congestion}: the live stream as Server-Sent Events for clients that cannot
 * use WebSockets. Each {@link LiveProtocol} message is one event named by its type ({@code snapshot}, {@code update},
 * {@code error}) whose data is the same JSON text as on the WebSocket. Subscriptions are fixed by the query; a
 * client that falls hopelessly behind has its connection closed (browsers' EventSource then reconnects and gets a
 * fresh snapshot).
 */
public final class SseTransport implements LiveTransport {
    static final String MEDIA_TYPE = "text/event-stream";
    private final HttpServerResponse response;
    private final HttpConnection connection;

    private SseTransport(HttpServerResponse response, HttpConnection connection) {
        this.response = response;
        this.connection = connection;
    }

    /** The channels of the query ({@code channels}, comma list or repeated); a 400 problem naming the parameter when bad. */
    static Set<String> channels(List<String> values) {
        Set<String> channels = new LinkedHashSet<>();
        for (String v : values) {
            for (String c : v.split(",", -1)) {
                if (!c.isBlank()) channels.add(c.strip());
            }
        }
        if (channels.isEmpty()) {
            throw Problem.badRequest("parameter channels is required: a comma list of " + LiveProtocol.DESCRIBED);
        }
        for (String c : channels) {
            if (ChannelAccess.channelRoles(c) == null) {
                throw Problem.badRequest("parameter channels: unknown channel " + Text.clip(c)
                        + " (known: " + LiveProtocol.DESCRIBED + ")");
            }
        }
        return channels;
    }

    /** The route handler: checks the query, starts the event stream and subscribes it. */
    public static void open(LiveHub hub, RoutingContext ctx, int writeQueueBytes) {
        Set<String> channels = channels(ctx.queryParam("channels"));
        Tokens.Principal principal = ctx.get(Auth.PRINCIPAL);
        List<String> forbidden = channels.stream()
                .filter(ch -> !ChannelAccess.channelRoles(ch).contains(principal.role())).toList();
        if (!forbidden.isEmpty()) {
            throw Problem.forbidden("role " + principal.role().id() + " may not subscribe to "
                    + String.join(", ", forbidden.stream().map(Text::clip).toList()));
        }
        HttpServerResponse r = ctx.response();
        r.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE + "; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader("X-Accel-Buffering", "no")
                .setWriteQueueMaxSize(writeQueueBytes);
        r.write(": ioc live stream\n\n");
        LiveHub.Client c = hub.accept(new SseTransport(r, ctx.request().connection()), principal);
        r.drainHandler(v -> c.flush());
        r.closeHandler(v -> hub.remove(c));
        r.exceptionHandler(e -> LiveHub.LOG.debug("sse client {}: {}", principal.name(), e.toString()));
        LiveHub.Refused refused = hub.subscribe(c, channels);
        if (!refused.isEmpty()) c.reply(LiveProtocol.error(refused.detail(principal.role())));
    }

    @Override
    public String kind() {
        return "sse";
    }

    @Override
    public boolean writeQueueFull() {
        return response.ended() || response.closed() || response.writeQueueFull();
    }

    @Override
    public void write(LiveMessage message) {
        if (!response.ended() && !response.closed()) response.write(message.sse());
    }

    /** {@code event: <type>\ndata: <json>\n\n}; the JSON is on one line (it is written compact). */
    static String frame(String message) {
        String type = message.startsWith("{\"type\":\"") ? message.substring(9, message.indexOf('"', 9)) : "message";
        return "event: " + type + "\ndata: " + message + "\n\n";
    }

    @Override
    public void close(boolean policy, String reason) {
        if (response.ended() || response.closed()) return;
        // a slow client's buffer may be full: end() would queue behind it, so the connection itself goes
        if (policy) connection.close();
        else response.end();
    }
}
