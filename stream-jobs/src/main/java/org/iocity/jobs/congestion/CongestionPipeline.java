package org.iocity.jobs.congestion;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.util.OutputTag;
import org.iocity.jobs.LateEvents;
import org.iocity.model.CameraObservation;
import org.iocity.model.CongestionResult;
import org.iocity.model.LateEvent;

/**
 * Congestion per road segment: camera intervals in event time, one sliding window per segment (default 5 minutes,
 * sliding every 30 s), the {@link CongestionMeasures} of each window. Events later than the watermark allows go to
 * a side output, counted, never dropped.
 */
public final class CongestionPipeline {
    public static final String NAME = "congestion";
    static final OutputTag<CameraObservation> LATE = new OutputTag<>("late-camera-observations") {};

    /** Window size and slide of the congestion windows. */
    public record Windows(Duration size, Duration slide) implements java.io.Serializable {
        public static final Windows DEFAULT = new Windows(Duration.ofMinutes(5), Duration.ofSeconds(30));
    }

    /** The two outputs: results, and late events. */
    public record Outputs(DataStream<CongestionResult> results, DataStream<LateEvent> late) {}

    private CongestionPipeline() {}

    /** Event time from the device, bounded out-of-orderness, idle cameras or partitions do not hold time back. */
    public static WatermarkStrategy<CameraObservation> watermarks(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<CameraObservation>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((o, previous) -> o.eventTime().toEpochMilli())
                .withIdleness(idleness);
    }

    public static Outputs defineWorkflow(DataStream<CameraObservation> observations,
                                         WatermarkStrategy<CameraObservation> watermarks, Windows windows) {
        SingleOutputStreamOperator<CongestionResult> results = observations
                .assignTimestampsAndWatermarks(watermarks).name("congestion-event-time").uid("congestion-watermarks")
                .setParallelism(observations.getParallelism())
                .keyBy(CameraObservation::segmentId)
                .window(SlidingEventTimeWindows.of(windows.size(), windows.slide()))
                .sideOutputLateData(LATE)
                .aggregate(new SegmentTrafficAggregate(), new ToCongestionResult())
                .name("congestion-per-segment-window").uid("congestion-window");
        DataStream<LateEvent> late = results.getSideOutput(LATE)
                .process(new LateEvents<CameraObservation>(NAME, CameraObservation::segmentId, CameraObservation::eventTime))
                .name("congestion-late-events").uid("congestion-late-events");
        return new Outputs(results, late);
    }
}
