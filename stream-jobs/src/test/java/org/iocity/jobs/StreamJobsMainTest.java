package org.iocity.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.iocity.model.IocConfig;
import org.junit.jupiter.api.Test;

/** The whole job graph builds, and every operator has a stable, unique uid (so savepoints survive changes). */
class StreamJobsMainTest {

    @Test
    void everyOperatorOfTheJobHasAUniqueUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamJobsMain.defineJob(env, IocConfig.of(Map.of("kafka.bootstrap", "127.0.0.1:9")));
        Set<String> uids = new HashSet<>();
        Set<Transformation<?>> all = new HashSet<>();
        env.getTransformations().forEach(t -> all.addAll(t.getTransitivePredecessors()));
        for (Transformation<?> t : all) {
            // side outputs, partitioning and unions are not operators: they carry no state and need no uid
            String kind = t.getClass().getSimpleName();
            if (kind.equals("SideOutputTransformation") || kind.equals("PartitionTransformation")
                    || kind.equals("UnionTransformation")) continue;
            assertNotNull(t.getUid(), "operator without uid: " + t.getName() + " (" + kind + ")");
            assertTrue(uids.add(t.getUid()), "uid used twice: " + t.getUid());
        }
        assertTrue(uids.containsAll(Set.of("traffic-observations-source", "congestion-segment-slides", "congestion-sink",
                "late-events-sink", "deadletter-sink", "area-congestion-sink", "alerts-sink", "congestion-alerts",
                "device-silence-alerts", "signal-events-source", "signal-performance", "signal-bins-sink",
                "signal-cycles-sink", "complaints-source", "dossiers-source", "complaint-heatmap", "service-cases",
                "service-kpi", "daily-summary", "heatmap-sink", "kpi-sink", "daily-summary-sink", "hotspot-alerts-sink",
                "citizen-late-events-sink", "citizen-deadletter-sink", "env-readings-source", "device-status-source",
                "flood-alerts", "device-offline-alerts", "per-event-alerts-sink")), uids.toString());
        assertEquals(1, env.getCheckpointConfig().getMaxConcurrentCheckpoints());
    }
}
