package org.iocity.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Device messages of the contract (docs: the device contract) for tests, with ordinary values a test overrides where
 * it matters. The camera and segment of the repository's registry ({@code config/registry.json}) that most tests use
 * are {@link #CAMERA} on {@link #SEGMENT}.
 */
public final class DeviceMessages {
    private DeviceMessages() {}

    public static final String CAMERA = "cam-0001";
    public static final String SEGMENT = "seg-nguyen-hue-a";

    /** {@link #CAMERA}'s counts on {@link #SEGMENT}. */
    public static DeviceMessage cameraCounts(long seq) {
        return cameraCounts(CAMERA, SEGMENT, seq);
    }

    /**
     * A camera's counts on a segment, stamped now: a 10 s interval of 5 cars at 30 km/h, occupancy 0.1 (change them
     * with {@link DeviceMessage#vehicles}, {@link DeviceMessage#with}).
     */
    public static DeviceMessage cameraCounts(String cameraId, String segmentId, long seq) {
        return new DeviceMessage(cameraId, seq).with("segmentId", segmentId).with("intervalSec", 10).vehicles("car", 5)
                .with("averageVehicleSpeed", 30.0).with("occupancy", 0.1);
    }

    /** A signal controller's batch of hi-res events ({@link #event}), in the order given. */
    public static DeviceMessage signalEvents(String controllerId, long seq, List<Map<String, Object>> events) {
        return new DeviceMessage(controllerId, seq).with("events", new ArrayList<>(events));
    }

    /** One hi-res controller event: {@code {"ts", "code", "param"}}. */
    public static Map<String, Object> event(Object ts, int code, int param) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("ts", ts);
        e.put("code", code);
        e.put("param", param);
        return e;
    }

    /** A sensor reading with one measure: {@code sensorReading("wl-0001", 1, "waterLevelCm", 35)}. */
    public static DeviceMessage sensorReading(String sensorId, long seq, String measure, Number value) {
        return new DeviceMessage(sensorId, seq).with(measure, value);
    }

    /** A device status ({@code online} / {@code offline}); add {@code battery} or {@code firmware} with {@code with}. */
    public static DeviceMessage status(String deviceId, long seq, String state) {
        return new DeviceMessage(deviceId, seq).with("state", state);
    }
}
