package org.iocity.ingest.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.records.DeviceStatus;
import org.iocity.model.records.EnvReading;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;
import org.iocity.model.records.SignalEvent;
import org.iocity.model.records.SignalEventBatch;
import org.iocity.model.registry.Registry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Signal events, sensor readings and device status: normalisation and every refusal. */
class DeviceStreamsValidationTest {
    static Registry registry;
    static final Instant NOW = Instant.parse("2026-11-23T01:00:30Z");
    static final String SIGNAL = """
            {"v":1,"deviceId":"sig-0001","seq":5,"ts":"2026-11-23T08:00:00+07:00","events":[
             {"ts":"2026-11-23T07:59:50+07:00","code":1,"param":2},{"ts":1795395592000,"code":82,"param":5},
             {"ts":1795395592000,"code":81,"param":5}]}""";

    @BeforeAll
    static void loadRegistry() {
        registry = Registry.load(Path.of("../config/registry.json"));
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static RejectReason signalRefusal(String json, String topicDevice) {
        return assertThrows(Rejection.class, () -> SignalEvents.parse(b(json), topicDevice, registry, 1 << 20, NOW)).reason();
    }

    @Test
    void signalBatchIsNormalisedInOrderAndEnrichedWithItsIntersection() throws Rejection {
        SignalEventBatch batch = SignalEvents.parse(b(SIGNAL), "sig-0001", registry, 4096, NOW);
        assertEquals("sig-0001", batch.deviceId());
        assertEquals(5, batch.seq());
        assertEquals("x-le-loi-nguyen-hue", batch.intersectionId());
        assertEquals("sai-gon", batch.ward());
        assertEquals(3, batch.events().size());
        assertEquals(new SignalEvent(Instant.parse("2026-11-23T00:59:50Z"), 1, 2), batch.events().get(0));
        assertEquals(82, batch.events().get(1).code());
    }

    static String signalWith(String events) {
        return "{\"v\":1,\"deviceId\":\"sig-0001\",\"seq\":5,\"ts\":1795395592000,\"events\":" + events + "}";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[]                                                                  | OUT_OF_RANGE",
            "{}                                                                  | WRONG_TYPE",
            "[1]                                                                 | WRONG_TYPE",
            "[{\"ts\":1795395592000,\"code\":65536,\"param\":1}]                 | OUT_OF_RANGE",
            "[{\"ts\":1795395592000,\"code\":1,\"param\":-1}]                    | OUT_OF_RANGE",
            "[{\"ts\":1795395592000,\"code\":\"1\",\"param\":1}]                 | WRONG_TYPE",
            "[{\"ts\":1795395592000,\"param\":1}]                                | MISSING_FIELD",
            "[{\"ts\":1795395592000,\"code\":1,\"param\":1},{\"ts\":1795395591000,\"code\":1,\"param\":1}] | OUT_OF_ORDER",
            "[{\"ts\":1963859592000,\"code\":1,\"param\":1}]                     | OUT_OF_RANGE",
    })
    void badSignalEventsAreRefused(String events, RejectReason reason) {
        assertEquals(reason, signalRefusal(signalWith(events), "sig-0001"));
    }

    @Test
    void signalBatchWithoutEventsOrTooManyOrFromANonControllerIsRefused() {
        assertEquals(RejectReason.MISSING_FIELD, signalRefusal("{\"v\":1,\"deviceId\":\"sig-0001\",\"seq\":5,\"ts\":1795395592000}", "sig-0001"));
        String many = IntStream.range(0, DeviceContract.MAX_EVENTS + 1).mapToObj(i -> "{\"ts\":1795395592000,\"code\":1,\"param\":1}")
                .collect(Collectors.joining(",", "[", "]"));
        Rejection r = assertThrows(Rejection.class, () -> SignalEvents.parse(b(signalWith(many)), "sig-0001", registry, 1 << 20, NOW));
        assertEquals(RejectReason.OUT_OF_RANGE, r.reason());
        assertTrue(r.detail().contains("10001"), r.detail());
        assertEquals(RejectReason.UNKNOWN_DEVICE, signalRefusal(SIGNAL.replace("sig-0001", "cam-0001"), "cam-0001"));
        assertEquals(RejectReason.UNKNOWN_DEVICE, signalRefusal(SIGNAL.replace("sig-0001", "sig-9999"), "sig-9999"));
    }

    static EnvReading env(String json, String device, String kind) throws Rejection {
        return EnvReadings.parse(b(json), device, kind, registry, 4096, NOW);
    }

    static RejectReason envRefusal(String json, String device, String kind) {
        return assertThrows(Rejection.class, () -> env(json, device, kind)).reason();
    }

    static String sensor(String device, String values) {
        return "{\"v\":1,\"deviceId\":\"" + device + "\",\"seq\":9,\"ts\":\"2026-11-23T08:00:00+07:00\"" + values + "}";
    }

