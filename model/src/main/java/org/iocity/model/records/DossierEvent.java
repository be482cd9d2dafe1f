package org.iocity.model.records;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.iocity.model.kafka.Topics;

/**
 * One step of an administrative-procedure dossier (one-stop shop), written to {@link Topics#DOSSIERS} keyed by
 * {@code dossierId}. A KPI job counts dossiers resolved on time per ward and agency: a {@code resolved} event is on
 * time when {@code eventTime <= dueTime}.
 *
 * @param eventId unique per event
 * @param dossierId the dossier's id in the back-office system
 * @param procedureCode the administrative procedure
 * @param ward the registry ward id
 * @param agency the agency handling it
 * @param type {@code submitted}, {@code accepted}, {@code resolved}, {@code returned}
 * @param eventTime when it happened
 * @param dueTime when the dossier must be resolved, when the back office gives it
 * @param channel the name of the API key the event came through
 * @param note free text
 */
public record DossierEvent(
        String eventId,
        String dossierId,
        String procedureCode,
        String ward,
        String agency,
        String type,
        Instant eventTime,
        Instant dueTime,
        String channel,
        String note) {

    public static final List<String> TYPES = List.of("submitted", "accepted", "resolved", "returned");

    public static Optional<String> type(String raw) {
        if (raw == null) return Optional.empty();
        String t = raw.strip().toLowerCase(Locale.ROOT);
        return TYPES.contains(t) ? Optional.of(t) : Optional.empty();
    }
}
