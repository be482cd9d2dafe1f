package org.iocity.jobs.citizen;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.iocity.model.registry.WorkingCalendar;

/**
 * What one case is, folded from all its events in event-time order (so the order they arrived in does not matter):
 * received and resolved time, due time, the times it was reopened, and where it counts. Received is the first
 * {@code received}; resolved is the last {@code resolved} not followed by a {@code reopened}; the due time is the
 * latest one any event gave, else received + the default working days ({@link WorkingCalendar}); ward, agency and
 * category are the latest given.
 *
 * @param received epoch ms, or {@code null} when the case's {@code received} was never seen
 * @param resolved epoch ms, or {@code null} while open
 * @param due epoch ms, or {@code null} when neither given nor computable (no received)
 */
public record CaseSnapshot(String kind, String caseId, Long received, Long due, Long resolved, List<Long> reopened,
                           String category, String ward, String agency) implements java.io.Serializable {

    /** Same-time events apply received, then others, then resolved, then reopened. */
    static final Comparator<CaseEvent> ORDER = Comparator.comparingLong(CaseEvent::time)
            .thenComparingInt(e -> switch (e.type()) {
                case CaseEvent.RECEIVED -> 0;
                case CaseEvent.OTHER -> 1;
                case CaseEvent.RESOLVED -> 2;
                default -> 3;
            })
            .thenComparing(e -> e.eventId() == null ? "" : e.eventId());

    public static CaseSnapshot of(List<CaseEvent> events, WorkingCalendar calendar, int defaultDueWorkingDays) {
        List<CaseEvent> sorted = new ArrayList<>(events);
        sorted.sort(ORDER);
        Long received = null, due = null, resolved = null;
        List<Long> reopened = new ArrayList<>();
        String category = null, ward = null, agency = null;
        for (CaseEvent e : sorted) {
            switch (e.type()) {
                case CaseEvent.RECEIVED -> {
                    if (received == null) received = e.time();
                }
                case CaseEvent.RESOLVED -> resolved = e.time();
                case CaseEvent.REOPENED -> {
                    reopened.add(e.time());
                    resolved = null;
                }
                default -> { }
            }
            if (e.due() != null) due = e.due();
            if (e.category() != null) category = e.category();
            if (e.ward() != null) ward = e.ward();
            if (e.agency() != null) agency = e.agency();
        }
        if (due == null && received != null) {
            due = calendar.addWorkingDays(Instant.ofEpochMilli(received), defaultDueWorkingDays).toEpochMilli();
        }
        CaseEvent first = sorted.get(0);
        return new CaseSnapshot(first.kind(), first.caseId(), received, due, resolved, List.copyOf(reopened), category,
                ward, agency);
    }

    public boolean complaint() {
        return CaseEvent.COMPLAINT.equals(kind);
    }

    /** Resolved at or before the due time (a case with no due time is on time). */
    public boolean onTime() {
        return resolved != null && (due == null || resolved <= due);
    }

    /**
     * The areas the case counts in: the city, its ward, its agency and (complaints) its category and its ward's
     * category ({@code ward-category:<ward>/<category>}, for the worst categories of a ward's daily summary).
     */
    public List<Area> areas() {
        List<Area> out = new ArrayList<>(5);
        out.add(Area.CITY);
        if (ward != null) out.add(new Area(Area.WARD, ward));
        if (agency != null) out.add(new Area(Area.AGENCY, agency));
        if (category != null && complaint()) out.add(new Area(Area.CATEGORY, category));
        if (category != null && ward != null && complaint()) out.add(new Area(Area.WARD_CATEGORY, ward + "/" + category));
        return out;
    }

    /** An area of the KPIs. */
    public record Area(String type, String id) implements java.io.Serializable {
        public static final String CITY_TYPE = "city";
        public static final String WARD = "ward";
        public static final String AGENCY = "agency";
        public static final String CATEGORY = "category";
        public static final String WARD_CATEGORY = "ward-category";
        public static final Area CITY = new Area(CITY_TYPE, "city");

        public String key() {
            return type + ":" + id;
        }
    }
}
