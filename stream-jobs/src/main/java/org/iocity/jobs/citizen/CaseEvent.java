package org.iocity.jobs.citizen;

import java.time.Instant;
import org.iocity.model.records.ComplaintEvent;
import org.iocity.model.records.DossierEvent;

/**
 * One step of a case, a complaint or a dossier, in the one shape the KPI job counts: {@link #RECEIVED} (complaint
 * {@code received}, dossier {@code submitted}), {@link #RESOLVED}, {@link #REOPENED} or {@link #OTHER} (assigned,
 * in progress, accepted, returned: they only carry ward, agency and due time forward). Dossiers have no category
 * (procedures are not complaint groups), so they count for the city, their ward and their agency.
 */
public record CaseEvent(String kind, String caseId, String eventId, String type, long time, Long due, String category,
                        String ward, String agency) {
    public static final String COMPLAINT = "complaint";
    public static final String DOSSIER = "dossier";
    public static final String RECEIVED = "received";
    public static final String RESOLVED = "resolved";
    public static final String REOPENED = "reopened";
    public static final String OTHER = "other";

    public static CaseEvent of(ComplaintEvent e) {
        String type = switch (e.type()) {
            case ComplaintEvent.RECEIVED -> RECEIVED;
            case ComplaintEvent.RESOLVED -> RESOLVED;
            case ComplaintEvent.REOPENED -> REOPENED;
            default -> OTHER;
        };
        return new CaseEvent(COMPLAINT, e.requestId(), e.eventId(), type, e.eventTime().toEpochMilli(), millis(e.dueTime()),
                e.category(), e.ward(), e.agency());
    }

    public static CaseEvent of(DossierEvent e) {
        String type = switch (e.type()) {
            case "submitted" -> RECEIVED;
            case "resolved" -> RESOLVED;
            default -> OTHER;
        };
        return new CaseEvent(DOSSIER, e.dossierId(), e.eventId(), type, e.eventTime().toEpochMilli(), millis(e.dueTime()),
                null, e.ward(), e.agency());
    }

    /** The key of the case: {@code complaint:<id>} or {@code dossier:<id>}. */
    public String key() {
        return kind + ":" + caseId;
    }

    public Instant eventTime() {
        return Instant.ofEpochMilli(time);
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }
}
