package org.iocity.jobs.citizen;

/**
 * A case changed, as seen by one KPI area: what the case was ({@code before}, {@code null} when it did not count
 * there) and what it is now ({@code after}, {@code null} when it no longer counts there, e.g. moved to another ward).
 */
public record CaseChange(String area, String areaType, String areaId, CaseSnapshot before, CaseSnapshot after) {}
