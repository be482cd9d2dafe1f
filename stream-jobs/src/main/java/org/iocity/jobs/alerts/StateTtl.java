package org.iocity.jobs.alerts;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;

/** The one time-to-live of keyed state in the job: state of a key nobody wrote for this long is dropped. */
public final class StateTtl {
    private StateTtl() {}

    public static StateTtlConfig of(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
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
}
