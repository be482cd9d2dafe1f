package org.iocity.model.records;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.iocity.model.kafka.Topics;

/**
 * One step in the life of a citizen complaint (1022 hotline, app, web), written to {@link Topics#COMPLAINTS} keyed by
 * {@code requestId}, so every step of one complaint stays in order on one partition. The intake writes
 * {@code received}; the back office writes the later steps. Each event carries what a KPI job needs without a join:
 * category, ward, agency, event time and due time (copied from the complaint when the back office leaves them out and
 * the intake knows them).
 *
 * @param eventId unique per event (de-duplication downstream)
 * @param requestId the Open311 {@code service_request_id}
 * @param type {@code received}, {@code assigned}, {@code in_progress}, {@code resolved}, {@code reopened}
 * @param eventTime when it happened (event time for windows and KPIs)
 * @param serviceCode the Open311 service code (category) of the complaint
 * @param category the group of the service code ({@code construction-order}, {@code environment}, …)
 * @param ward the registry ward id, when it is known
 * @param agency the agency responsible, once assigned
 * @param dueTime when the complaint must be resolved (received + the category's working days)
 * @param lat latitude, when given
 * @param lon longitude, when given
 * @param address the address as the citizen wrote it
 * @param description the citizen's text ({@code received} only)
 * @param mediaUrl a photo or video link
 * @param channel the name of the API key the event came through (app, hotline desk, back-office system)
 * @param note the back office's status note
 * @param contact the citizen's contact details, {@code received} only (personal data: keep topic retention short)
 * @param deviceId the citizen app's device id, when given
 * @param attributes the answers to the service definition's attributes (Open311 {@code attribute[code]=value}), in
 *        the definition's order, {@code received} only; several values for a {@code multivaluelist}. An array of
 *        records, not a map, so that Flink serializes it without Kryo ({@code NoGenericTypesTest})
 */
public record ComplaintEvent(
        String eventId,
        String requestId,
        String type,
        Instant eventTime,
        String serviceCode,
        String category,
        String ward,
        String agency,
        Instant dueTime,
        Double lat,
        Double lon,
        String address,
        String description,
        String mediaUrl,
        String channel,
        String note,
        Contact contact,
        String deviceId,
        Attributes attributes) {

    /** A complaint step without attribute answers (every back-office step, and requests of services without any). */
    public ComplaintEvent(String eventId, String requestId, String type, Instant eventTime, String serviceCode,
                          String category, String ward, String agency, Instant dueTime, Double lat, Double lon,
                          String address, String description, String mediaUrl, String channel, String note,
                          Contact contact, String deviceId) {
        this(eventId, requestId, type, eventTime, serviceCode, category, ward, agency, dueTime, lat, lon, address,
                description, mediaUrl, channel, note, contact, deviceId, null);
    }

    public static final String RECEIVED = "received";
    public static final String ASSIGNED = "assigned";
    public static final String IN_PROGRESS = "in_progress";
    public static final String RESOLVED = "resolved";
    public static final String REOPENED = "reopened";

    /** The lifecycle types the back office may send. */
    public static final java.util.List<String> LIFECYCLE = java.util.List.of(ASSIGNED, IN_PROGRESS, RESOLVED, REOPENED);

    /** The answer to one attribute of the service definition: its code and the value or values given. */
    public record AttributeAnswer(String code, String[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof AttributeAnswer a && java.util.Objects.equals(code, a.code) && java.util.Arrays.equals(values, a.values);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Objects.hashCode(code) + java.util.Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return code + "=" + java.util.Arrays.toString(values);
        }
    }

    /**
     * The answers of one complaint, written as a JSON array of {@link AttributeAnswer}; compared by content (an array
     * component alone would make two equal events unequal).
     */
    public record Attributes(AttributeAnswer[] answers) {
        @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
        public Attributes {
            answers = answers == null ? new AttributeAnswer[0] : answers;
        }

        @com.fasterxml.jackson.annotation.JsonValue
        @Override
        public AttributeAnswer[] answers() {
            return answers;
        }

        /** The answers by code, in their order. */
        public java.util.Map<String, java.util.List<String>> byCode() {
            java.util.Map<String, java.util.List<String>> m = new java.util.LinkedHashMap<>();
            for (AttributeAnswer a : answers) m.put(a.code(), java.util.List.of(a.values()));
            return m;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Attributes a && java.util.Arrays.equals(answers, a.answers);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(answers);
        }

        @Override
        public String toString() {
            return java.util.Arrays.toString(answers);
        }
    }

    /** The attribute answers by code, in their order (empty when there are none). */
    public java.util.Map<String, java.util.List<String>> attributeAnswers() {
        return attributes == null ? java.util.Map.of() : attributes.byCode();
    }

    /** The citizen's contact details; {@code accountId} is the Open311 {@code account_id} of the citizen's app account. */
    public record Contact(String email, String phone, String firstName, String lastName, String accountId) {
        public Contact(String email, String phone, String firstName, String lastName) {
            this(email, phone, firstName, lastName, null);
        }
    }

    /** Open311 status after this event: {@code closed} once resolved, else {@code open}. */
    public String status() {
        return RESOLVED.equals(type) ? "closed" : "open";
    }

    /** A lifecycle type in its canonical form ({@code in-progress} and {@code IN_PROGRESS} are {@code in_progress}). */
    public static Optional<String> lifecycleType(String raw) {
        if (raw == null) return Optional.empty();
        String t = raw.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return LIFECYCLE.contains(t) ? Optional.of(t) : Optional.empty();
    }
}
