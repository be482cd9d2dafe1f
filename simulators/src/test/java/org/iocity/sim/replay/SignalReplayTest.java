package org.iocity.sim.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iocity.model.records.Json;
import org.junit.jupiter.api.Test;

/** Reading a hi-res log CSV and cutting it into controller batches, and the bins table. */
class SignalReplayTest {
    static final ZoneId HCMC = ZoneId.of("Asia/Ho_Chi_Minh");

    @Test
    void logLinesInLocalTimeWithOrWithoutHeaderAndOffsetsAreRead() throws Exception {
        String csv = """
                timestamp,device,code,param
                2026-11-20 08:00:00.1,sig-0001,1,2
                2026-11-20T08:00:00.200,sig-0001,301,1000
                2026-11-20T01:00:00.3Z,sig-0001,82,5
                not a time,sig-0001,1,2
                2026-11-20 08:00:01,sig-0001,70000,1

                2026-11-20 08:00:02,sig-0001,8
                """;
        HiResLog.Read r = HiResLog.read(new StringReader(csv), HCMC);
        assertEquals(3, r.events().size());
        assertEquals(Instant.parse("2026-11-20T01:00:00.100Z"), r.events().get(0).ts());
        assertEquals(new HiResLog.Event("sig-0001", Instant.parse("2026-11-20T01:00:00.200Z"), 301, 1000, 3), r.events().get(1));
        assertEquals(Instant.parse("2026-11-20T01:00:00.300Z"), r.events().get(2).ts());
        assertEquals(List.of(5L, 6L, 8L), r.bad().stream().map(HiResLog.BadLine::line).toList());
        assertTrue(r.bad().get(1).reason().contains("code 70000"), r.bad().get(1).reason());

        // ATSPM's own column names in another order, no header needed otherwise
        HiResLog.Read atspm = HiResLog.read(new StringReader("SignalID,Timestamp,EventCode,EventParam\n7115,2026-11-20 08:00:00,1,2\n"), HCMC);
        assertEquals(new HiResLog.Event("7115", Instant.parse("2026-11-20T01:00:00Z"), 1, 2, 2), atspm.events().get(0));
        HiResLog.Read bare = HiResLog.read(new StringReader("2026-11-20 08:00:00+07:00,sig-0002,1,2\n"), ZoneId.of("UTC"));
        assertEquals(Instant.parse("2026-11-20T01:00:00Z"), bare.events().get(0).ts());
    }

    static HiResLog.Event ev(String device, String ts, int code) {
        return new HiResLog.Event(device, Instant.parse(ts), code, 1, 0);
    }

    @Test
    void eachDeviceIsCutInTenSecondBatchesInTimeOrderWithSeqFromOneAndTheLastEventsTime() {
        List<HiResLog.Event> log = List.of(
                ev("a", "2026-11-20T01:00:09.900Z", 8), ev("b", "2026-11-20T01:00:01Z", 1), ev("a", "2026-11-20T01:00:00Z", 1),
                ev("a", "2026-11-20T01:00:10Z", 10), ev("a", "2026-11-20T01:00:35Z", 1), ev("b", "2026-11-20T01:00:12Z", 8));
        List<SignalReplay.Batch> batches = SignalReplay.batches(log, Map.of("b", "sig-0002"), Duration.ofSeconds(10), 65_536);
        assertEquals(List.of("sig-0002#1@01:00:01Z", "a#1@01:00:09.900Z", "a#2@01:00:10Z", "sig-0002#2@01:00:12Z", "a#3@01:00:35Z"),
                batches.stream().map(b -> b.device() + "#" + b.seq() + "@" + b.ts().toString().substring(11)).toList());
        assertEquals(List.of(1, 8), batches.get(1).events().stream().map(HiResLog.Event::code).toList());

        JsonNode msg = Json.mapper().valueToTree(Json.fromBytes(batches.get(1).json(), Map.class));
        assertEquals(1, msg.path("v").asInt());
        assertEquals("a", msg.path("deviceId").asText());
        assertEquals(1, msg.path("seq").asLong());
        assertEquals(Instant.parse("2026-11-20T01:00:09.900Z").toEpochMilli(), msg.path("ts").asLong());
        assertEquals(2, msg.path("events").size());
        assertEquals("ioc/v1/signal/sig-0002/events", batches.get(0).topic());

        SignalReplay.DeviceSummary a = SignalReplay.summary(batches).get(0);
        assertEquals(new SignalReplay.DeviceSummary("a", 3, 4, Instant.parse("2026-11-20T01:00:00Z"),
                Instant.parse("2026-11-20T01:00:35Z"), 0), a);
    }

    @Test
    void aWindowFullerThanAMessageMayHoldIsCutUnderThePayloadLimit() {
        Instant t = Instant.parse("2026-11-20T01:00:00Z");
        List<HiResLog.Event> busy = java.util.stream.IntStream.range(0, 500)
                .mapToObj(i -> new HiResLog.Event("a", t.plusMillis(i), 65_535, 65_535, i)).toList();
        List<SignalReplay.Batch> batches = SignalReplay.batches(busy, Map.of(), Duration.ofSeconds(10), 4096);
        assertTrue(batches.size() > 1);
        assertEquals(500, batches.stream().mapToInt(b -> b.events().size()).sum());
        for (SignalReplay.Batch b : batches) assertTrue(b.json().length <= 4096, b.json().length + " bytes");
    }

    @Test
    void binsOfTheReplayedIntersectionsAndSpanAreKeptLastVersionWinsAndPrinted() {
        Instant from = Instant.parse("2026-11-20T01:02:00Z");
        Instant to = Instant.parse("2026-11-20T01:31:00Z");
        PerformanceBins bins = new PerformanceBins(Set.of("x-1"), from, to);
        assertTrue(bins.accept(bin("x-1", "2026-11-20T01:00:00Z", 3)));
        assertTrue(!bins.accept(bin("x-2", "2026-11-20T01:00:00Z", 3)));
        assertTrue(!bins.accept(bin("x-1", "2026-11-20T00:45:00Z", 3)));
        assertTrue(!bins.accept("{\"kind\":\"cycle\",\"intersectionId\":\"x-1\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(!bins.complete(), "01:15 is still missing");
        assertTrue(bins.accept(bin("x-1", "2026-11-20T01:15:00Z", 4)));
        assertTrue(bins.accept(bin("x-1", "2026-11-20T01:15:00Z", 5)));
        assertTrue(bins.complete(), "the last, partial bin (01:30) is not waited for");
        assertEquals(2, bins.count());
        java.io.StringWriter text = new java.io.StringWriter();
        bins.print(new java.io.PrintWriter(text), HCMC);
        List<String> lines = text.toString().lines().toList();
        assertEquals(3, lines.size(), text.toString());
        assertTrue(lines.get(1).startsWith("2026-11-20 08:00  x-1"), lines.get(1));
        assertTrue(lines.get(2).matches("2026-11-20 08:15  x-1 +2 +5 .*"), lines.get(2));
    }

    static byte[] bin(String intersection, String start, int cycles) {
        return ("{\"kind\":\"bin\",\"intersectionId\":\"" + intersection + "\",\"binStart\":\"" + start + "\",\"phases\":"
                + "[{\"phase\":2,\"cycles\":" + cycles + ",\"meanCycleS\":90.0,\"greenS\":30.0,\"percentArrivalsOnGreen\":55.5}]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
