package org.iocity.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.Alert;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.DeadLetter;
import org.iocity.model.records.EnvReading;
import org.iocity.model.records.Json;
import org.iocity.model.records.VehicleCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job from injected sources and sinks, as main builds it but without Kafka: finite raw records in (so the
 * final watermark closes every window), every output collected, on a MiniCluster at parallelism 2.
 */
class JobOnFiniteInputsTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** A minute boundary two hours ago: the congestion windows (5 min, sliding by 30 s) align with it. */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(2, ChronoUnit.HOURS);

    /** Each topic's records as a finite stream (at least one record each: Flink's collection source needs one). */
    record FiniteSources(Map<String, List<byte[]>> records) implements JobSources {
        @Override
        public DataStream<byte[]> read(StreamExecutionEnvironment env, String topic) {
            return env.fromData(records.get(topic), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                    .name(JobSources.name(topic)).uid(JobSources.name(topic) + "-source");
        }
    }

    /** Every output collected (by its sink uid), read once the job has finished. */
    static final class CollectingSinks implements JobSinks {
        final Map<String, CloseableIterator<?>> byUid = new HashMap<>();

        @Override
        public <T> void write(DataStream<T> results, JobOutput<T> output) {
            byUid.put(output.uid(), results.collectAsync());
        }

        @SuppressWarnings("unchecked")
        <T> List<T> of(JobOutput<T> output) {
            List<T> out = new ArrayList<>();
            ((CloseableIterator<T>) byUid.get(output.uid())).forEachRemaining(out::add);
            return out;
        }
    }

    static CameraObservation observation(long atSec, long vehicles) {
        return new CameraObservation("cam-1", atSec, T0.plusSeconds(atSec), T0.plusSeconds(atSec), "seg-1", "sai-gon", 40,
                10, vehicles, new VehicleCounts(vehicles - vehicles / 5, vehicles / 5, 0, 0, 0), 30, 0.2);
    }

    /** The topics of {@code dead} (each once: a second letter from the same topic fails the test). */
    static Set<String> topics(List<DeadLetter> dead) {
        Set<String> topics = new HashSet<>();
        dead.forEach(d -> assertTrue(topics.add(d.topic()), dead.toString()));
        return topics;
    }

    @Test
    @Timeout(120)
    void theWholeJobRunsOnFiniteSourcesIntoCollectingSinks() throws Exception {
        // one unreadable record on every raw topic, which its dead-letter output must carry
        Map<String, List<byte[]>> records = new HashMap<>();
        for (String topic : Topics.RAW) {
            records.put(topic, new ArrayList<>(List.of(("not json from " + topic).getBytes(StandardCharsets.UTF_8))));
        }
        for (long s = 0; s < 120; s += 10) records.get(Topics.TRAFFIC_OBSERVATIONS).add(Json.toBytes(observation(s, 20)));
        EnvReading flooding = new EnvReading("water-1", 1, T0.plusSeconds(5), T0.plusSeconds(5), "water", "sai-gon",
                10.77, 106.70, null, null, null, 50.0, null);
        records.get(Topics.ENV_READINGS).add(Json.toBytes(flooding));
        JobSources sources = new FiniteSources(records);
        CollectingSinks sinks = new CollectingSinks();

        Configuration noRestarts = new Configuration(); // a failure ends the test instead of restarting forever
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noRestarts);
        env.setParallelism(2);
        StreamJobsMain.defineJob(env, JobSettings.from(IocConfig.of(Map.of())), sources, sinks);
        assertEquals(JobOutput.ALL.stream().map(JobOutput::uid).collect(Collectors.toSet()), sinks.byUid.keySet(),
                "every output of the job is handed to the sinks");
        env.execute("job-on-finite-inputs");

        assertEquals(Set.of(Topics.TRAFFIC_OBSERVATIONS, Topics.SIGNAL_EVENTS, Topics.ENV_READINGS, Topics.DEVICE_STATUS),
                topics(sinks.of(JobOutput.DEAD_LETTERS)));
        assertEquals(Set.of(Topics.COMPLAINTS, Topics.DOSSIERS), topics(sinks.of(JobOutput.CITIZEN_DEAD_LETTERS)));

        List<CongestionResult> congestion = sinks.of(JobOutput.CONGESTION);
        assertTrue(congestion.stream().allMatch(r -> r.segmentId().equals("seg-1")), congestion.toString());
        // the window [T0 - 180 s, T0 + 120 s) holds all twelve 20-vehicle intervals
        assertEquals(240L, congestion.stream().mapToLong(CongestionResult::vehicles).max().orElse(0), congestion.toString());

        List<Alert> flood = sinks.of(JobOutput.PER_EVENT_ALERTS);
        assertTrue(flood.stream().anyMatch(a -> a.kind().equals(Alert.FLOOD) && a.entity().equals("water-1")),
                flood.toString());
    }
}
