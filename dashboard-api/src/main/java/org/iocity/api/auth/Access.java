package org.iocity.api.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The role model: which roles may read, act or administer. Each route of the service names one of these sets in its
 * row of the route table ({@code org.iocity.api.Routes}); {@link Role#ADMIN} is in every set.
 */
public final class Access {
    private Access() {}

    /** Read-only views: every role, the wall included. */
    public static final Set<Role> READ = Role.ALL;
    /** Sending timing plans to controllers. */
    public static final Set<Role> SIGNAL_PLANS = Collections.unmodifiableSet(EnumSet.of(Role.ENGINEER, Role.ADMIN));
    /** History of past results: staff, not the wall. */
    public static final Set<Role> HISTORY = Collections.unmodifiableSet(
            EnumSet.of(Role.OPERATOR, Role.ENGINEER, Role.LEADER, Role.ADMIN));
    /** Acknowledging alerts: the operations desk and engineers. */
    public static final Set<Role> ALERT_ACK = Collections.unmodifiableSet(EnumSet.of(Role.OPERATOR, Role.ENGINEER, Role.ADMIN));
    /** Signal performance: engineers and the operations desk. */
    public static final Set<Role> SIGNAL_PERFORMANCE = Collections.unmodifiableSet(
            EnumSet.of(Role.OPERATOR, Role.ENGINEER, Role.ADMIN));
    /** The leaders' daily report: staff, not the wall (which shows the summaries on its kpi channel). */
    public static final Set<Role> REPORTS = HISTORY;
    public static final Set<Role> ADMIN_ONLY = Collections.unmodifiableSet(EnumSet.of(Role.ADMIN));
}
