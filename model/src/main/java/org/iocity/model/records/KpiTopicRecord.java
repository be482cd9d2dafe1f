package org.iocity.model.records;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What {@code ioc.kpi} carries, told apart by {@code kind}: a {@link ServiceKpi} ({@code live} or {@code day}) or a
 * {@link DailySummary} ({@code daily-summary}). Read a value as this type and pattern-match; the concrete records
 * keep reading and writing exactly as before, so the bytes on the wire do not change.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "kind",
        visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = ServiceKpi.class, names = {ServiceKpi.LIVE, ServiceKpi.DAY}),
        @JsonSubTypes.Type(value = DailySummary.class, name = DailySummary.KIND)})
public sealed interface KpiTopicRecord permits ServiceKpi, DailySummary {
    String kind();
}
