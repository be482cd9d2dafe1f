package org.iocity.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iocity.ingest.contract.SignalEvents;
import org.iocity.model.records.Json;
import org.iocity.model.records.SignalEvent;
import org.iocity.model.records.SignalEventBatch;
import org.iocity.model.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SignalControllerTest {
    static final Registry REGISTRY = Registry.load(Path.of("../config/registry.json"));
    /** A weekday (Tuesday) from 06:30 local, covering the morning peak; recent enough for the gateway's checks. */
    static final Instant START = ZonedDateTime.now(CityTrafficModel.ZONE).minusDays(7).with(java.time.DayOfWeek.TUESDAY)
            .withHour(6).withMinute(30).withSecond(0).withNano(0).toInstant();
    static final Instant RECEIVED = START.plus(Duration.ofDays(3));

    static Registry.Intersection leLoiNguyenHue() {
        return REGISTRY.intersection("x-le-loi-nguyen-hue").orElseThrow();
    }

    static List<SignalEvent> run(SignalController c, Instant from, Duration length, Duration batch) {
        List<SignalEvent> all = new ArrayList<>();
        for (Instant t = from.plus(batch); !t.isAfter(from.plus(length)); t = t.plus(batch)) all.addAll(c.advanceTo(t));
        return all;
    }

    @Test
    void batchesOfTwoHoursAreAcceptedByTheGatewaysValidator() throws Exception {
        SignalController c = SignalController.of(leLoiNguyenHue(), "sig-0001", 5, START);
        long seq = 0;
        int events = 0;
        for (Instant t = START.plusSeconds(10); !t.isAfter(START.plus(Duration.ofHours(2))); t = t.plusSeconds(10)) {
            List<SignalEvent> batch = c.advanceTo(t);
            if (batch.isEmpty()) continue;
            byte[] json = Json.toBytes(SignalMessage.of("sig-0001", ++seq, t, batch));
            SignalEventBatch parsed = SignalEvents.parse(json, "sig-0001", REGISTRY, 1 << 20, RECEIVED);
            assertEquals(batch, parsed.events(), new String(json, StandardCharsets.UTF_8));
            assertEquals("x-le-loi-nguyen-hue", parsed.intersectionId());
            events += batch.size();
        }
        assertTrue(events > 5_000, "a busy intersection logs thousands of events in two hours: " + events);
    }

    @Test
    void phasesRunInOrderAndConflictingPhasesNeverShowTogether() {
        for (Registry.Intersection x : List.of(leLoiNguyenHue(), withProtectedLefts())) {
            SignalController c = SignalController.of(x, "sig-test", 9, START);
            List<SignalEvent> events = run(c, START, Duration.ofHours(3), Duration.ofSeconds(30));
            Map<Integer, Integer> counts = checkSequences(events, x);
            assertTrue(counts.getOrDefault(SignalController.GAP_OUT, 0) > 10, x.id() + " gap-outs " + counts);
            assertTrue(counts.getOrDefault(SignalController.MAX_OUT, 0) > 0, x.id() + " max-outs at the peak " + counts);
            assertTrue(counts.getOrDefault(SignalController.FORCE_OFF, 0) > 100, x.id() + " force-offs " + counts);
            assertTrue(counts.getOrDefault(SignalController.PED_CALL, 0) > 10, x.id() + " pedestrian calls " + counts);
            assertTrue(counts.getOrDefault(SignalController.BEGIN_WALK, 0) > 10, x.id() + " walks " + counts);
            assertTrue(counts.getOrDefault(SignalController.DETECTOR_ON, 0) > 1_000, x.id() + " detector pulses " + counts);
        }
    }

    @Test
    void theSameSeedGivesTheSameEventsWhateverTheBatchSize() {
        List<SignalEvent> a = run(SignalController.of(leLoiNguyenHue(), "sig-0001", 3, START), START, Duration.ofMinutes(30), Duration.ofSeconds(7));
        List<SignalEvent> b = run(SignalController.of(leLoiNguyenHue(), "sig-0001", 3, START), START, Duration.ofMinutes(30), Duration.ofSeconds(60));
        int n = Math.min(a.size(), b.size());
        assertTrue(n > 500);
        assertEquals(a.subList(0, n), b.subList(0, n));
        List<SignalEvent> other = run(SignalController.of(leLoiNguyenHue(), "sig-0001", 4, START), START, Duration.ofMinutes(30), Duration.ofSeconds(60));
        assertFalse(other.subList(0, 500).equals(a.subList(0, 500)));
    }

    @Test
    void aNewPlanTakesOverAtACycleBoundaryWithAPatternChange() {
        SignalController c = SignalController.of(leLoiNguyenHue(), "sig-0001", 3, START);
        run(c, START, Duration.ofMinutes(10), Duration.ofSeconds(10));
        Instant effective = START.plus(Duration.ofMinutes(15));
        String json = "{\"planNumber\":7,\"cycleSec\":80,\"offsetSec\":12,\"splits\":[{\"phase\":2,\"seconds\":40},"
                + "{\"phase\":6,\"seconds\":40},{\"phase\":4,\"seconds\":30},{\"phase\":8,\"seconds\":30}],\"effectiveAt\":\""
                + CameraMessageFactory.timestamp(effective) + "\"}";
        c.setPlan(SignalController.Plan.parse(json.getBytes(StandardCharsets.UTF_8)));
        List<SignalEvent> events = run(c, START.plus(Duration.ofMinutes(10)), Duration.ofMinutes(30), Duration.ofSeconds(10));
        List<SignalEvent> changes = events.stream().filter(e -> e.code() == SignalController.PATTERN_CHANGE).toList();
        assertEquals(1, changes.size(), changes.toString());
        assertEquals(7, changes.get(0).param());
        assertFalse(changes.get(0).ts().isBefore(effective));
        assertTrue(changes.get(0).ts().isBefore(effective.plusSeconds(100)), "within one old cycle");
        List<Instant> forceOffs = events.stream().filter(e -> e.code() == SignalController.FORCE_OFF && e.param() == 2)
                .map(SignalEvent::ts).filter(t -> t.isAfter(changes.get(0).ts())).toList();
        assertTrue(forceOffs.size() > 10);
        for (int i = 1; i < forceOffs.size(); i++) {
            assertEquals(Duration.ofSeconds(80), Duration.between(forceOffs.get(i - 1), forceOffs.get(i)));
        }
        long local = forceOffs.get(0).atZone(CityTrafficModel.ZONE).toLocalTime().toSecondOfDay();
        assertEquals(12, local % 80, "cycles are aligned to the offset from local midnight");
        checkSequences(events, leLoiNguyenHue());
    }

    @Test
    void theDashboardsCommandPayloadIsAPlan() {
        // dashboard-api SignalPlansApi.command: the TimingPlan record as JSON plus v, commandId and deviceId
        String json = "{\"planNumber\":4,\"cycleSec\":90,\"offsetSec\":5,\"splits\":[{\"phase\":2,\"seconds\":50},"
                + "{\"phase\":4,\"seconds\":30}],\"effectiveAt\":\"2026-11-23T15:00:00Z\",\"v\":1,"
                + "\"commandId\":\"0b6f\",\"deviceId\":\"sig-0001\"}";
        SignalController.Plan plan = SignalController.Plan.parse(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(new SignalController.Plan(4, 90, 5, Map.of(2, 50, 4, 30), Instant.parse("2026-11-23T15:00:00Z")), plan);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SignalController.Plan.parse("{\"planNumber\":4,\"cycleSec\":500,\"offsetSec\":0,\"splits\":[{\"phase\":2,\"seconds\":50}],\"effectiveAt\":\"2026-11-23T15:00:00Z\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("cycleSec"), e.getMessage());
    }

    static Registry.Intersection withProtectedLefts() {
        List<Integer> phases = List.of(1, 2, 4, 5, 6, 8);
        return new Registry.Intersection("x-test", "Test", "sai-gon", 10.77, 106.70, true, phases,
                CityGenerator.detectors(phases, CityGenerator.RoadClass.ARTERIAL, CityGenerator.RoadClass.ARTERIAL));
    }

    /**
     * Checks each phase goes green → termination → yellow → red clearance → red, that phases of different groups
     * (2+6, 4+8, 1+5) are never out of red together, and that each detector alternates on/off. Returns counts by code.
     */
    static Map<Integer, Integer> checkSequences(List<SignalEvent> events, Registry.Intersection x) {
        Map<Integer, Integer> group = Map.of(2, 0, 6, 0, 4, 1, 8, 1, 1, 2, 5, 2);
        Map<Integer, Integer> expectNext = new HashMap<>();
        Map<Integer, Boolean> notRed = new HashMap<>();
        Map<Integer, Boolean> detectorOn = new HashMap<>();
        Map<Integer, Integer> counts = new HashMap<>();
        Set<Integer> termination = Set.of(4, 5, 6);
        Instant previous = Instant.MIN;
        for (SignalEvent e : events) {
            counts.merge(e.code(), 1, Integer::sum);
            if (e.ts().isBefore(previous)) fail("out of time order at " + e);
            previous = e.ts();
            int p = e.param();
            switch (e.code()) {
                case 1 -> {
                    assertTrue(x.phases().contains(p), "green on a phase of the intersection: " + e);
                    Integer want = expectNext.get(p);
                    assertTrue(want == null || want == 1, "phase " + p + " green again before its red clearance ended: " + e);
                    for (var other : notRed.entrySet()) {
                        if (other.getValue() && !group.get(other.getKey()).equals(group.get(p))) {
                            fail("phase " + p + " green while conflicting phase " + other.getKey() + " is not red: " + e);
                        }
                    }
                    notRed.put(p, true);
                    expectNext.put(p, -1);
                }
                case 4, 5, 6 -> {
                    Integer want = expectNext.get(p);
                    assertTrue(want == null || want == -1, "termination only in green: " + e);
                    expectNext.put(p, 7);
                }
                case 7, 8, 9, 10, 11 -> {
                    Integer want = expectNext.get(p);
                    assertTrue(want == null || want == e.code(), "phase " + p + " sequence at " + e + ", expected code " + want);
                    expectNext.put(p, e.code() == 11 ? 1 : e.code() + 1);
                    if (e.code() == 11) notRed.put(p, false);
                }
                case 81, 82 -> {
                    boolean on = e.code() == 82;
                    Boolean was = detectorOn.get(p);
                    assertTrue(was == null || was != on, "detector " + p + " on/off alternate: " + e);
                    detectorOn.put(p, on);
                }
                default -> {
                }
            }
            if (termination.contains(e.code())) assertTrue(x.phases().contains(p));
        }
        return counts;
    }
}
