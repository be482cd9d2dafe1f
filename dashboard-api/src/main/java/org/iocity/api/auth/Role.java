package org.iocity.api.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Who a token belongs to: operations staff, traffic engineers, leaders, administrators and the read-only wall. */
public enum Role {
    OPERATOR, ENGINEER, LEADER, ADMIN, WALL;

    /** Every role: what the read-only views (congestion, history, live) allow. */
    public static final Set<Role> ALL = Collections.unmodifiableSet(EnumSet.allOf(Role.class));

    /** The name used in the tokens file and in responses. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String s) {
        for (Role r : values()) {
            if (r.id().equals(s)) return Optional.of(r);
        }
        return Optional.empty();
    }
}
