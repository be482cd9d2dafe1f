package org.iocity.api.metrics;

/** Every meter the dashboard API registers, in one place (Prometheus adds the unit suffixes such as _total). */
public final class MeterNames {
    private MeterNames() {}

    public static final String HTTP_REQUESTS = "ioc.api.http.requests";
    public static final String LIVE_CLIENTS = "ioc.api.live.clients";
    public static final String LIVE_MESSAGES_PUSHED = "ioc.api.live.messages.pushed";
    public static final String LIVE_UPDATES_COALESCED = "ioc.api.live.updates.coalesced";
    public static final String LIVE_CLIENTS_CLOSED_SLOW = "ioc.api.live.clients.closed.slow";
    public static final String HISTORY_POINTS_WRITTEN = "ioc.api.history.points.written";
    public static final String HISTORY_WRITES_FAILED = "ioc.api.history.writes.failed";
    public static final String LIVE_RECORDS_APPLIED = "ioc.api.live.records.applied";
    public static final String SIGNAL_PLANS = "ioc.api.signal.plans";

    public static final String TAG_ROUTE = "route";
    public static final String TAG_METHOD = "method";
    public static final String TAG_STATUS = "status";
    public static final String TAG_TRANSPORT = "transport";
    public static final String TAG_OUTCOME = "outcome";
}
