package org.iocity.jobs;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.iocity.jobs.alerts.StateTtl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes on the first copy of each (device, seq) of a raw stream keyed by device id, and drops the copies after it.
 * Copies are expected: a gateway killed after Kafka took a record but before it acknowledged the MQTT message gets
 * that message again from the broker (or another gateway of the shared subscription does, unmarked), and without
 * this step a window would count its vehicles twice.
 *
 * <p>A dropped copy is not lost: the raw topic keeps it (replayable), it is counted in the {@code duplicateRecords}
 * metric and logged (the first one of each subtask, then every power of two), since a copy carries nothing the
 * first one did not. A device that restarted its counter (a lower {@code seq} with a newer event time) starts
 * afresh ({@code sequenceRestarts}); a number more than {@link SeenSequences#WINDOW} below the device's highest is
 * passed on, unchecked ({@code sequencesTooOldToCheck}): it is behind any window anyway. The state of a device
 * nobody heard from for the state TTL is dropped ({@link StateTtl}).
 */
public final class DropRepeatedSequences<T> extends KeyedProcessFunction<String, T, T> implements ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DropRepeatedSequences.class);

    public interface SeqOf<T> extends java.util.function.ToLongFunction<T>, java.io.Serializable {}

    private final Class<T> type;
    private final SeqOf<T> seq;
    private final LateEvents.TimeOf<T> eventTime;
    private final Duration ttl;
    private transient ValueState<SeenSequences> seen;
    private transient Counter duplicates;
    private transient Counter restarts;
    private transient Counter tooOld;

    public DropRepeatedSequences(Class<T> type, SeqOf<T> seq, LateEvents.TimeOf<T> eventTime, Duration ttl) {
        this.type = type;
        this.seq = seq;
        this.eventTime = eventTime;
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        seen = StateTtl.value(getRuntimeContext(), "seen-sequences", SeenSequences.class, ttl);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateRecords");
        restarts = getRuntimeContext().getMetricGroup().counter("sequenceRestarts");
        tooOld = getRuntimeContext().getMetricGroup().counter("sequencesTooOldToCheck");
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return ParseJson.typeOf(type); // the records as they were read, with the same serializer
    }

    @Override
    public void processElement(T value, Context ctx, Collector<T> out) throws Exception {
        long n = seq.applyAsLong(value);
        Instant at = eventTime.apply(value);
        long t = at == null ? Long.MIN_VALUE : at.toEpochMilli();
        SeenSequences s = seen.value();
        if (s == null) {
            seen.update(SeenSequences.first(n, t));
            out.collect(value);
            return;
        }
        SeenSequences.Outcome outcome = s.observe(n, t);
        switch (outcome) {
            case REPEATED -> {
                duplicates.inc();
                long count = duplicates.getCount();
                if (Long.bitCount(count) == 1) {
                    LOG.info("dropped a repeated copy of {} seq {} ({} so far in this subtask; the raw topic keeps them)",
                            ctx.getCurrentKey(), n, count);
                }
                return; // nothing changed: no state write, the TTL runs from the last new number
            }
            case RESTARTED -> {
                restarts.inc();
                LOG.info("{} restarted its sequence at {} (highest before: newer event time)", ctx.getCurrentKey(), n);
            }
            case TOO_OLD_TO_CHECK -> {
                tooOld.inc();
                out.collect(value);
                return;
            }
            case FIRST -> { }
        }
        seen.update(s);
        out.collect(value);
    }
}
