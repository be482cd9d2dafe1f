package org.iocity.api.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The 5-minute buckets of a written batch whose continuous query may already have run, so that their means in the
 * {@code long} policy would otherwise stay without the batch's points: late results, results replayed from Kafka,
 * a batch held while InfluxDB was down. InfluxDB 1.x runs a continuous query once per bucket, when the bucket ends,
 * over that bucket only; it never looks back. For those buckets the writer runs the continuous query's own
 * {@code SELECT ... INTO} over the buckets' time range after the raw points are written, which overwrites the means
 * with the same series and timestamps (idempotent, whatever the continuous query does later).
 *
 * <p>One instance per batch: {@link #add} each point's measure and time, then {@link #statements}.
 */
final class LongPolicyBackfill {
    /**
     * A bucket counts as possibly already downsampled when it ends before the time the write was acknowledged plus
     * this margin. Its continuous query runs once the bucket has ended and sees every point acknowledged before, so
     * only the clocks of this service and InfluxDB differing needs a margin. (It was 30 s: then at ten times the city
     * every batch of the last 30 s of each bucket downsampled the whole bucket again, and InfluxDB spent a third of a
     * core and 700 MiB on it; BENCHMARKS.md.)
     */
    static final long MARGIN_MS = 2_000;
    private static final long BUCKET_MS = HistoryQuery.DOWNSAMPLED.toMillis();

    /** Per measure, the earliest and latest point time of the batch (ms). */
    private final Map<HistoryMeasure, long[]> spans = new EnumMap<>(HistoryMeasure.class);

    void add(HistoryMeasure measure, Instant time) {
        long t = time.toEpochMilli();
        spans.merge(measure, new long[] {t, t}, (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
    }

    boolean isEmpty() {
        return spans.isEmpty();
    }

    /**
     * One {@code SELECT ... INTO} per measure with points in buckets that ended before {@code now} plus the margin,
     * over those buckets: from the start of the earliest point's bucket to the end of the last such bucket.
     */
    List<String> statements(String database, Instant now) {
        long closedBefore = Math.floorDiv(now.toEpochMilli() + MARGIN_MS, BUCKET_MS) * BUCKET_MS;
        List<String> out = new ArrayList<>();
        spans.forEach((m, span) -> {
            long from = Math.floorDiv(span[0], BUCKET_MS) * BUCKET_MS;
            long to = Math.min(Math.floorDiv(span[1], BUCKET_MS) * BUCKET_MS + BUCKET_MS, closedBefore);
            if (from < to) out.add(downsample(database, m, "time >= " + from + "ms AND time < " + to + "ms"));
        });
        return out;
    }

    /**
     * The continuous query's body for one measure: 5-minute means of the raw series into the long policy, grouped by
     * every tag; {@code where} limits it to a time range (none in the continuous query itself).
     */
    static String downsample(String database, HistoryMeasure m, String where) {
        return "SELECT " + m.selectList() + " INTO \"" + database + "\".\"" + InfluxHistory.LONG + "\".\"" + m.measurement
                + "\" FROM \"" + database + "\".\"" + InfluxHistory.RAW + "\".\"" + m.measurement + "\""
                + (where == null ? "" : " WHERE " + where) + " GROUP BY time(" + HistoryQuery.DOWNSAMPLED.toSeconds()
                + "s), *";
    }
}
