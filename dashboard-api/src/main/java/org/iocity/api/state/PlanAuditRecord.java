package org.iocity.api.state;

import java.time.Instant;

/**
 * One entry of the audit trail ({@code ioc.audit}, keyed by signal id): who sent which plan to which controller, when,
 * and what the MQTT broker said.
 *
 * @param action  {@code signal.plan.set}
 * @param outcome {@code published} or {@code mqtt-unavailable}
 * @param detail  the broker's error when not published
 */
public record PlanAuditRecord(String id, String action, Instant time, String signalId, String actor, String role,
                              String mqttTopic, TimingPlan plan, String outcome, String detail) {
    public static final String ACTION = "signal.plan.set";
    public static final String PUBLISHED = "published";
    public static final String MQTT_UNAVAILABLE = "mqtt-unavailable";
}
