package org.iocity.jobs.signals;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.iocity.jobs.common.LateEvents;
import org.iocity.model.records.LateEvent;
import org.iocity.model.records.SignalCycle;
import org.iocity.model.records.SignalEventBatch;
import org.iocity.model.records.SignalPerformance;

/**
 * Signal performance for traffic engineers: controller batches flattened into events, event time from each event,
 * one {@link SignalPerformanceFunction} per intersection giving 15-minute bins and per-phase cycles. Events behind
 * the watermark become {@link LateEvent}s.
 */
public final class SignalPerformancePipeline {
    public static final String NAME = "signal-performance";

    /** Bin size and state time-to-live. */
    public record Settings(Duration bin, Duration stateTtl) implements java.io.Serializable {
        public static final Settings DEFAULT = new Settings(Duration.ofMinutes(15), Duration.ofDays(1));
    }

    public record Outputs(DataStream<SignalPerformance> bins, DataStream<SignalCycle> cycles, DataStream<LateEvent> late) {}

    private SignalPerformancePipeline() {}

    public static WatermarkStrategy<IntersectionEvent> watermarks(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<IntersectionEvent>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((e, previous) -> e.ts())
                .withIdleness(idleness);
    }

    public static Outputs defineWorkflow(DataStream<SignalEventBatch> batches, WatermarkStrategy<IntersectionEvent> watermarks,
                                         SignalConfig config, Settings settings) {
        SingleOutputStreamOperator<SignalPerformance> bins = batches
                .flatMap(new IntersectionEvent.Flatten()).name("signal-events-flatten").uid("signal-events-flatten")
                .setParallelism(batches.getParallelism())
                .assignTimestampsAndWatermarks(watermarks).name("signal-event-time").uid("signal-watermarks")
                .setParallelism(batches.getParallelism())
                .keyBy(IntersectionEvent::intersectionId)
                .process(new SignalPerformanceFunction(config, settings.bin(), settings.stateTtl()))
                .name("signal-performance-per-intersection").uid("signal-performance");
        DataStream<LateEvent> late = bins.getSideOutput(SignalPerformanceFunction.LATE)
                .process(new LateEvents<IntersectionEvent>(NAME, IntersectionEvent::intersectionId,
                        e -> java.time.Instant.ofEpochMilli(e.ts())))
                .name("signal-late-events").uid("signal-late-events");
        return new Outputs(bins, bins.getSideOutput(SignalPerformanceFunction.CYCLES), late);
    }
}
