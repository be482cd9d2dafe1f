package org.iocity.ingest.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.Json;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;
import org.iocity.model.records.SignalEvent;
import org.iocity.model.records.SignalEventBatch;
import org.iocity.model.records.VehicleCounts;
import org.iocity.model.registry.Registry;

/**
 * Properties of the device validators: any input gives a record or a {@link Rejection} with a reason, never another
 * exception; valid generated messages are always accepted with the same values.
 */
class ValidatorPropertiesTest {
    static final Registry REGISTRY = Registry.load(Path.of("../config/registry.json"));
    static final Instant NOW = Instant.parse("2026-11-23T01:00:30Z");
    static final int MAX_BYTES = 65_536;

    static final String CAMERA = """
            {"v":1,"deviceId":"cam-0001","seq":42,"ts":"2026-11-23T08:00:00+07:00","segmentId":"seg-nguyen-hue-a",
             "intervalSec":60,"intensity":100,"byClass":{"motorbike":80,"car":15,"bus":2,"truck":1,"bicycle":2},
             "averageVehicleSpeed":24.5,"occupancy":0.3}""";
    static final String SIGNAL = """
            {"v":1,"deviceId":"sig-0001","seq":3,"ts":"2026-11-23T08:00:00+07:00",
             "events":[{"ts":"2026-11-23T08:00:00+07:00","code":1,"param":2},{"ts":1763859600500,"code":8,"param":2}]}""";
    static final String AIR = """
            {"v":1,"deviceId":"aq-0001","seq":4,"ts":"2026-11-23T08:00:00+07:00","pm25":12.5,"pm10":30,"no2":40}""";
    static final String STATUS = """
            {"v":1,"deviceId":"cam-0001","seq":8,"ts":"2026-11-23T08:00:00+07:00","state":"online","firmware":"1.2.3","battery":50}""";

    /** Runs every validator on the bytes; returns the reasons, failing on anything but a Rejection. */
    static void validateAll(byte[] payload) {
        attempt(() -> CameraCounts.parse(payload, "cam-0001", REGISTRY, MAX_BYTES, NOW));
        attempt(() -> SignalEvents.parse(payload, "sig-0001", REGISTRY, MAX_BYTES, NOW));
        attempt(() -> EnvReadings.parse(payload, "aq-0001", "air", REGISTRY, MAX_BYTES, NOW));
        attempt(() -> EnvReadings.parse(payload, "wl-0001", "water", REGISTRY, MAX_BYTES, NOW));
        attempt(() -> EnvReadings.parse(payload, "ns-0001", "noise", REGISTRY, MAX_BYTES, NOW));
        attempt(() -> DeviceStatuses.parse(payload, "camera", "cam-0001", REGISTRY, MAX_BYTES, NOW));
    }

    interface Parse {
        Object run() throws Rejection;
    }

    static void attempt(Parse parse) {
        try {
            assertNotNull(parse.run());
        } catch (Rejection r) {
            assertNotNull(r.reason());
            assertNotNull(r.detail());
        }
    }

    @Property(tries = 300)
    void arbitraryBytesAreRecordsOrRejections(@ForAll @Size(max = 512) byte[] payload) {
        validateAll(payload);
    }

