package org.iocity.jobs.congestion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.LateEvent;
import org.iocity.model.records.LevelOfService;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The whole congestion workflow on a MiniCluster at parallelism 2, against hand-computed windows. */
class CongestionPipelineTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Instant T0 = CongestionMeasuresTest.T0;

    /** A watermark after every event (event time minus nothing), so the test decides exactly what is late. */
    static WatermarkStrategy<CameraObservation> watermarkPerEvent() {
        return WatermarkStrategy.<CameraObservation>forGenerator(ctx -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(CameraObservation event, long timestamp, WatermarkOutput output) {
                output.emitWatermark(new Watermark(timestamp));
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {}
        }).withTimestampAssigner((o, ts) -> o.eventTime().toEpochMilli());
    }

    @ParameterizedTest(name = "object reuse {0}")
    @ValueSource(booleans = {false, true})
    void slidingWindowsPerSegmentWithLateEventsSentAside(boolean objectReuse) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (objectReuse) env.getConfig().enableObjectReuse();
        env.setParallelism(2);
        List<CameraObservation> input = List.of(
                CongestionMeasuresTest.obs("seg-s", 10, 10, 20, 0.2),
                CongestionMeasuresTest.obs("seg-s", 40, 30, 40, 0.4),
                CongestionMeasuresTest.obs("seg-t", 200, 5, 30, 0.1),   // moves event time to 200 s
                CongestionMeasuresTest.obs("seg-s", 20, 99, 5, 0.9));   // its windows closed at 30 s and 60 s: late
        var outputs = CongestionPipeline.defineWorkflow(env.fromData(input).setParallelism(1), watermarkPerEvent(),
                new CongestionPipeline.Windows(Duration.ofSeconds(60), Duration.ofSeconds(30)));
        CloseableIterator<CongestionResult> results = outputs.results().collectAsync();
        CloseableIterator<LateEvent> late = outputs.late().collectAsync();
        env.execute("congestion-test");

        List<CongestionResult> s = new ArrayList<>();
        List<CongestionResult> t = new ArrayList<>();
        results.forEachRemaining(r -> (r.segmentId().equals("seg-s") ? s : t).add(r));
        s.sort(Comparator.comparing(CongestionResult::windowStart));

        // seg-s: [-30,30) has the 10 s interval; [0,60) both; [30,90) the 40 s one. The late one is in none.
        assertEquals(List.of(T0.minusSeconds(30), T0, T0.plusSeconds(30)), s.stream().map(CongestionResult::windowStart).toList());
        assertEquals(List.of(10L, 40L, 30L), s.stream().map(CongestionResult::vehicles).toList());
        assertEquals(List.of(LevelOfService.D, LevelOfService.A, LevelOfService.A), s.stream().map(CongestionResult::los).toList());
        assertEquals(35.0, s.get(1).meanSpeedKmh());
        assertEquals(7200.0, s.get(1).flowPerHour());
        // seg-t: the two windows holding 200 s, flushed by the final watermark
        assertEquals(2, t.size());

        List<LateEvent> lates = new ArrayList<>();
        late.forEachRemaining(lates::add);
        assertEquals(1, lates.size());
        assertEquals("congestion", lates.get(0).pipeline());
        assertEquals("seg-s", lates.get(0).key());
        assertEquals(T0.plusSeconds(20), lates.get(0).eventTime());
        assertEquals(T0.plusSeconds(200), lates.get(0).watermark());
    }
}
