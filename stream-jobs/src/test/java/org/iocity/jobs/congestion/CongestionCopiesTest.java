package org.iocity.jobs.congestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.LateEvent;
import org.iocity.model.records.VehicleCounts;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The congestion workflow on a MiniCluster at parallelism 2, fed redelivered copies of camera intervals (some of them
 * behind the watermark): the same windows and the same late events as without the copies.
 */
class CongestionCopiesTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Instant T0 = CongestionMeasuresTest.T0;

    static CameraObservation obs(String camera, String segment, long seq) {
        Instant ts = T0.plusSeconds(10 * seq);
        return new CameraObservation(camera, seq, ts, ts, segment, "ward", 40, 10, seq,
                new VehicleCounts(seq, 0, 0, 0, 0), 30, 0.2);
    }

    record Run(List<String> results, List<String> late) {}

    static Run run(List<CameraObservation> input, boolean objectReuse) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (objectReuse) env.getConfig().enableObjectReuse();
        env.setParallelism(2);
        var outputs = CongestionPipeline.defineWorkflow(env.fromData(input).setParallelism(1),
                CongestionPipelineTest.watermarkPerEvent(),
                new CongestionPipeline.Windows(Duration.ofSeconds(60), Duration.ofSeconds(30)));
        CloseableIterator<CongestionResult> results = outputs.results().collectAsync();
        CloseableIterator<LateEvent> late = outputs.late().collectAsync();
        env.execute("congestion-copies-test");
        List<String> r = new ArrayList<>();
        results.forEachRemaining(c -> r.add(c.segmentId() + " " + c.windowStart() + " " + c.vehicles() + "/" + c.observations()));
        List<String> l = new ArrayList<>();
        late.forEachRemaining(e -> l.add(e.key() + " " + e.eventTime()));
        r.sort(null);
        l.sort(null);
        return new Run(r, l);
    }

    @ParameterizedTest(name = "object reuse {0}")
    @ValueSource(booleans = {false, true})
    void copiesChangeNoWindowAndALateCopyIsNotALateEvent(boolean objectReuse) throws Exception {
        List<CameraObservation> once = new ArrayList<>();
        List<CameraObservation> withCopies = new ArrayList<>();
        for (long seq = 1; seq <= 30; seq++) {
            for (String camera : List.of("cam-a", "cam-b")) {
                CameraObservation o = obs(camera, camera.equals("cam-a") ? "seg-s" : "seg-t", seq);
                once.add(o);
                withCopies.add(o);
                if (seq % 7 == 0) withCopies.add(obs(camera, o.segmentId(), seq - 1)); // a copy, still in time
            }
            if (seq == 25) { // both behind the watermark (250 s) by more than a window
                CameraObservation lateNew = obs("cam-c", "seg-s", 2);
                once.add(lateNew);
                withCopies.add(lateNew);
                withCopies.add(obs("cam-a", "seg-s", 3)); // a late copy: seg-s still has open windows
            }
        }
        Run expected = run(once, objectReuse);
        assertEquals(24, expected.results().size(), expected.results().toString()); // 12 windows per segment
        assertEquals(List.of("seg-s " + T0.plusSeconds(20)), expected.late());
        assertEquals(expected, run(withCopies, objectReuse));
    }
}
