package org.iocity.jobs.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.iocity.model.records.LateEvent;
import org.iocity.model.records.SignalCycle;
import org.iocity.model.records.SignalEvent;
import org.iocity.model.records.SignalEventBatch;
import org.iocity.model.records.SignalPerformance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The signal workflow on a MiniCluster at parallelism 2: out-of-order batches reordered, a late one sent aside. */
class SignalPerformancePipelineTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Instant T0 = Instant.ofEpochMilli(SignalTrackerTest.T0);

    static SignalEventBatch batch(String x, long seq, double... codeParamSec) {
        List<SignalEvent> events = new ArrayList<>();
        for (int i = 0; i < codeParamSec.length; i += 3) {
            events.add(new SignalEvent(T0.plusMillis(Math.round(codeParamSec[i + 2] * 1000)), (int) codeParamSec[i],
                    (int) codeParamSec[i + 1]));
        }
        return new SignalEventBatch("ctl-" + x, seq, events.get(events.size() - 1).ts(), T0, x, "sai-gon", events);
    }

    /** Watermark = batch's last event time minus 10 s, after every batch. */
    static WatermarkStrategy<IntersectionEvent> watermarks() {
        return WatermarkStrategy.<IntersectionEvent>forGenerator(ctx -> new WatermarkGenerator<>() {
            long max = Long.MIN_VALUE;

            @Override
            public void onEvent(IntersectionEvent e, long ts, WatermarkOutput out) {
                max = Math.max(max, ts);
                out.emitWatermark(new Watermark(max - 10_000));
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput out) {}
        }).withTimestampAssigner((e, ts) -> e.ts());
    }

    @ParameterizedTest(name = "object reuse {0}")
    @ValueSource(booleans = {false, true})
    void cyclesAndBinsPerIntersectionInEventTimeWithLateEventsSentAside(boolean objectReuse) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (objectReuse) env.getConfig().enableObjectReuse();
        env.setParallelism(2);
        Map<String, SignalConfig.Intersection> cfg = new HashMap<>();
        cfg.put("x-1", SignalTrackerTest.config());
        List<SignalEventBatch> input = List.of(
                batch("x-1", 1, 1, 2, 0, 82, 1, 2),
                batch("x-1", 3, 8, 2, 30, 10, 2, 33, 11, 2, 35),   // before seq 2 in time: out of order, within 10 s
                batch("x-1", 2, 82, 1, 28, 5, 2, 29.9),
                batch("x-1", 4, 1, 2, 60, 82, 1, 70),
                batch("x-1", 5, 82, 1, 40),                          // watermark is at 60 s: late
                batch("x-2", 1, 1, 6, 66, 1, 6, 116));
        var outputs = SignalPerformancePipeline.defineWorkflow(env.fromData(input).setParallelism(1), watermarks(),
                new SignalConfig(cfg), SignalPerformancePipeline.Settings.DEFAULT);
        CloseableIterator<SignalPerformance> bins = outputs.bins().collectAsync();
        CloseableIterator<SignalCycle> cycles = outputs.cycles().collectAsync();
        CloseableIterator<LateEvent> late = outputs.late().collectAsync();
        env.execute("signal-test");

        List<SignalCycle> cs = new ArrayList<>();
        cycles.forEachRemaining(cs::add);
        cs.sort(java.util.Comparator.comparing(SignalCycle::intersectionId));
        assertEquals(2, cs.size());
        SignalCycle c = cs.get(0);
        assertEquals("x-1", c.intersectionId());
        assertEquals(30.0, c.greenS());
        assertEquals(3.0, c.yellowS());
        assertEquals(60.0, c.cycleS());
        assertEquals(2, c.arrivalsOnGreen());
        assertEquals("max-out", c.termination());
        assertEquals(50.0, cs.get(1).cycleS());

        List<SignalPerformance> bs = new ArrayList<>();
        bins.forEachRemaining(bs::add);
        bs.sort(java.util.Comparator.comparing(SignalPerformance::intersectionId));
        assertEquals(2, bs.size());
        SignalPerformance.Phase p2 = bs.get(0).phases().stream().filter(p -> p.phase() == 2).findFirst().orElseThrow();
        assertEquals(3, p2.arrivals());              // 2 s, 28 s on green, 70 s on green of the next cycle
        assertEquals(3, p2.arrivalsOnGreen());
        assertEquals(T0, bs.get(0).binStart());
        assertEquals(T0.plus(Duration.ofMinutes(15)), bs.get(0).binEnd());

        List<LateEvent> ls = new ArrayList<>();
        late.forEachRemaining(ls::add);
        assertEquals(1, ls.size());
        assertEquals("signal-performance", ls.get(0).pipeline());
        assertEquals("x-1", ls.get(0).key());
        assertEquals(T0.plusSeconds(40), ls.get(0).eventTime());
    }
}
