package org.iocity.model.records;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What {@code ioc.signal.performance} carries, told apart by {@code kind}: a 15-minute {@link SignalPerformance} bin
 * ({@code bin}) or one phase's {@link SignalCycle} ({@code cycle}). Read a value as this type and pattern-match; the
 * concrete records keep reading and writing exactly as before, so the bytes on the wire do not change.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "kind",
        visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = SignalPerformance.class, name = SignalPerformance.KIND),
        @JsonSubTypes.Type(value = SignalCycle.class, name = SignalCycle.KIND)})
public sealed interface SignalPerformanceTopicRecord permits SignalPerformance, SignalCycle {
    String kind();
}
