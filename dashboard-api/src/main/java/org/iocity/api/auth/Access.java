package org.iocity.api.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who may call what: one row per endpoint (method and route path as the router and {@code /openapi.json} spell it),
 * each with the roles allowed. The router takes its guards from here, the tests walk every row × every role, and the
 * README shows the same table. {@link Role#ADMIN} is in every row.
 */
public final class Access {
    private Access() {}

    /** Read-only views: every role, the wall included. */
    public static final Set<Role> READ = Role.ALL;
    /** Sending timing plans to controllers. */
    static final Set<Role> SIGNAL_PLANS = Collections.unmodifiableSet(EnumSet.of(Role.ENGINEER, Role.ADMIN));
    /** History of past results: staff, not the wall. */
    static final Set<Role> HISTORY = Collections.unmodifiableSet(
            EnumSet.of(Role.OPERATOR, Role.ENGINEER, Role.LEADER, Role.ADMIN));
    /** Acknowledging alerts: the operations desk and engineers. */
    static final Set<Role> ALERT_ACK = Collections.unmodifiableSet(EnumSet.of(Role.OPERATOR, Role.ENGINEER, Role.ADMIN));
    /** Signal performance: engineers and the operations desk. */
    static final Set<Role> SIGNAL_PERFORMANCE = Collections.unmodifiableSet(
            EnumSet.of(Role.OPERATOR, Role.ENGINEER, Role.ADMIN));
    /** The leaders' daily report: staff, not the wall (which shows the summaries on its kpi channel). */
    static final Set<Role> REPORTS = HISTORY;
    static final Set<Role> ADMIN_ONLY = Collections.unmodifiableSet(EnumSet.of(Role.ADMIN));

    /** {@code "METHOD path"} → roles, for the endpoints that need a token. */
    public static final Map<String, Set<Role>> TABLE;

    static {
        Map<String, Set<Role>> t = new LinkedHashMap<>();
        t.put("GET /api/v1/congestion", READ);
        t.put("GET /api/v1/congestion/areas", READ);
        t.put("GET /api/v1/sensors", READ);
        t.put("GET /api/v1/live", READ);
        t.put("GET /api/v1/live/sse", READ);
        t.put("GET /api/v1/whoami", READ);
        t.put("GET /api/v1/alerts", READ);
        t.put("POST /api/v1/alerts/:id/ack", ALERT_ACK);
        t.put("GET /api/v1/heatmap", READ);
        t.put("GET /api/v1/kpis", READ);
        t.put("GET /api/v1/devices", READ);
        t.put("GET /api/v1/reports/daily", REPORTS);
        t.put("GET /api/v1/history/:measure", HISTORY);
        t.put("GET /api/v1/signals/:id/performance", SIGNAL_PERFORMANCE);
        t.put("GET /api/v1/signals/:id/plans/compare", SIGNAL_PLANS);
        t.put("GET /api/v1/signals/:id/plans", SIGNAL_PLANS);
        t.put("POST /api/v1/signals/:id/plans", SIGNAL_PLANS);
        t.put("GET /api/v1/admin/status", ADMIN_ONLY);
        t.put("GET /metrics", ADMIN_ONLY);
        TABLE = Collections.unmodifiableMap(t);
    }

    /** Endpoints that need no token: health for load balancers, the document and the wall page (its data needs one). */
    public static final Set<String> PUBLIC = Set.of("GET /health", "GET /openapi.json", "GET /", "GET /wall");

    public static Set<Role> roles(String method, String path) {
        Set<Role> r = TABLE.get(method + " " + path);
        if (r == null) throw new IllegalArgumentException("no access rule for " + method + " " + path);
        return r;
    }
}
