package org.iocity.api.live;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.iocity.api.auth.Access;
import org.iocity.api.auth.Role;

/** Who may subscribe to which live channel: the live side of {@link Access}. */
public final class ChannelAccess {
    private ChannelAccess() {}

    /** The live intersection channels: signal performance's roles and the wall. */
    public static final Set<Role> INTERSECTION_CHANNEL = Collections.unmodifiableSet(
            EnumSet.of(Role.OPERATOR, Role.ENGINEER, Role.ADMIN, Role.WALL));

    /**
     * Who may subscribe to a live channel, like the REST route of the same data: the read views (congestion, areas,
     * heatmap, sensors, kpi, alerts, devices) for every role; {@code intersection:<id>} for the roles of signal
     * performance and the wall (the wall page carries the engineers' intersection view), not for leaders. Null for a
     * channel that does not exist.
     */
    public static Set<Role> channelRoles(String channel) {
        if (LiveProtocol.CHANNELS.contains(channel)) return Access.READ;
        if (LiveProtocol.intersectionOf(channel) != null) return INTERSECTION_CHANNEL;
        return null;
    }
}
