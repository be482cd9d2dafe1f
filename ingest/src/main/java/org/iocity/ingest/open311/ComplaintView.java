package org.iocity.ingest.open311;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.iocity.model.records.ComplaintEvent;

/**
 * The current status of recent complaints, for GeoReport's {@code GET requests}, {@code GET requests/{id}} and
 * {@code GET tokens/{token}}: fed by the intake's own acknowledged writes and by a consumer of {@code ioc.complaints}
 * read from the beginning on start (so it is rebuilt after a restart, and back-office events from anywhere show up).
 * Each event is applied once, in Kafka offset order per complaint (all events of one complaint share a partition): an
 * event at an offset not past the one already applied is ignored. Bounded: the least recently changed complaints are
 * dropped first. A request's token is the event id of its {@code received} event (in Kafka, so it survives a restart).
 */
final class ComplaintView {

    /** A complaint as last seen. */
    record Status(String requestId, String serviceCode, String category, String ward, String agency, String status,
                  String statusNotes, String description, String address, Double lat, Double lon, String mediaUrl,
                  Instant requested, Instant updated, Instant dueTime, String token, int partition, long offset) {}

    /** One page of {@link #query}: the requests on it, newest first, and how many matched in all. */
    record Page(List<Status> items, int total) {}

    private final Map<String, Status> byId;
    private final Map<String, String> idByToken = new HashMap<>();

    ComplaintView(int maxSize) {
        this.byId = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Status> eldest) {
                boolean full = size() > maxSize;
                if (full && eldest.getValue().token() != null) idByToken.remove(eldest.getValue().token());
                return full;
            }
        };
    }

    /** The request a token was issued for. */
    synchronized Optional<String> requestIdOfToken(String token) {
        return Optional.ofNullable(idByToken.get(token));
    }

    /**
     * The requests {@code q} asks for, newest requested first (requests by id in the order asked), one page of them.
     * Only the filtering holds the lock; the sort runs on the copy.
     */
    Page query(RequestQuery q) {
        List<Status> all;
        synchronized (this) {
            all = !q.ids().isEmpty() ? q.ids().stream().map(byId::get).filter(Objects::nonNull).toList()
                    : byId.values().stream().filter(s -> q.matches(s.requestId(), s.serviceCode(), s.status(), s.requested())).toList();
        }
        if (q.ids().isEmpty()) {
            all = all.stream().sorted(Comparator.comparing(Status::requested).reversed().thenComparing(Status::requestId)).toList();
        }
        return new Page(all.stream().skip(q.offset()).limit(q.pageSize()).toList(), all.size());
    }

    synchronized Optional<Status> get(String requestId) {
        return Optional.ofNullable(byId.get(requestId));
    }

    synchronized int size() {
        return byId.size();
    }

    /** Applies an event read at {@code partition}/{@code offset}; returns false when it was already applied. */
    synchronized boolean apply(ComplaintEvent e, int partition, long offset) {
        Status old = byId.get(e.requestId());
        if (old != null && old.partition() == partition && offset <= old.offset()) return false;
        boolean received = ComplaintEvent.RECEIVED.equals(e.type());
        Status s = new Status(e.requestId(),
                pick(e.serviceCode(), old == null ? null : old.serviceCode()),
                pick(e.category(), old == null ? null : old.category()),
                pick(e.ward(), old == null ? null : old.ward()),
                pick(e.agency(), old == null ? null : old.agency()),
                e.status(),
                received ? null : pick(e.note(), old == null ? null : old.statusNotes()),
                pick(e.description(), old == null ? null : old.description()),
                pick(e.address(), old == null ? null : old.address()),
                pick(e.lat(), old == null ? null : old.lat()),
                pick(e.lon(), old == null ? null : old.lon()),
                pick(e.mediaUrl(), old == null ? null : old.mediaUrl()),
                received ? e.eventTime() : old == null ? null : old.requested(),
                e.eventTime(),
                pick(e.dueTime(), old == null ? null : old.dueTime()),
                received ? e.eventId() : old == null ? null : old.token(),
                partition, offset);
        byId.remove(e.requestId());
        byId.put(e.requestId(), s);
        if (s.token() != null) idByToken.put(s.token(), s.requestId());
        return true;
    }

    private static <T> T pick(T now, T before) {
        return now != null ? now : before;
    }
}
