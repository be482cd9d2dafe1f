package org.iocity.jobs.citizen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The flow counts of one area on one day (a Flink POJO): cases received, resolved, resolved on time and reopened
 * that day, and the time to resolve of each complaint resolved that day (ms, kept whole and sorted so the median and
 * the 90th percentile are exact and cheap).
 */
public class DayCounts {
    public long complaintsReceived;
    public long complaintsResolved;
    public long complaintsResolvedOnTime;
    public long complaintsReopened;
    public long dossiersReceived;
    public long dossiersResolved;
    public long dossiersResolvedOnTime;
    public List<Long> resolveMillis = new ArrayList<>();

    public DayCounts() {}

    boolean empty() {
        return complaintsReceived == 0 && complaintsResolved == 0 && complaintsResolvedOnTime == 0
                && complaintsReopened == 0 && dossiersReceived == 0 && dossiersResolved == 0
                && dossiersResolvedOnTime == 0 && resolveMillis.isEmpty();
    }

    /** The median in hours: the middle value, or the mean of the two middle ones; {@code null} when none. */
    public Double medianHours() {
        int n = resolveMillis.size();
        if (n == 0) return null;
        List<Long> s = resolveMillis;
        double ms = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
        return ms / 3_600_000.0;
    }

    /** The 90th percentile in hours, by nearest rank (the ⌈0.9·n⌉-th smallest); {@code null} when none. */
    public Double p90Hours() {
        int n = resolveMillis.size();
        if (n == 0) return null;
        int rank = (int) Math.ceil(0.9 * n);
        return resolveMillis.get(rank - 1) / 3_600_000.0;
    }

    /** Adds a time to resolve, keeping the list sorted. */
    void addResolve(long ms) {
        int i = Collections.binarySearch(resolveMillis, ms);
        resolveMillis.add(i < 0 ? -i - 1 : i, ms);
    }

    /** Removes one occurrence of a time to resolve. */
    void removeResolve(long ms) {
        int i = Collections.binarySearch(resolveMillis, ms);
        if (i >= 0) resolveMillis.remove(i);
    }
}
