package org.iocity.model.records;

import java.time.Instant;
import org.iocity.model.kafka.Topics;

/**
 * One environmental sensor reading ({@code ioc/v1/sensor/{id}/air|water|noise}), validated and enriched with the
 * sensor's ward and location from the registry. Written to {@link Topics#ENV_READINGS}, keyed by device id. Only the
 * values of its {@code kind} are set; the others are null.
 *
 * @param kind {@code air}, {@code water} or {@code noise}
 * @param pm25 PM2.5, µg/m³
 * @param pm10 PM10, µg/m³
 * @param no2 NO₂, µg/m³
 * @param waterLevelCm water level above the street (flooding), cm; negative below it
 * @param laeq equivalent continuous sound level, dBA
 */
public record EnvReading(String deviceId, long seq, Instant eventTime, Instant receivedAt, String kind, String ward,
                         double lat, double lon, Double pm25, Double pm10, Double no2, Double waterLevelCm,
                         Double laeq) {
}
