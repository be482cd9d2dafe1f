package org.iocity.api.state;

import java.time.Instant;

/**
 * An operator's acknowledgement of an alert, appended to the audit topic {@code ioc.audit} (keyed by alert id) and
 * read back from it on start, so acknowledgements survive a restart.
 *
 * @param action always {@link #ACTION}
 * @param alertId the {@code Alert.id} acknowledged
 * @param note optional free text from the operator
 */
public record AlertAck(String action, String alertId, Instant time, String actor, String role, String note) {
    public static final String ACTION = "alert.ack";
}
