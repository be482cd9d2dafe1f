package org.iocity.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.iocity.jobs.alerts.AlertsPipeline;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.junit.jupiter.api.Test;

/**
 * The whole job graph builds, every operator has a stable, unique uid (so savepoints survive changes), and the
 * per-event alerts' records wait no longer than their buffer timeout at any exchange on their way.
 */
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
        assertFalse(env.getConfig().isObjectReuseEnabled(), "object reuse is off unless set");
    }

    @Test
    void checkpointsAreRetainedOnCancellationUnlessTheSettingSaysOtherwise() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamJobsMain.defineJob(env, IocConfig.of(Map.of("kafka.bootstrap", "127.0.0.1:9")));
        assertEquals(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION,
                env.getCheckpointConfig().getExternalizedCheckpointRetention());
        StreamExecutionEnvironment deleting = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamJobsMain.defineJob(deleting, IocConfig.of(Map.of("kafka.bootstrap", "127.0.0.1:9",
                "flink.checkpoint.retention", "delete_on_cancellation")));
        assertEquals(ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION,
                deleting.getCheckpointConfig().getExternalizedCheckpointRetention());
        ConfigException bad = assertThrows(ConfigException.class, () -> StreamJobsMain.defineJob(
                StreamExecutionEnvironment.getExecutionEnvironment(),
                IocConfig.of(Map.of("kafka.bootstrap", "127.0.0.1:9", "flink.checkpoint.retention", "keep"))));
        assertTrue(bad.getMessage().startsWith("bad setting flink.checkpoint.retention=keep (or IOC_FLINK_CHECKPOINT_RETENTION)"),
                bad.getMessage());
        assertFalse(bad.getMessage().contains("\n"));
    }

    @Test
    void onAClusterTheSettingsParallelismAppliesUnlessTheSubmissionGaveOne() {
        Configuration none = new Configuration();
        Configuration imageDefault = conf(1); // parallelism.default in the client's config.yaml of Flink's image
        // flink run without -p, with or without a client config.yaml: the setting
        assertEquals(2, StreamJobsMain.parallelism(none, none, 2));
        assertEquals(2, StreamJobsMain.parallelism(imageDefault, imageDefault, 2));
        assertEquals(6, StreamJobsMain.parallelism(conf(-1), none, 6));
        // flink run -p 4 (or -Dparallelism.default=4): the submission wins
        assertEquals(4, StreamJobsMain.parallelism(conf(4), imageDefault, 2));
        assertEquals(4, StreamJobsMain.parallelism(conf(4), none, 2));
        assertEquals(1, StreamJobsMain.parallelism(conf(1), none, 2));
    }

    private static Configuration conf(int parallelism) {
        Configuration c = new Configuration();
        c.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        return c;
    }

    @Test
    void objectReuseIsASettingAndABadValueIsRefusedInOneLine() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamJobsMain.defineJob(env, IocConfig.of(Map.of("kafka.bootstrap", "127.0.0.1:9", "flink.object.reuse", "true")));
        assertTrue(env.getConfig().isObjectReuseEnabled());
        ConfigException bad = assertThrows(ConfigException.class, () -> StreamJobsMain.defineJob(
                StreamExecutionEnvironment.getExecutionEnvironment(),
                IocConfig.of(Map.of("kafka.bootstrap", "127.0.0.1:9", "flink.object.reuse", "sometimes"))));
        assertEquals("bad setting flink.object.reuse=sometimes (from explicit values or IOC_FLINK_OBJECT_REUSE): expected "
                + "true or false", bad.getMessage());
    }

    @Test
    void everyExchangeOnThePerEventAlertPathFlushesWithinThePerEventTimeout() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamJobsMain.defineJob(env, IocConfig.of(Map.of("kafka.bootstrap", "127.0.0.1:9")));
        StreamGraph graph = env.getStreamGraph();
        long limit = AlertsPipeline.PER_EVENT_BUFFER_TIMEOUT.toMillis();
        List<String> checked = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            String uid = String.valueOf(node.getTransformationUID());
            if (!uid.equals("flood-alerts") && !uid.equals("device-offline-alerts") && !uid.startsWith("per-event-alerts-sink")) continue;
            for (StreamEdge in : node.getInEdges()) {
                String from = graph.getStreamNode(in.getSourceId()).getOperatorName();
                assertTrue(in.getBufferTimeout() >= 0 && in.getBufferTimeout() <= limit,
                        from + " -> " + node.getOperatorName() + " flushes every " + in.getBufferTimeout() + " ms");
                checked.add(from + " -> " + uid);
            }
        }
        // the water readings and the statuses into their functions, both functions into the sink
        assertEquals(4, checked.size(), checked.toString());
    }
}
