package org.iocity.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.Json;
import org.iocity.model.records.VehicleCounts;
import org.junit.jupiter.api.Test;

/** The reader gives exactly the general mapper's record, or its error, for plain and odd JSON alike. */
class CameraObservationJsonTest {

    static CameraObservation random(Random r) {
        Instant t = Instant.ofEpochSecond(1_600_000_000L + r.nextInt(400_000_000), r.nextBoolean() ? 0 : r.nextInt(1_000_000_000));
        return new CameraObservation("cam-" + r.nextInt(5000), r.nextLong(), t, t.plusMillis(r.nextInt(5000)),
                r.nextInt(10) == 0 ? null : "seg-" + r.nextInt(500), r.nextInt(5) == 0 ? null : "phường " + r.nextInt(50),
                r.nextInt(90) + r.nextDouble(), r.nextInt(600), r.nextInt(400),
                r.nextInt(10) == 0 ? null : new VehicleCounts(r.nextInt(300), r.nextInt(50), r.nextInt(5), r.nextInt(9), 0),
                r.nextDouble() * 80, r.nextDouble());
    }

    @Test
    void readsWhatTheRecordsAreWrittenAs() throws Exception {
        Random r = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            CameraObservation o = random(r);
            byte[] json = Json.toBytes(o);
            assertEquals(o, CameraObservationJson.read(json));
            assertEquals(Json.fromBytes(json, CameraObservation.class), CameraObservationJson.read(json));
        }
    }

    @Test
    void oddJsonReadsAsTheGeneralMapperReadsIt() {
        String plain = "\"deviceId\":\"cam-1\",\"seq\":3,\"segmentId\":\"s\",\"intervalSec\":10,\"intensity\":4";
        for (String json : List.of(
                "{" + plain + ",\"eventTime\":\"2026-11-23T01:00:10+07:00\"}",     // an offset
                "{" + plain + ",\"eventTime\":\"2026-11-23T01:00:10.5Z\"}",
                "{" + plain + ",\"eventTime\":\"2024-02-29T23:59:59.123456789Z\"}",
                "{" + plain + ",\"eventTime\":\"2023-02-29T00:00:00Z\"}",           // no such day
                "{" + plain + ",\"eventTime\":\"2026-11-23T24:00:00Z\"}",
                "{" + plain + ",\"eventTime\":\"2026-11-23t01:00:10z\"}",
                "{" + plain + ",\"eventTime\":1795395210}",                         // epoch seconds
                "{" + plain + ",\"eventTime\":1795395210.250}",
                "{" + plain + ",\"eventTime\":\"1795395210000\"}",
                "{" + plain + ",\"eventTime\":null,\"ward\":null}",
                "{" + plain + ",\"seq\":7}",                                         // a repeated field
                "{" + plain + ",\"occupancy\":\"0.5\",\"freeFlowKmh\":40}",          // text for a number
                "{" + plain + ",\"byClass\":{\"car\":2,\"car\":3,\"tram\":[1,{\"x\":2}]}}",
                "{" + plain + ",\"byClass\":{\"car\":2.7}}",
                "{" + plain + ",\"byClass\":[]}",
                "{" + plain + ",\"intervalSec\":99999999999}",
                "{" + plain + ",\"v\":1,\"extra\":{\"a\":[1,2,{\"b\":null}]},\"payload\":\"x\"}",
                "{" + plain + "} trailing",
                "{" + plain,
                "[1,2]",
                "",
                "null")) {
            readsAsTheGeneralMapper(json.getBytes(StandardCharsets.UTF_8), json);
        }
    }

    /** {@link CameraObservationJson#read} gives the general mapper's record, or throws with its message. */
    static void readsAsTheGeneralMapper(byte[] bytes, String shown) {
        CameraObservation expected;
        try {
            expected = Json.fromBytes(bytes, CameraObservation.class);
        } catch (RuntimeException e) {
            RuntimeException ours = assertThrows(RuntimeException.class, () -> CameraObservationJson.read(bytes), shown);
            assertEquals(e.getMessage(), ours.getMessage(), shown);
            return;
        }
        assertEquals(expected, CameraObservationJson.read(bytes), shown);
    }

    /** A record with every field set, as ingest writes them: the plain form. */
    static CameraObservation plain(Random r) {
        Instant t = Instant.ofEpochSecond(1_600_000_000L + r.nextInt(400_000_000), r.nextBoolean() ? 0 : r.nextInt(1_000_000_000));
        double[] speeds = {r.nextInt(1200) / 10.0, r.nextDouble() * 80, 0.0, -0.0, 40, 1e20, 1.5e-7, -r.nextInt(100) / 100.0};
        return new CameraObservation("cam-" + r.nextInt(5000), r.nextInt(3) == 0 ? -r.nextInt(1000) : r.nextInt(1 << 30),
                t, t.plusMillis(r.nextInt(5000)), "seg-" + r.nextInt(500), r.nextBoolean() ? "ward-" + r.nextInt(50)
                : "phường " + r.nextInt(50), speeds[r.nextInt(speeds.length)], r.nextInt(600), r.nextInt(400),
                new VehicleCounts(r.nextInt(300), r.nextInt(50), r.nextInt(5), r.nextInt(9), 0),
                speeds[r.nextInt(speeds.length)], r.nextInt(3) == 0 ? r.nextDouble() : r.nextInt(100) / 100.0);
    }

    @Test
    void thePlainFormIsReadWithoutAParser() {
        Random r = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            CameraObservation o = plain(r);
            byte[] json = Json.toBytes(o);
            assertEquals(o, CameraObservationBytes.read(json), new String(json, StandardCharsets.UTF_8));
            assertEquals(Json.fromBytes(json, CameraObservation.class), CameraObservationJson.read(json));
        }
    }

    @Test
    void oddValuesInThePlainFormReadAsTheGeneralMapperReadsThem() {
        String json = new String(Json.toBytes(plain(new Random(3))), StandardCharsets.UTF_8);
        List<String> variants = new java.util.ArrayList<>();
        for (String[] swap : new String[][] {
                {"\"seq\":\\d+", "\"seq\":007"}, {"\"seq\":\\d+", "\"seq\":-0"}, {"\"seq\":\\d+", "\"seq\":+1"},
                {"\"seq\":\\d+", "\"seq\":1234567890123456789"}, {"\"seq\":\\d+", "\"seq\":99999999999999999999"},
                {"\"seq\":\\d+", "\"seq\":3.0"}, {"\"seq\":\\d+", "\"seq\": 3"}, {"\"seq\":\\d+", "\"seq\":"},
                {"\"intervalSec\":\\d+", "\"intervalSec\":9999999999"},
                {"\"intervalSec\":\\d+", "\"intervalSec\":2147483648"}, {"\"intervalSec\":\\d+", "\"intervalSec\":-12"},
                {"\"occupancy\":[^}]+", "\"occupancy\":-0"}, {"\"occupancy\":[^}]+", "\"occupancy\":-0.0"},
                {"\"occupancy\":[^}]+", "\"occupancy\":1e5"}, {"\"occupancy\":[^}]+", "\"occupancy\":1E-3"},
                {"\"occupancy\":[^}]+", "\"occupancy\":1."}, {"\"occupancy\":[^}]+", "\"occupancy\":.5"},
                {"\"occupancy\":[^}]+", "\"occupancy\":00.5"}, {"\"occupancy\":[^}]+", "\"occupancy\":1e"},
                {"\"occupancy\":[^}]+", "\"occupancy\":0.1234567890123456789"},
                {"\"occupancy\":[^}]+", "\"occupancy\":123456789012345678901234"},
                {"\"occupancy\":[^}]+", "\"occupancy\":NaN"}, {"\"occupancy\":[^}]+", "\"occupancy\":\"0.5\""},
                {"\"deviceId\":\"[^\"]+", "\"deviceId\":\"cam\\\\u002d1"}, {"\"ward\":\"[^\"]+", "\"ward\":\"a\tb"},
                {"\"ward\":\"[^\"]+", "\"ward\":\"Bến Thành \uD83D\uDE97"},
                {"\"eventTime\":\"[^\"]+", "\"eventTime\":\"2026-11-23T01:00:10+07:00"},
                {"\"eventTime\":\"[^\"]+", "\"eventTime\":\"2026-02-30T01:00:10Z"},
                {"\"car\":\\d+", "\"car\":2,\"tram\":1"}, {"\\}$", "} "}, {"\\}$", "}}"}}) {
            String variant = json.replaceFirst(swap[0], swap[1]);
            assertTrue(!variant.equals(json), swap[0]);
            variants.add(variant);
        }
        for (int cut = 0; cut < json.length(); cut += 7) variants.add(json.substring(0, cut));
        List<byte[]> inputs = new java.util.ArrayList<>(variants.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toList());
        byte[] malformed = json.replace("\"ward\":\"", "\"ward\":\"\u00ff").getBytes(StandardCharsets.ISO_8859_1);
        inputs.add(malformed); // a lone 0xff: not UTF-8
        for (byte[] bytes : inputs) readsAsTheGeneralMapper(bytes, new String(bytes, StandardCharsets.ISO_8859_1));
    }

    @Test
    void utcInstantsReadAsInstantParseReadsThem() {
        for (String s : List.of("2026-11-23T01:00:10Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z",
                "2024-02-29T12:00:00.1Z", "2000-12-31T23:59:59.000000001Z", "0001-01-01T00:00:00Z")) {
            assertEquals(Instant.parse(s), utcInstant(s), s);
        }
        for (String s : List.of("2026-11-23T01:00:10", "2026-11-23T01:00:10.Z", "2026-11-23T01:00:10.1234567891Z",
                "2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-23T01:60:00Z", "+12026-11-23T01:00:10Z")) {
            assertThrows(CameraObservationJson.OffThePath.class, () -> utcInstant(s), s);
        }
    }

    /** {@link UtcInstant} on the bytes of {@code s} (a character beyond Latin-1 becomes '?', which no position accepts). */
    private static Instant utcInstant(String s) {
        return UtcInstant.parse(s.getBytes(StandardCharsets.ISO_8859_1), 0, s.length());
    }
}