    @Test
    void sensorReadingsOfEachKindAreNormalisedWithWardAndLocation() throws Rejection {
        EnvReading air = env(sensor("aq-0001", ",\"pm25\":35.5,\"pm10\":60"), "aq-0001", "air");
        assertEquals("air", air.kind());
        assertEquals(35.5, air.pm25());
        assertEquals(60.0, air.pm10());
        assertNull(air.no2());
        assertNull(air.laeq());
        assertEquals("sai-gon", air.ward());
        assertEquals(10.7769, air.lat());
        EnvReading water = env(sensor("wl-0001", ",\"waterLevelCm\":-12.5"), "wl-0001", "water");
        assertEquals(-12.5, water.waterLevelCm());
        assertEquals("thanh-my-tay", water.ward());
        EnvReading noise = env(sensor("ns-0001", ",\"laeq\":72"), "ns-0001", "noise");
        assertEquals(72.0, noise.laeq());
        assertEquals(9, noise.seq());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "aq-0001 | air   | ''                          | MISSING_FIELD",
            "aq-0001 | air   | ,\"pm25\":1000.5            | OUT_OF_RANGE",
            "aq-0001 | air   | ,\"no2\":\"high\"           | WRONG_TYPE",
            "aq-0001 | air   | ,\"no2\":2001               | OUT_OF_RANGE",
            "wl-0001 | water | ,\"waterLevelCm\":-51       | OUT_OF_RANGE",
            "wl-0001 | water | ,\"waterLevelCm\":501       | OUT_OF_RANGE",
            "ns-0001 | noise | ,\"laeq\":151               | OUT_OF_RANGE",
            "ns-0001 | noise | ,\"pm25\":3                 | MISSING_FIELD",
            "aq-0001 | water | ,\"waterLevelCm\":1         | DEVICE_MISMATCH",
            "cam-0001 | air  | ,\"pm25\":3                 | UNKNOWN_DEVICE",
            "aq-0001 | smoke | ,\"pm25\":3                 | UNKNOWN_TOPIC",
    })
    void badSensorReadingsAreRefused(String device, String kind, String values, RejectReason reason) {
        assertEquals(reason, envRefusal(sensor(device, values), device, kind));
    }

    static DeviceStatus status(String json, String type, String device) throws Rejection {
        return DeviceStatuses.parse(b(json), type, device, registry, 4096, NOW);
    }

    @Test
    void statusWithAndWithoutSeqAndTs() throws Rejection {
        DeviceStatus full = status("{\"v\":1,\"deviceId\":\"cam-0001\",\"seq\":3,\"ts\":\"2026-11-23T08:00:00+07:00\","
                + "\"state\":\"online\",\"firmware\":\"2.4.1\",\"battery\":87}", "camera", "cam-0001");
        assertEquals("online", full.state());
        assertEquals("2.4.1", full.firmware());
        assertEquals(87.0, full.battery());
        assertEquals(3, full.seq());
        assertEquals("camera", full.type());
        assertEquals("sai-gon", full.ward(), "a camera's ward comes from its segment");
        DeviceStatus will = status("{\"v\":1,\"deviceId\":\"sig-0002\",\"state\":\"offline\"}", "signal", "sig-0002");
        assertEquals("offline", will.state());
        assertEquals(DeviceContract.NO_SEQ, will.seq());
        assertEquals(NOW, will.eventTime());
        assertNull(will.battery());
        assertEquals("sai-gon", will.ward());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "camera | cam-0001 | ,\"state\":\"asleep\"                 | OUT_OF_RANGE",
            "camera | cam-0001 | ''                                    | MISSING_FIELD",
            "camera | cam-0001 | ,\"state\":\"online\",\"battery\":101 | OUT_OF_RANGE",
            "camera | cam-0001 | ,\"state\":\"online\",\"firmware\":7  | WRONG_TYPE",
            "camera | cam-0001 | ,\"state\":\"online\",\"seq\":-1      | OUT_OF_RANGE",
            "sensor | cam-0001 | ,\"state\":\"online\"                 | DEVICE_MISMATCH",
            "camera | cam-9999 | ,\"state\":\"online\"                 | UNKNOWN_DEVICE",
    })
    void badStatusIsRefused(String type, String device, String fields, RejectReason reason) {
        String json = "{\"v\":1,\"deviceId\":\"" + device + "\"" + fields + "}";
        assertEquals(reason, assertThrows(Rejection.class, () -> status(json, type, device)).reason());
    }

    @Test
    void seqStaysRequiredOutsideStatus() {
        assertEquals(RejectReason.MISSING_FIELD, envRefusal("{\"v\":1,\"deviceId\":\"ns-0001\",\"ts\":1795395592000,\"laeq\":50}", "ns-0001", "noise"));
    }
}
