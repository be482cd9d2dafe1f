package org.iocity.ingest.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;
import org.iocity.model.records.VehicleCounts;
import org.iocity.model.registry.Registry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CameraCountsTest {
    static Registry registry;
    static final Instant NOW = Instant.parse("2026-11-23T01:00:30Z");
    static final String GOOD = """
            {"v":1,"deviceId":"cam-0001","seq":42,"ts":"2026-11-23T08:00:00+07:00","segmentId":"seg-nguyen-hue-a",
             "intervalSec":60,"intensity":100,"byClass":{"motorbike":80,"car":15,"bus":2,"truck":1,"bicycle":2},
             "averageVehicleSpeed":24.5,"occupancy":0.3}""";

    @BeforeAll
    static void loadRegistry() {
        registry = Registry.load(Path.of("../config/registry.json"));
    }

    static CameraObservation parse(String json, String topicDevice) throws Rejection {
        return CameraCounts.parse(json.getBytes(StandardCharsets.UTF_8), topicDevice, registry, 4096, NOW);
    }

    @Test
    void goodMessageIsNormalisedAndEnrichedFromTheRegistry() throws Rejection {
        CameraObservation o = parse(GOOD, "cam-0001");
        assertEquals("cam-0001", o.deviceId());
        assertEquals(42, o.seq());
        assertEquals(Instant.parse("2026-11-23T01:00:00Z"), o.eventTime());
        assertEquals(NOW, o.receivedAt());
        assertEquals("seg-nguyen-hue-a", o.segmentId());
        assertEquals("sai-gon", o.ward());
        assertEquals(35.0, o.freeFlowKmh());
        assertEquals(new VehicleCounts(80, 15, 2, 1, 2), o.byClass());
        assertEquals(24.5, o.averageSpeedKmh());
        assertEquals(0.3, o.occupancy());
    }

    @Test
    void epochMillisecondTimestampsAreAccepted() throws Rejection {
        CameraObservation o = parse(GOOD.replace("\"2026-11-23T08:00:00+07:00\"", "1795395600000"), "cam-0001");
        assertEquals(Instant.ofEpochMilli(1795395600000L), o.eventTime());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json|{\"v\":1,|MALFORMED_JSON",
            "an array|[1,2]|MALFORMED_JSON",
            "version 2|" + "V2|UNSUPPORTED_VERSION",
            "no seq|NOSEQ|MISSING_FIELD",
            "speed as string|SPEEDSTR|WRONG_TYPE",
            "occupancy above 1|OCC|OUT_OF_RANGE",
            "negative intensity|NEGINT|OUT_OF_RANGE",
            "classes exceed intensity|CLASSES|OUT_OF_RANGE",
            "unknown vehicle class|TUKTUK|OUT_OF_RANGE",
            "unknown camera|UNKNOWNCAM|UNKNOWN_DEVICE",
            "wrong segment for camera|WRONGSEG|DEVICE_MISMATCH",
            "far future|FUTURE|OUT_OF_RANGE",
            "bad timestamp|BADTS|WRONG_TYPE"})
    void badMessagesAreRejectedWithTheirReason(String name, String variant, RejectReason expected) {
        String json = switch (variant) {
            case "V2" -> GOOD.replace("\"v\":1", "\"v\":2");
            case "NOSEQ" -> GOOD.replace("\"seq\":42,", "");
            case "SPEEDSTR" -> GOOD.replace("24.5", "\"24.5\"");
            case "OCC" -> GOOD.replace("0.3}", "1.3}");
            case "NEGINT" -> GOOD.replace("\"intensity\":100", "\"intensity\":-1");
            case "CLASSES" -> GOOD.replace("\"intensity\":100", "\"intensity\":90");
            case "TUKTUK" -> GOOD.replace("\"bicycle\":2", "\"tuktuk\":2");
            case "UNKNOWNCAM" -> GOOD.replace("cam-0001", "cam-9999");
            case "WRONGSEG" -> GOOD.replace("seg-nguyen-hue-a", "seg-le-loi-a");
            case "FUTURE" -> GOOD.replace("2026-11-23T08:00:00+07:00", "2026-11-23T09:00:00+07:00");
            case "BADTS" -> GOOD.replace("2026-11-23T08:00:00+07:00", "yesterday");
            default -> variant;
        };
        String topicDevice = variant.equals("UNKNOWNCAM") ? "cam-9999" : "cam-0001";
        Rejection r = assertThrows(Rejection.class, () -> parse(json, topicDevice));
        assertEquals(expected, r.reason(), r.detail());
    }

    @Test
    void deviceIdMustMatchTheTopic() {
        Rejection r = assertThrows(Rejection.class, () -> parse(GOOD, "cam-0002"));
        assertEquals(RejectReason.DEVICE_MISMATCH, r.reason());
    }

    @Test
    void oversizePayloadIsRejectedBeforeParsing() {
        Rejection r = assertThrows(Rejection.class, () -> CameraCounts.parse(new byte[5000], "cam-0001", registry, 4096, NOW));
        assertEquals(RejectReason.OVERSIZE, r.reason());
    }
}
