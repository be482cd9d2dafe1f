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
}
