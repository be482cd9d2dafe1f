package org.iocity.model.records;

import java.time.Instant;
import org.iocity.model.kafka.Topics;

/**
 * An operator alert, written to {@link Topics#ALERTS} keyed by {@code kind:entity}. An alert is raised once and
 * cleared once; both records carry the same {@code id}, so a consumer pairs them.
 *
 * @param id {@code kind:entity:since-epoch-ms}, the same for the raise and the clear
 * @param kind {@link #CONGESTION}, {@link #DEVICE_SILENT}, {@link #COMPLAINT_HOTSPOT}, {@link #FLOOD} or
 *             {@link #DEVICE_OFFLINE}
 * @param entity the segment id or device id (sensor for a flood); for a hot spot the heatmap key
 *               {@code areaType:area:category}
 * @param severity {@code warning} or {@code critical}
 * @param state {@link #RAISED} or {@link #CLEARED}
 * @param since event time the condition began (segment first at E/F; device's last observation; the first reading
 *              over the flood threshold; the offline status)
 * @param at event time of this record (raise or clear)
 * @param detail one human-readable line
 */
public record Alert(String id, String kind, String entity, String ward, String severity, String state, Instant since,
                    Instant at, String detail) {
    public static final String CONGESTION = "congestion";
    public static final String DEVICE_SILENT = "device-silent";
    public static final String COMPLAINT_HOTSPOT = "complaint-hotspot";
    /** A water-level sensor over the flood threshold (per reading, no window). */
    public static final String FLOOD = "flood";
    /** A device whose status is {@code offline} (its last will, or a clean stop), until it is {@code online} again. */
    public static final String DEVICE_OFFLINE = "device-offline";
    public static final String RAISED = "raised";
    public static final String CLEARED = "cleared";
    public static final String WARNING = "warning";
    public static final String CRITICAL = "critical";

    public static Alert raised(String kind, String entity, String ward, String severity, Instant since, Instant at,
                               String detail) {
        return new Alert(id(kind, entity, since), kind, entity, ward, severity, RAISED, since, at, detail);
    }

    public static Alert cleared(String kind, String entity, String ward, String severity, Instant since, Instant at,
                                String detail) {
        return new Alert(id(kind, entity, since), kind, entity, ward, severity, CLEARED, since, at, detail);
    }

    static String id(String kind, String entity, Instant since) {
        return kind + ":" + entity + ":" + since.toEpochMilli();
    }

    /** The Kafka key: all records about one entity stay in order on one partition. */
    public String key() {
        return kind + ":" + entity;
    }
}
