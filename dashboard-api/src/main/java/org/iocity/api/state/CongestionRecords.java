package org.iocity.api.state;

import java.io.UncheckedIOException;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.Json;

/** Reads one record of {@code ioc.congestion}: a {@link CongestionResult} or the one-line reason it is unusable. */
public final class CongestionRecords {
    private CongestionRecords() {}

    /** Exactly one of {@code result} and {@code error} is set. */
    public record Parsed(CongestionResult result, String error) {}

    public static Parsed parse(byte[] value) {
        if (value == null || value.length == 0) return new Parsed(null, "empty value");
        CongestionResult r;
        try {
            r = Json.fromBytes(value, CongestionResult.class);
        } catch (UncheckedIOException e) {
            String m = e.getMessage() == null ? "not JSON" : e.getMessage();
            int nl = m.indexOf('\n');
            return new Parsed(null, nl < 0 ? m : m.substring(0, nl));
        } catch (RuntimeException e) {
            return new Parsed(null, "not a congestion result: " + e.getClass().getSimpleName());
        }
        if (r == null) return new Parsed(null, "null value");
        if (r.segmentId() == null || r.segmentId().isBlank()) return new Parsed(null, "no segmentId");
        if (r.windowEnd() == null) return new Parsed(null, "no windowEnd");
        if (r.los() == null) return new Parsed(null, "no los");
        return new Parsed(r, null);
    }
}
