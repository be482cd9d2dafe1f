package org.iocity.system.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Latency samples in milliseconds, kept whole (a run has thousands, not millions): count, p50, p99, max. */
final class Latencies {
    private final List<Long> ms = new ArrayList<>();

    synchronized void add(long millis) {
        ms.add(millis);
    }

    synchronized int count() {
        return ms.size();
    }

    /** The q-quantile (nearest rank), -1 without samples. */
    synchronized long quantile(double q) {
        if (ms.isEmpty()) return -1;
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(q * sorted.size()) - 1)));
    }

    /** {@code n=…, p50 … ms, p99 … ms, max … ms}, or {@code no samples}. */
    String summary() {
        if (count() == 0) return "no samples";
        return String.format(Locale.ROOT, "n=%d, p50 %d ms, p99 %d ms, max %d ms", count(), quantile(0.5), quantile(0.99),
                quantile(1.0));
    }
}
