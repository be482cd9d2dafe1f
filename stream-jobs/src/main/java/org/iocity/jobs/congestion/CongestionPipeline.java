package org.iocity.jobs.congestion;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;
import org.iocity.jobs.common.LateEvents;
import org.iocity.jobs.common.StateTtl;
import org.iocity.model.config.ConfigException;
import org.iocity.model.records.AreaCongestion;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.LateEvent;

/**
 * Congestion per road segment: camera intervals in event time, one sliding window per segment (default 5 minutes,
 * sliding every 30 s, computed from per-slide totals by {@link SlidingSegmentWindows}, which also drops repeated copies
 * of a camera's interval), the {@link CongestionMeasures} of each window. Events later than the watermark allows go to
 * a side output, counted, never dropped.
 */
public final class CongestionPipeline {
    public static final String NAME = "congestion";
    static final OutputTag<CameraObservation> LATE = new OutputTag<>("late-camera-observations") {};
    /** Early results of live windows ({@link SlidingSegmentWindows}), superseded by the final ones. */
    static final OutputTag<CongestionResult> EARLY = new OutputTag<>("early-congestion-results",
            org.iocity.jobs.io.CongestionResultSerializer.TYPE);

    /**
     * How long after a live window's end its early result goes out ({@code congestion.live.delay}): long enough for
     * the intervals reported at the window's end to come through ingest, Kafka and the network buffers (up to the
     * 100 ms buffer timeout), short enough for the wall to be under a second behind.
     */
    public static final Duration LIVE_DELAY = Duration.ofMillis(300);

    /** Window size and slide of the congestion windows; the size is a whole number of slides. */
    public record Windows(Duration size, Duration slide) implements java.io.Serializable {
        public static final Windows DEFAULT = new Windows(Duration.ofMinutes(5), Duration.ofSeconds(30));

        public Windows {
            if (slide.toMillis() <= 0 || size.toMillis() < slide.toMillis() || size.toMillis() % slide.toMillis() != 0) {
                throw new ConfigException("congestion.window (" + size + ") must be a whole number of congestion.slide ("
                        + slide + "), and the slide more than 0");
            }
        }
    }

    /**
     * The outputs: segment results, area (ward and city) results, late events, the observations in event time (for
     * the device-health alerts: copies included, as the silence alerts need only each camera's last event time), and
     * the early segment and area results of live windows (none unless a live delay is given).
     */
    public record Outputs(DataStream<CongestionResult> results, DataStream<AreaCongestion> areas,
                          DataStream<LateEvent> late, DataStream<CameraObservation> observations,
                          DataStream<CongestionResult> early, DataStream<AreaCongestion> earlyAreas) {}

    private CongestionPipeline() {}

    /** Event time from the device, bounded out-of-orderness, idle cameras or partitions do not hold time back. */
    public static WatermarkStrategy<CameraObservation> watermarks(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<CameraObservation>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((o, previous) -> o.eventTime().toEpochMilli())
                .withIdleness(idleness);
    }

    public static Outputs defineWorkflow(DataStream<CameraObservation> observations,
                                         WatermarkStrategy<CameraObservation> watermarks, Windows windows) {
        return defineWorkflow(observations, watermarks, windows, StateTtl.DEFAULT);
    }

    /** The workflow, with each camera's recent sequence numbers (to drop copies) kept {@code stateTtl} at most. */
    public static Outputs defineWorkflow(DataStream<CameraObservation> observations,
                                         WatermarkStrategy<CameraObservation> watermarks, Windows windows,
                                         Duration stateTtl) {
        return defineWorkflow(observations, watermarks, windows, stateTtl, null);
    }

    /** As above, with early results of live windows {@code liveDelay} after their end (none when null). */
    public static Outputs defineWorkflow(DataStream<CameraObservation> observations,
                                         WatermarkStrategy<CameraObservation> watermarks, Windows windows,
                                         Duration stateTtl, Duration liveDelay) {
        return defineWorkflow(inEventTime(observations, watermarks), windows, stateTtl, liveDelay);
    }

    /**
     * The observations with event-time timestamps and watermarks, assigned where they are read (per source subtask, so
     * one subtask reading a backlog does not make another's records late), before any shuffle.
     */
    public static SingleOutputStreamOperator<CameraObservation> inEventTime(DataStream<CameraObservation> observations,
                                                                          WatermarkStrategy<CameraObservation> watermarks) {
        return observations
                .assignTimestampsAndWatermarks(watermarks).name("congestion-event-time").uid("congestion-watermarks")
                .setParallelism(observations.getParallelism());
    }

    /**
     * The workflow over observations already in event time ({@link #inEventTime}), with early results of live windows
     * {@code liveDelay} after their end (none when null; see {@link SlidingSegmentWindows}); {@code stateTtl} for each
     * camera's sequence numbers and the early area results' state.
     */
    private static Outputs defineWorkflow(DataStream<CameraObservation> timed, Windows windows, Duration stateTtl,
                                          Duration liveDelay) {
        SingleOutputStreamOperator<CongestionResult> results = timed
                .keyBy(CameraObservation::segmentId)
                .process(new SlidingSegmentWindows(windows, stateTtl, liveDelay))
                .name("congestion-per-segment-window").uid("congestion-segment-slides");
        DataStream<LateEvent> late = results.getSideOutput(LATE)
                .process(new LateEvents<CameraObservation>(NAME, CameraObservation::segmentId, CameraObservation::eventTime))
                .name("congestion-late-events").uid("congestion-late-events");
        DataStream<CongestionResult> early = results.getSideOutput(EARLY);
        return new Outputs(results, areas(results, windows), late, timed, early, earlyAreas(early, stateTtl));
    }

    /**
     * Ward and city congestion of live windows from the early segment results ({@link EarlyAreaCongestion}); the hop
     * to the areas flushes every {@link #EARLY_BUFFER_TIMEOUT}, since early results are all about time.
     */
    public static DataStream<AreaCongestion> earlyAreas(DataStream<CongestionResult> early, Duration stateTtl) {
        return early
                .flatMap(new AreaSegmentResult.ToAreas()).name("early-congestion-to-areas").uid("early-congestion-to-areas")
                .setBufferTimeout(EARLY_BUFFER_TIMEOUT.toMillis())
                .keyBy(AreaSegmentResult::area)
                .process(new EarlyAreaCongestion(EarlyAreaCongestion.SETTLE, stateTtl))
                .name("early-congestion-per-area").uid("early-congestion-area");
    }

    /** How long the early results' network buffers may wait to fill. */
    static final Duration EARLY_BUFFER_TIMEOUT = Duration.ofMillis(5);

    /**
     * Ward and city congestion per window: each segment result (stamped with its window's last millisecond) goes to
     * its ward and to the city, and a tumbling window of one slide gathers the results of exactly one sliding window.
     */
    public static DataStream<AreaCongestion> areas(DataStream<CongestionResult> results, Windows windows) {
        return results
                .flatMap(new AreaSegmentResult.ToAreas()).name("congestion-to-areas").uid("congestion-to-areas")
                .keyBy(AreaSegmentResult::area)
                .window(TumblingEventTimeWindows.of(windows.slide()))
                .aggregate(new AreaCongestionAggregate())
                .name("congestion-per-area-window").uid("congestion-area-window");
    }
}
