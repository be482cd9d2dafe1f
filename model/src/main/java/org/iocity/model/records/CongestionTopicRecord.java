package org.iocity.model.records;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What {@code ioc.congestion} (and its early twin {@code ioc.congestion.live}) carries: a segment's
 * {@link CongestionResult}, which has no {@code kind}, or an {@link AreaCongestion} of a ward or the city,
 * {@code "kind":"area"}. Read a value as this type and pattern-match; the concrete records keep reading and writing
 * exactly as before (their own {@code @JsonTypeInfo(use = NONE)}), so the bytes on the wire do not change.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "kind",
        visible = true, defaultImpl = CongestionResult.class)
@JsonSubTypes(@JsonSubTypes.Type(value = AreaCongestion.class, name = AreaCongestion.KIND))
public sealed interface CongestionTopicRecord permits CongestionResult, AreaCongestion {
}
