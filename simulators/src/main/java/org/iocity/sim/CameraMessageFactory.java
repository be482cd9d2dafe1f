package org.iocity.sim;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;

/**
 * Camera messages from the traffic model, without any network: what camera {@code cam-0001} would send for the
 * interval ending at a given time. The caller owns the sequence numbers.
 */
public final class CameraMessageFactory {
    private static final DateTimeFormatter TS = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /** Where the counts come from: the {@link CityTrafficModel}, or a {@link ScenarioTraffic} script. */
    public interface TrafficSource {
        CityTrafficModel.TrafficReading reading(String segmentId, Instant intervalEnd, int intervalSec);
    }

    private final TrafficSource model;

    public CameraMessageFactory(TrafficSource model) {
        this.model = model;
    }

    /** The message of {@code camera} for the {@code intervalSec} seconds ending at {@code intervalEnd}. */
    public CameraMessage message(Registry.Device camera, long seq, Instant intervalEnd, int intervalSec) {
        if (camera.segmentId() == null) {
            throw new IllegalArgumentException("camera " + camera.id() + " has no segment in the registry");
        }
        CityTrafficModel.TrafficReading r = model.reading(camera.segmentId(), intervalEnd, intervalSec);
        return new CameraMessage(CameraMessage.VERSION, camera.id(), seq, timestamp(intervalEnd), camera.segmentId(),
                intervalSec, r.intensity(), r.byClass(), r.averageSpeedKmh(), r.occupancy());
    }

    /** The JSON bytes of {@link #message}. */
    public byte[] payload(Registry.Device camera, long seq, Instant intervalEnd, int intervalSec) {
        return Json.toBytes(message(camera, seq, intervalEnd, intervalSec));
    }

    public static String topic(Registry.Device camera) {
        return Topics.mqttCameraCounts(camera.id());
    }

    /** ISO-8601 in the city's offset, to the millisecond: {@code 2026-11-23T08:00:00+07:00}. */
    public static String timestamp(Instant t) {
        return OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MILLIS), CityTrafficModel.ZONE).format(TS);
    }
}
