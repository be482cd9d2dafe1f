package org.iocity.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iocity.ingest.contract.CameraCounts;
import org.iocity.ingest.contract.DeviceMessage;
import org.iocity.ingest.contract.DeviceStatuses;
import org.iocity.ingest.contract.EnvReadings;
import org.iocity.ingest.contract.SignalEvents;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.records.Rejection;
import org.iocity.model.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CitySimulatorTest {
    static final Registry REGISTRY = Registry.load(Path.of("../config/registry.json"));
    static final ZoneId CITY = ZoneId.of("Asia/Ho_Chi_Minh");
    /**
     * 08:00 in the city on the latest weekday at least two days ago: the weekday morning peak whatever the day and hour
     * the test runs (traffic, so the batches, depend on both), and within the gateway's {@code DeviceContract.MAX_AGE}.
     */
    static final Instant START = latestWeekdayMorning(LocalDate.now(CITY).minusDays(2));

    static Instant latestWeekdayMorning(LocalDate from) {
        LocalDate day = from;
        while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) day = day.minusDays(1);
        return day.atTime(8, 0).atZone(CITY).toInstant();
    }

    static CitySimulator city(RecordingPublisher pub, CitySimulator.Faults faults) {
        List<Registry.Device> cameras = CameraSimulator.cameras(REGISTRY, 5);
        List<Registry.Device> signals = REGISTRY.devices("signal").stream()
                .filter(d -> REGISTRY.intersection(d.intersectionId()).map(Registry.Intersection::smart).orElse(false)).toList();
        return new CitySimulator(List.of(
                CitySimulator.cameras(cameras, new CameraMessageFactory(CityTrafficModel.of(REGISTRY, 1)), 10),
                CitySimulator.signals(signals, d -> SignalController.of(REGISTRY.intersection(d.intersectionId()).orElseThrow(),
                        d.id(), 1, START), 10),
                CitySimulator.sensors(REGISTRY.devices("sensor"), new EnvironmentModel(1, true), 60)), pub, faults, 1);
    }

    static void rounds(CitySimulator sim, Duration length) {
        sim.publishStatus("online", START);
        for (long s = 0; s <= length.toSeconds(); s += sim.tickSec()) sim.round(START.plusSeconds(s), Long.MAX_VALUE);
    }

    /** Validates a message as the gateway would; returns {device/stream key, seq}. */
    static Map.Entry<String, Long> validate(RecordingPublisher.Sent m) throws Rejection {
        String[] t = m.topic().split("/");
        Instant now = Instant.now();
        String id = t[3];
        long seq;
        switch (t[4]) {
            case "counts" -> seq = CameraCounts.parse(m.payload(), id, REGISTRY, 1 << 20, now).seq();
            case "events" -> seq = SignalEvents.parse(m.payload(), id, REGISTRY, 1 << 20, now).seq();
            case "status" -> seq = DeviceStatuses.parse(m.payload(), t[2], id, REGISTRY, 1 << 20, now).seq();
            default -> seq = EnvReadings.parse(m.payload(), id, t[4], REGISTRY, 1 << 20, now).seq();
        }
        return Map.entry(id + "/" + t[4], seq);
    }

    @Test
    void everyStreamSendsWhatTheGatewayAcceptsNumberedOneByOne() throws Exception {
        RecordingPublisher pub = new RecordingPublisher();
        CitySimulator sim = city(pub, CitySimulator.Faults.none());
        assertEquals(10, sim.tickSec());
        rounds(sim, Duration.ofMinutes(10));
        Map<String, Long> last = new HashMap<>();
        Map<String, Integer> byKind = new HashMap<>();
        for (RecordingPublisher.Sent m : pub.sent()) {
            var key = validate(m);
            long expected = last.getOrDefault(key.getKey(), 0L) + 1;
            assertEquals(expected, key.getValue(), "seq of " + key.getKey());
            last.put(key.getKey(), key.getValue());
            byKind.merge(m.topic().split("/")[4], 1, Integer::sum);
            assertEquals(m.topic().endsWith("/status"), m.retained(), m.topic());
        }
        assertEquals(5 * 61, byKind.get("counts"));
        assertEquals(4 * 60, byKind.get("events"), "every smart controller has events in every 10 s batch after the first");
        assertEquals(REGISTRY.devices("sensor").size() * 11L, byKind.get("air") + byKind.getOrDefault("water", 0)
                + byKind.getOrDefault("noise", 0), byKind.toString());
        assertEquals(5 + 4 + REGISTRY.devices("sensor").size(), byKind.get("status"));
        assertEquals(5 * 61, sim.sentByStream().get("cameras"));
    }

    @Test
    void duplicatesLateBatchesAndASilentDeviceAreWhatTheyClaim() throws Exception {
        RecordingPublisher pub = new RecordingPublisher();
        Instant silentFrom = START.plus(Duration.ofMinutes(5));
        CitySimulator sim = city(pub, new CitySimulator.Faults(0.05, 0.05, Map.of("cam-0001", silentFrom)));
        rounds(sim, Duration.ofMinutes(30));
        int duplicates = 0;
        int outOfOrder = 0;
        Map<String, Long> highest = new HashMap<>();
        List<String> cam1 = new ArrayList<>();
        for (RecordingPublisher.Sent m : pub.sent()) {
            var key = validate(m);
            if (key.getKey().endsWith("/status")) {
                if (key.getKey().startsWith("cam-0001")) cam1.add(DeviceMessage.parse(m.payload(), "cam-0001", 1 << 20,
                        Instant.now(), true).root().get("state").asText());
                continue;
            }
            long h = highest.getOrDefault(key.getKey(), 0L);
            if (key.getValue() == h) duplicates++;
            else if (key.getValue() < h) outOfOrder++;
            highest.put(key.getKey(), Math.max(h, key.getValue()));
            if (m.topic().contains("cam-0001")) {
                Instant ts = CameraCounts.parse(m.payload(), "cam-0001", REGISTRY, 1 << 20, Instant.now()).eventTime();
                assertTrue(ts.isBefore(silentFrom), "nothing from a silent camera after it went silent: " + ts);
            }
        }
        assertTrue(duplicates > 5, "duplicates " + duplicates);
        assertTrue(outOfOrder > 5, "late, out-of-order messages " + outOfOrder);
        assertEquals(List.of("online", "offline"), cam1, "the silent camera's status turns offline");
        assertTrue(sim.summary().contains("cameras sent"), sim.summary());
    }

    @Test
    void waterRisesDuringRainAndDrainsAfterwards() {
        EnvironmentModel env = new EnvironmentModel(3, false);
        Instant rain = START.plus(Duration.ofHours(1));
        env.addRain(new EnvironmentModel.Rain(rain, Duration.ofMinutes(60), 50));
        assertTrue(env.waterLevelCm("wl-0001", rain.minusSeconds(600)) < 1.5);
        double during = env.waterLevelCm("wl-0001", rain.plus(Duration.ofMinutes(50)));
        assertTrue(during > 10 && during < 60, "flooded street: " + during);
        assertTrue(env.waterLevelCm("wl-0001", rain.plus(Duration.ofMinutes(20))) < during, "rising while it rains");
        assertTrue(env.waterLevelCm("wl-0001", rain.plus(Duration.ofHours(5))) < 1.5, "drained");
        assertTrue(env.air("aq-0001", rain.plus(Duration.ofMinutes(30))).pm25() < env.air("aq-0001", rain.minusSeconds(60)).pm25() * 1.2,
                "rain washes the air");
    }

    @Test
    void aPlanOnTheCommandTopicReachesItsController() {
        List<Registry.Device> signals = List.of(REGISTRY.device("sig-0001").orElseThrow());
        var stream = (CitySimulator.SignalStream) CitySimulator.signals(signals,
                d -> SignalController.of(REGISTRY.intersection(d.intersectionId()).orElseThrow(), d.id(), 1, START), 10);
        String plan = "{\"planNumber\":3,\"cycleSec\":90,\"offsetSec\":0,\"splits\":[{\"phase\":2,\"seconds\":50},"
                + "{\"phase\":4,\"seconds\":30}],\"effectiveAt\":\"2026-11-23T06:00:00+07:00\"}";
        assertEquals(null, stream.onPlan("ioc/v1/signal/sig-0001/plan/set", plan.getBytes()));
        assertTrue(stream.onPlan("ioc/v1/signal/sig-0009/plan/set", plan.getBytes()).contains("no simulated controller"));
        assertTrue(stream.onPlan("ioc/v1/signal/sig-0001/plan/set", "{\"cycleSec\":5}".getBytes()).contains("splits"));
        assertFalse(stream.round(START.plusSeconds(60), id -> false).isEmpty());
    }
}
