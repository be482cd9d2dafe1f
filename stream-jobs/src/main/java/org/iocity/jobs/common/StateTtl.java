package org.iocity.jobs.common;

import java.time.Duration;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * The one time-to-live of keyed state in the job: state of a key nobody wrote for this long is dropped. Expired values
 * are never returned and are removed when read, left out of full snapshots (so a restore drops them) and, on RocksDB,
 * removed by compaction. No incremental cleanup on every state access of the heap backend: it walked the state tables
 * on each access (mostly empty ones such as a raised flag) and cost about a tenth of the congestion job's CPU (see
 * BENCHMARKS.md); on the heap backend an expired value of a key never read again stays in memory until the next restore.
 */
public final class StateTtl {
    /** The time-to-live when {@code state.ttl} is not set. */
    public static final Duration DEFAULT = Duration.ofDays(1);

    private StateTtl() {}

    public static StateTtlConfig of(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .disableCleanupInBackground()
                .cleanupFullSnapshot()
                .cleanupInRocksdbCompactFilter(1000)
                .build();
    }

    /**
     * The same time-to-live without the heap backend's incremental cleanup, which copies a whole map state each time
     * it visits it: for large map states that event-time timers clear anyway. Expired entries are dropped when read
     * and left out of full snapshots.
     */
    public static StateTtlConfig withoutIncrementalCleanup(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .disableCleanupInBackground()
                .cleanupFullSnapshot()
                .build();
    }

    /** A keyed value state named {@code name} that lives {@link #of(Duration) ttl} after its last write. */
    public static <T> ValueState<T> value(RuntimeContext context, String name, Class<T> type, Duration ttl) {
        ValueStateDescriptor<T> d = new ValueStateDescriptor<>(name, type);
        d.enableTimeToLive(of(ttl));
        return context.getState(d);
    }
}
