package org.iocity.api.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;

/**
 * The settings of the dashboard API, read from {@link IocConfig} and checked once at start; a bad value is a
 * one-line {@link ConfigException}.
 *
 * @param host                  {@code api.host}, default 127.0.0.1
 * @param port                  {@code api.port}, default 8080 (0: a free port)
 * @param registryFile          {@code registry.file}, default {@code config/registry.json}
 * @param tokensFile            {@code api.tokens.file}, required: lines of {@code sha256hex role name}
 * @param influxUrl             {@code influx.url}, default {@code http://127.0.0.1:8086}
 * @param influxDatabase        {@code influx.database}, default {@code ioc}
 * @param influxTimeout         {@code influx.timeout}, default 10 s: connect/read/write timeout of InfluxDB calls
 * @param historyBatchSize      {@code api.history.batch.size}, default 1000: records per InfluxDB write
 * @param historyRetryInitial   {@code api.history.retry.initial}, default 200 ms: first back-off after a failed write
 * @param historyRetryMax       {@code api.history.retry.max}, default 30 s: back-off cap
 * @param historyMaxPoints      {@code api.history.max.points}, default 10000: buckets one history query may return
 * @param historyRawRetention   {@code history.raw.retention}, default 14 d: how long InfluxDB keeps raw points
 * @param historyLongRetention  {@code history.long.retention}, default 400 d: how long it keeps their 5-minute means
 * @param liveMaxLag            {@code api.live.max.lag}, default 30 s: a WebSocket client whose updates stay pending
 *                              this long is closed
 * @param liveWriteQueueBytes   {@code api.live.write.queue.bytes}, default 256 KiB: bytes a WebSocket may buffer
 *                              before its updates are coalesced
 * @param partitionDiscovery    {@code api.live.discovery.interval}, default 30 s: how often the live consumer looks
 *                              for new partitions of the congestion topic
 * @param rateLimitPerMinute    {@code api.rate.limit.per.minute}, default 1200: requests one token may make a minute
 *                              (as a burst, refilled evenly); over it, a 429 problem with Retry-After
 * @param liveHandshakesPerMinute {@code api.live.handshakes.per.minute}, default 60: WebSocket handshakes one token
 *                              may make a minute (a burst of that many, refilled evenly); over it, the upgrade is
 *                              refused with 429 and Retry-After
 * @param tokensReload          {@code api.tokens.reload}, default 5 s: how often the tokens file is checked for changes
 *                              (a changed file is read again; no restart)
 * @param tokensWarnBefore      {@code api.tokens.warn.before}, default 7 days: tokens expiring sooner are counted in
 *                              {@code /health}, and a wall whose token does shows a warning
 * @param liveMessagesPerMinute {@code api.live.messages.per.minute}, default 120: messages (subscribe, unsubscribe,
 *                              ping) one live connection may send a minute, as a burst refilled evenly; over it, an
 *                              error frame and the connection is closed (1008) with the reason
 */
public record ApiSettings(
        String host,
        int port,
        Path registryFile,
        Path tokensFile,
        String influxUrl,
        String influxDatabase,
        Duration influxTimeout,
        int historyBatchSize,
        Duration historyRetryInitial,
        Duration historyRetryMax,
        int historyMaxPoints,
        Duration historyRawRetention,
        Duration historyLongRetention,
        Duration liveMaxLag,
        int liveWriteQueueBytes,
        Duration partitionDiscovery,
        int rateLimitPerMinute,
        int liveHandshakesPerMinute,
        int liveMessagesPerMinute,
        Duration tokensReload,
        Duration tokensWarnBefore) {

    public static final String TOKENS_FILE = "api.tokens.file";
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

    public static ApiSettings from(IocConfig c) {
        if (!c.has(TOKENS_FILE)) {
            throw new ConfigException("no API tokens configured: set " + IocConfig.envName(TOKENS_FILE)
                    + " (or " + TOKENS_FILE + ") to a file of lines `sha256hex role name`");
        }
        String influxUrl = c.string("influx.url", "http://127.0.0.1:8086");
        try {
            URI u = URI.create(influxUrl);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException(influxUrl);
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad setting influx.url=" + influxUrl + ": expected http://host:port (set "
                    + IocConfig.envName("influx.url") + ")");
        }
        String db = c.string("influx.database", "ioc");
        if (!DATABASE.matcher(db).matches()) {
            throw new ConfigException("bad setting influx.database=" + db + ": expected letters, digits, _ or - (set "
                    + IocConfig.envName("influx.database") + ")");
        }
        Duration retryInitial = positive(c, "api.history.retry.initial", Duration.ofMillis(200));
        Duration retryMax = positive(c, "api.history.retry.max", Duration.ofSeconds(30));
        if (retryMax.compareTo(retryInitial) < 0) retryMax = retryInitial;
        Duration raw = positive(c, "history.raw.retention", Duration.ofDays(14));
        Duration longer = positive(c, "history.long.retention", Duration.ofDays(400));
        if (raw.compareTo(Duration.ofHours(1)) < 0 || longer.compareTo(raw) < 0) {
            throw new ConfigException("bad settings history.raw.retention=" + raw + ", history.long.retention=" + longer
                    + ": InfluxDB keeps data at least 1 h, and the long retention must not be shorter than the raw one");
        }
        return new ApiSettings(
                c.string("api.host", "127.0.0.1"),
                c.port("api.port", 8080),
                Path.of(c.string("registry.file", "config/registry.json")),
                Path.of(c.string(TOKENS_FILE)),
                influxUrl,
                db,
                positive(c, "influx.timeout", Duration.ofSeconds(10)),
                c.integer("api.history.batch.size", 1000, 1, 100_000),
                retryInitial,
                retryMax,
                c.integer("api.history.max.points", 10_000, 10, 1_000_000),
                raw,
                longer,
                positive(c, "api.live.max.lag", Duration.ofSeconds(30)),
                c.integer("api.live.write.queue.bytes", 256 * 1024, 1024, 64 * 1024 * 1024),
                positive(c, "api.live.discovery.interval", Duration.ofSeconds(30)),
                c.integer("api.rate.limit.per.minute", 1200, 1, 1_000_000),
                c.integer("api.live.handshakes.per.minute", 60, 1, 1_000_000),
                c.integer("api.live.messages.per.minute", 120, 1, 1_000_000),
                positive(c, "api.tokens.reload", Duration.ofSeconds(5)),
                positive(c, "api.tokens.warn.before", Duration.ofDays(7)));
    }

    private static Duration positive(IocConfig c, String key, Duration fallback) {
        Duration d = c.duration(key, fallback);
        if (d.isZero()) {
            throw new ConfigException("bad setting " + key + "=0: expected a duration above zero (set "
                    + IocConfig.envName(key) + ")");
        }
        return d;
    }
}
