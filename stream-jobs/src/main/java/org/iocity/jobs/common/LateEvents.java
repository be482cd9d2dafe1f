package org.iocity.jobs.common;

import java.time.Instant;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.iocity.model.records.Json;
import org.iocity.model.records.LateEvent;

/** Turns events a window refused as late into {@link LateEvent} records, counting them in the {@code lateEvents} metric. */
public final class LateEvents<T> extends ProcessFunction<T, LateEvent> {
    private static final long serialVersionUID = 1L;

    public interface KeyOf<T> extends Function<T, String>, java.io.Serializable {}
    public interface TimeOf<T> extends Function<T, Instant>, java.io.Serializable {}

    private final String pipeline;
    private final KeyOf<T> key;
    private final TimeOf<T> eventTime;
    private transient Counter late;

    public LateEvents(String pipeline, KeyOf<T> key, TimeOf<T> eventTime) {
        this.pipeline = pipeline;
        this.key = key;
        this.eventTime = eventTime;
    }

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("lateEvents");
    }

    @Override
    public void processElement(T value, Context ctx, Collector<LateEvent> out) {
        late.inc();
        long wm = ctx.timerService().currentWatermark();
        out.collect(new LateEvent(pipeline, key.apply(value), eventTime.apply(value),
                wm == Long.MIN_VALUE ? null : Instant.ofEpochMilli(wm), Instant.now(), Json.toString(value)));
    }
}
