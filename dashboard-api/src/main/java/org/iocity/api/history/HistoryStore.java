package org.iocity.api.history;

import java.util.List;
import java.util.Map;

/** Where result history is read from (InfluxDB in the service, a fixed answer in tests). Calls block. */
public interface HistoryStore {

    /** One bucket per row, oldest first: {@code time} (ISO-8601) the aggregated fields present in it and the
     * tags the bucket is grouped by (e.g. {@code phase}). */
    List<Map<String, Object>> history(HistoryQuery query) throws UnavailableException;

    /** Whether the store answers now. */
    boolean ping();

    /** The store cannot be reached or failed: a 503 for the caller. */
    final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        public UnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}