    @Property(tries = 300)
    void arbitraryTextIsARecordOrRejection(@ForAll @Size(max = 300) String text) {
        validateAll(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void byteMutationsOfValidMessagesAreRecordsOrRejections(@ForAll("valid") String message,
                                                           @ForAll @IntRange(min = 0, max = 400) int at,
                                                           @ForAll byte value, @ForAll @IntRange(min = 0, max = 2) int op) {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        int i = at % b.length;
        byte[] out = switch (op) {
            case 0 -> { byte[] c = b.clone(); c[i] = value; yield c; }
            case 1 -> concat(b, i, new byte[] {value}, i);
            default -> concat(b, i, new byte[0], i + 1);
        };
        validateAll(out);
    }

    /** A field of a valid message replaced by a hostile value, or removed. */
    @Property(tries = 1000)
    void fieldMutationsOfValidMessagesAreRecordsOrRejections(@ForAll("valid") String message,
                                                            @ForAll @IntRange(min = 0, max = 50) int field,
                                                            @ForAll("hostile") String replacement) throws Exception {
        ObjectNode root = (ObjectNode) Json.mapper().readTree(message);
        mutate(root, field, replacement);
        validateAll(Json.mapper().writeValueAsBytes(root));
    }

    static void mutate(ObjectNode root, int field, String replacement) throws Exception {
        List<String> names = iterableToList(root.fieldNames());
        String name = names.get(field % names.size());
        JsonNode child = root.get(name);
        if (child.isObject() && field % 3 == 0) {
            mutate((ObjectNode) child, field / 3, replacement);
        } else if (child.isArray() && !child.isEmpty() && child.get(0).isObject() && field % 3 == 0) {
            mutate((ObjectNode) child.get(field % child.size()), field / 3, replacement);
        } else if (replacement.isEmpty()) {
            root.remove(name);
        } else {
            root.set(name, Json.mapper().readTree(replacement));
        }
    }

    static List<String> iterableToList(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Provide
    Arbitrary<String> valid() {
        return Arbitraries.of(CAMERA, SIGNAL, AIR, STATUS);
    }

    /** JSON values (empty: remove the field) chosen to break validators: types, huge numbers, injection, nesting. */
    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.oneOf(
                Arbitraries.of("", "null", "true", "[]", "{}", "0", "-1", "1.5", "-0.0", "1e400", "-1e400",
                        "9223372036854775807", "9223372036854775808", "-9223372036854775809",
                        "18446744073709551616000", "1e19", "\"\"", "\" \"", "\"2026-11-23T08:00:00\"",
                        "\"+999999999-12-31T23:59:59+18:00\"", "\"-999999999-01-01T00:00:00-18:00\"",
                        "\"'; DROP TABLE devices; --\"", "\"<script>alert(1)</script>\"", "\"\\u0000\\u001b[2J\"",
                        "\"cam-0001\\u202e\"", "\"\\ud800\"", "\"cam\\u00ad-0001\"", "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]",
                        "{\"a\":{\"b\":{\"c\":1}}}"),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(d -> Double.isFinite(d) ? Double.toString(d) : "0"),
                Arbitraries.strings().ofMaxLength(80).map(Json::toString));
    }

    /** Valid camera messages with generated values are accepted and normalised with the same values. */
    @Property(tries = 500)
    void generatedValidCameraMessagesAreAcceptedUnchanged(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seq,
                                                         @ForAll @LongRange(min = -7 * 86_400_000L + 1000, max = 5 * 60_000L) long offsetMs,
                                                         @ForAll @IntRange(min = 1, max = 3600) int intervalSec,
                                                         @ForAll("counts") long[] counts,
                                                         @ForAll @IntRange(min = 0, max = 2000) int speedTenths,
                                                         @ForAll @IntRange(min = 0, max = 1000) int occupancyMilli,
                                                         @ForAll boolean epochMillis) throws Rejection {
        Instant ts = NOW.plusMillis(offsetMs);
        long intensity = counts[0] + counts[1] + counts[2] + counts[3] + counts[4] + counts[5];
        double speed = speedTenths / 10.0;
        double occupancy = occupancyMilli / 1000.0;
        String json = "{\"v\":1,\"deviceId\":\"cam-0001\",\"seq\":" + seq + ",\"ts\":"
                + (epochMillis ? Long.toString(ts.toEpochMilli()) : "\"" + ts.atOffset(java.time.ZoneOffset.ofHours(7)) + "\"")
                + ",\"segmentId\":\"seg-nguyen-hue-a\",\"intervalSec\":" + intervalSec + ",\"intensity\":" + intensity
                + ",\"byClass\":{\"motorbike\":" + counts[0] + ",\"car\":" + counts[1] + ",\"bus\":" + counts[2]
                + ",\"truck\":" + counts[3] + ",\"bicycle\":" + counts[4] + "},\"averageVehicleSpeed\":" + speed
                + ",\"occupancy\":" + occupancy + "}";
        CameraObservation o = CameraCounts.parse(json.getBytes(StandardCharsets.UTF_8), "cam-0001", REGISTRY, MAX_BYTES, NOW);
        assertEquals(seq, o.seq());
        assertEquals(ts, o.eventTime());
        assertEquals(intervalSec, o.intervalSec());
        assertEquals(intensity, o.intensity());
        assertEquals(new VehicleCounts(counts[0], counts[1], counts[2], counts[3], counts[4]), o.byClass());
        assertEquals(speed, o.averageSpeedKmh());
        assertEquals(occupancy, o.occupancy());
        assertEquals("seg-nguyen-hue-a", o.segmentId());
    }

    /** Five class counts and an unclassified rest, adding up to at most {@link DeviceContract#MAX_INTENSITY}. */
    @Provide
    Arbitrary<long[]> counts() {
        return Arbitraries.longs().between(0, DeviceContract.MAX_INTENSITY / 6).array(long[].class).ofSize(6);
    }

    /** Valid signal batches in time order are accepted with every event kept. */
    @Property(tries = 300)
    void generatedValidSignalBatchesAreAcceptedUnchanged(@ForAll @Size(min = 1, max = 50) List<@IntRange(min = 0, max = 255) Integer> codes,
                                                        @ForAll @LongRange(min = 0, max = 10_000) long stepMs) throws Rejection {
        StringBuilder events = new StringBuilder();
        Instant start = NOW.minusSeconds(3600);
        for (int i = 0; i < codes.size(); i++) {
            if (i > 0) events.append(',');
            events.append("{\"ts\":").append(start.plusMillis(i * stepMs).toEpochMilli()).append(",\"code\":")
                    .append(codes.get(i)).append(",\"param\":").append(255 - codes.get(i)).append('}');
        }
        String json = "{\"v\":1,\"deviceId\":\"sig-0001\",\"seq\":1,\"ts\":" + start.toEpochMilli() + ",\"events\":[" + events + "]}";
        SignalEventBatch b = SignalEvents.parse(json.getBytes(StandardCharsets.UTF_8), "sig-0001", REGISTRY, MAX_BYTES, NOW);
        assertEquals(codes.size(), b.events().size());
        for (int i = 0; i < codes.size(); i++) {
            assertEquals(new SignalEvent(start.plusMillis(i * stepMs), codes.get(i), 255 - codes.get(i)), b.events().get(i));
        }
    }

    /**
     * A batch of any codes and params 0..65535 with one bad event at any place: every good event is kept, in order,
     * and only the bad one is refused, its index in the reason; the vendor codes are the good events' codes above 255.
     */
    @Property(tries = 300)
    void oneBadEventAnywhereIsRefusedAloneAndEveryOtherEventKept(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 65_535) Integer> codes,
            @ForAll @IntRange(min = 0, max = 40) int badAt, @ForAll("badEvents") String bad) throws Rejection {
        int at = Math.min(badAt, codes.size());
        Instant start = NOW.minusSeconds(3600);
        StringBuilder events = new StringBuilder();
        for (int i = 0; i <= codes.size(); i++) {
            if (i > 0) events.append(',');
            if (i == at) {
                events.append(bad.replace("${ts}", Long.toString(start.plusMillis(i).toEpochMilli())));
                continue;
            }
            int c = codes.get(i < at ? i : i - 1);
            events.append("{\"ts\":").append(start.plusMillis(i).toEpochMilli()).append(",\"code\":").append(c)
                    .append(",\"param\":").append(65_535 - c).append('}');
        }
        String json = "{\"v\":1,\"deviceId\":\"sig-0001\",\"seq\":1,\"ts\":" + start.toEpochMilli() + ",\"events\":[" + events + "]}";
        SignalEvents.Read r = SignalEvents.read(json.getBytes(StandardCharsets.UTF_8), "sig-0001", REGISTRY, 1 << 20, NOW,
                DeviceContract.MAX_AGE_SIGNAL);
        assertEquals(1, r.refused().size());
        assertEquals(at, r.refused().get(0).index());
        assertEquals(true, r.refused().get(0).rejection().detail().startsWith("events[" + at + "]"), r.refused().get(0).rejection().detail());
        assertEquals(codes, r.batch().events().stream().map(SignalEvent::code).toList());
        assertEquals(codes.stream().filter(c -> c > 255).toList(), r.vendorCodes());
    }

    @Provide
    Arbitrary<String> badEvents() {
        return Arbitraries.of(
                "{\"ts\":${ts},\"code\":65536,\"param\":1}",
                "{\"ts\":${ts},\"code\":1,\"param\":-1}",
                "{\"ts\":${ts},\"code\":\"1\",\"param\":1}",
                "{\"ts\":${ts},\"param\":1}",
                "{\"code\":1,\"param\":1}",
                "[1,2]",
                "{\"ts\":" + NOW.minusSeconds(86_400L * 400).toEpochMilli() + ",\"code\":1,\"param\":1}",
                "{\"ts\":" + NOW.plusSeconds(86_400).toEpochMilli() + ",\"code\":1,\"param\":1}");
    }

    /**
     * An integral {@code ts} beyond the range of a long is refused, never wrapped round into some other instant
     * (here: one that wraps to exactly the time received).
     */
    @Property(tries = 200)
    void integralTimestampsBeyondLongAreRefused(@ForAll @LongRange(min = 1, max = 1_000_000) long wraps,
                                                @ForAll boolean negative) {
        java.math.BigInteger ts = java.math.BigInteger.TWO.pow(64).multiply(java.math.BigInteger.valueOf(negative ? -wraps : wraps))
                .add(java.math.BigInteger.valueOf(NOW.toEpochMilli()));
        String json = CAMERA.replace("\"2026-11-23T08:00:00+07:00\"", ts.toString());
        Rejection r = org.junit.jupiter.api.Assertions.assertThrows(Rejection.class,
                () -> CameraCounts.parse(json.getBytes(StandardCharsets.UTF_8), "cam-0001", REGISTRY, MAX_BYTES, NOW));
        assertEquals(RejectReason.OUT_OF_RANGE, r.reason(), r.getMessage());
    }

    /** Nesting of any depth in an unread field is a record or a rejection (beyond Jackson's limit: malformed). */
    @Property(tries = 50)
    void deepNestingIsARecordOrRejection(@ForAll @IntRange(min = 1, max = 20_000) int depth) {
        validateAll((CAMERA.substring(0, CAMERA.length() - 1) + ",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Anything after the one JSON object (a second object, garbage) makes the message malformed. */
    @Property(tries = 200)
    void trailingContentIsMalformed(@ForAll("valid") String message, @ForAll("trailing") String suffix) {
        byte[] payload = (message + suffix).getBytes(StandardCharsets.UTF_8);
        Rejection r = org.junit.jupiter.api.Assertions.assertThrows(Rejection.class,
                () -> DeviceMessage.parse(payload, null, MAX_BYTES, NOW, true));
        assertEquals(RejectReason.MALFORMED_JSON, r.reason(), r.getMessage());
    }

    @Provide
    Arbitrary<String> trailing() {
        return Arbitraries.oneOf(Arbitraries.of("{}", "{\"deviceId\":\"cam-0002\"}", "]", "x", "1", "null", " \"a\""),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20));
    }

    /** A field given twice (which one a reader takes differs between parsers) makes the message malformed. */
    @Property(tries = 100)
    void duplicateFieldsAreMalformed(@ForAll("valid") String message, @ForAll @IntRange(min = 0, max = 50) int field) throws Exception {
        JsonNode root = Json.mapper().readTree(message);
        List<String> names = iterableToList(root.fieldNames());
        String name = names.get(field % names.size());
        String twice = message.substring(0, message.length() - 1) + "," + Json.toString(name) + ":" + root.get(name) + "}";
        Rejection r = org.junit.jupiter.api.Assertions.assertThrows(Rejection.class,
                () -> DeviceMessage.parse(twice.getBytes(StandardCharsets.UTF_8), null, MAX_BYTES, NOW, true));
        assertEquals(RejectReason.MALFORMED_JSON, r.reason(), r.getMessage());
    }

    static byte[] concat(byte[] b, int cut, byte[] middle, int resume) {
        int tail = Math.max(0, b.length - resume);
        byte[] out = new byte[cut + middle.length + tail];
        System.arraycopy(b, 0, out, 0, cut);
        System.arraycopy(middle, 0, out, cut, middle.length);
        System.arraycopy(b, Math.min(resume, b.length), out, cut + middle.length, tail);
        return out;
    }
}
