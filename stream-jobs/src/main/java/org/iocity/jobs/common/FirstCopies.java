package org.iocity.jobs.common;

import java.time.Duration;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the first copy of each (device, seq) from the copies after it, inside a keyed operator whatever its key (a
 * road segment for the congestion windows): the {@link SeenSequences} of each device of the current key, in one map
 * state keyed by device id. Copies are expected: a gateway killed after Kafka took a record but before it
 * acknowledged the MQTT message gets that message again from the broker (or another gateway of the shared
 * subscription does, unmarked), and a window would count its vehicles twice.
 * <p>
 * A copy is not lost: the raw topic keeps it (replayable), it is counted in the {@code duplicateRecords} metric and
 * logged (the first one of each subtask, then every power of two), since it carries nothing the first one did not.
 * A device that restarted its counter (a lower {@code seq} with a newer event time) starts afresh
 * ({@code sequenceRestarts}); a number more than {@link SeenSequences#WINDOW} below the device's highest is passed
 * on, unchecked ({@code sequencesTooOldToCheck}). A device nobody heard from for the state TTL is forgotten
 * ({@link StateTtl}, per device: the other devices of the key keep theirs); the owner may {@link #forgetAll} when no
 * copy could matter any more, and ask {@link #isKnownCopy} about a record it will not count anyway (late), without
 * recording it. A helper, not an operator: no exchange of its own, the owner calls it from {@code processElement}.
 */
public final class FirstCopies implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FirstCopies.class);

    private final Duration ttl;
    private transient MapState<String, SeenSequences> seen;
    private transient Counter duplicates;
    private transient Counter restarts;
    private transient Counter tooOld;

    public FirstCopies(Duration ttl) {
        this.ttl = ttl;
    }

    /** Creates the state and the metrics; call from the owner's {@code open}. */
    public void open(RuntimeContext context) {
        MapStateDescriptor<String, SeenSequences> d = new MapStateDescriptor<>("seen-sequences", Types.STRING,
                TypeInformation.of(SeenSequences.class));
        d.enableTimeToLive(StateTtl.of(ttl));
        seen = context.getMapState(d);
        duplicates = context.getMetricGroup().counter("duplicateRecords");
        restarts = context.getMetricGroup().counter("sequenceRestarts");
        tooOld = context.getMetricGroup().counter("sequencesTooOldToCheck");
    }

    /**
     * Whether {@code seq} of {@code device}, sent at {@code eventTimeMillis}, is its first copy under the current key
     * (go on) or a repeated one (drop it: counted and logged here). Writes the state only for a number not seen before.
     */
    public boolean isFirst(String device, long seq, long eventTimeMillis) throws Exception {
        SeenSequences s = seen.get(device);
        if (s == null) {
            seen.put(device, SeenSequences.first(seq, eventTimeMillis));
            return true;
        }
        switch (s.observe(seq, eventTimeMillis)) {
            case REPEATED -> {
                dropped(device, seq);
                return false; // nothing changed: no state write, the TTL runs from the last new number
            }
            case TOO_OLD_TO_CHECK -> {
                tooOld.inc();
                return true;
            }
            case RESTARTED -> {
                restarts.inc();
                LOG.info("{} restarted its sequence at {} (highest before: newer event time)", device, seq);
            }
            case FIRST -> { }
        }
        seen.put(device, s);
        return true;
    }

    /**
     * Whether {@code seq} of {@code device} is a copy of one already seen under the current key (then dropped: counted
     * and logged here); unlike {@link #isFirst}, a number not seen is not recorded.
     */
    public boolean isKnownCopy(String device, long seq, long eventTimeMillis) throws Exception {
        SeenSequences s = seen.get(device);
        if (s == null || !s.isRepeat(seq, eventTimeMillis)) return false;
        dropped(device, seq);
        return true;
    }

    private void dropped(String device, long seq) {
        duplicates.inc();
        long count = duplicates.getCount();
        if (Long.bitCount(count) == 1) {
            LOG.info("dropped a repeated copy of {} seq {} ({} so far in this subtask; the raw topic keeps them)",
                    device, seq, count);
        }
    }

    /** Forgets every device of the current key. */
    public void forgetAll() {
        seen.clear();
    }
}
