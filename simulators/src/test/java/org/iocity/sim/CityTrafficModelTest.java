package org.iocity.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.iocity.model.records.LevelOfService;
import org.iocity.model.registry.Registry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CityTrafficModelTest {
    /** A Monday. */
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    static Registry registry;

    @BeforeAll
    static void loadRegistry() {
        registry = Registry.load(Path.of("../config/registry.json"));
    }

    static Instant at(String localTime) {
        return ZonedDateTime.of(DAY, LocalTime.parse(localTime), CityTrafficModel.ZONE).toInstant();
    }

    static LevelOfService los(Registry.Segment s, CityTrafficModel.TrafficReading r) {
        return LevelOfService.fromSpeedRatio(r.averageSpeedKmh() / s.freeFlowKmh());
    }

    @Test
    void sameSeedGivesTheSameTrafficWhateverTheOrderOfQuestions() {
        List<String> times = List.of("03:00", "08:00", "17:30:10");
        List<Registry.Segment> segments = registry.segments();
        CityTrafficModel a = CityTrafficModel.of(registry, 42);
        CityTrafficModel b = CityTrafficModel.of(registry, 42);
        Map<String, CityTrafficModel.TrafficReading> forward = new TreeMap<>();
        for (String t : times) {
            for (Registry.Segment s : segments) forward.put(t + " " + s.id(), a.reading(s.id(), at(t), 10));
        }
        Map<String, CityTrafficModel.TrafficReading> backward = new TreeMap<>();
        for (int i = times.size() - 1; i >= 0; i--) {
            for (int j = segments.size() - 1; j >= 0; j--) {
                String t = times.get(i);
                String id = segments.get(j).id();
                backward.put(t + " " + id, b.reading(id, at(t), 10));
            }
        }
        assertEquals(forward, backward);
        assertEquals(a.chronicallyCongested(), b.chronicallyCongested());

        CityTrafficModel other = CityTrafficModel.of(registry, 43);
        Map<String, CityTrafficModel.TrafficReading> otherSeed = new TreeMap<>();
        for (String t : times) {
            for (Registry.Segment s : segments) otherSeed.put(t + " " + s.id(), other.reading(s.id(), at(t), 10));
        }
        assertNotEquals(forward, otherSeed);
    }

    @Test
    void rushHourIsSlowerAndHeavierThanThreeInTheMorningOnEverySegment() {
        for (long seed = 1; seed <= 20; seed++) {
            CityTrafficModel model = CityTrafficModel.of(registry, seed);
            for (Registry.Segment s : registry.segments()) {
                CityTrafficModel.TrafficReading night = model.reading(s.id(), at("03:00"), 300);
                CityTrafficModel.TrafficReading rush = model.reading(s.id(), at("08:00"), 300);
                String where = "seed " + seed + ", " + s.id() + ": 03:00 " + night + " vs 08:00 " + rush;
                assertTrue(rush.averageSpeedKmh() < night.averageSpeedKmh(), "slower at 08:00; " + where);
                assertTrue(rush.intensity() > 3 * night.intensity(), "heavier at 08:00; " + where);
                assertTrue(rush.occupancy() > night.occupancy(), "more occupied at 08:00; " + where);
            }
        }
    }

    @Test
    void motorbikesAreAboutFourFifthsOfTheVehiclesOverADay() {
        CityTrafficModel model = CityTrafficModel.of(registry, 42);
        long total = 0;
        long motorbikes = 0;
        long cars = 0;
        for (int minute = 5; minute <= 24 * 60; minute += 5) {
            Instant end = at("00:00").plus(Duration.ofMinutes(minute));
            for (Registry.Segment s : registry.segments()) {
                CityTrafficModel.TrafficReading r = model.reading(s.id(), end, 300);
                total += r.intensity();
                motorbikes += r.byClass().motorbike();
                cars += r.byClass().car();
            }
        }
        double share = motorbikes / (double) total;
        assertTrue(share >= 0.7 && share <= 0.9, "motorbike share " + share);
        double carShare = cars / (double) total;
        assertTrue(carShare >= 0.08 && carShare <= 0.2, "car share " + carShare);
    }

    @Test
    void eveningPeakShowsCongestedSegmentsAndThreeInTheMorningNone() {
        for (long seed = 1; seed <= 20; seed++) {
            CityTrafficModel model = CityTrafficModel.of(registry, seed);
            Set<String> congestedAtPeak = new TreeSet<>();
            for (Registry.Segment s : registry.segments()) {
                if (los(s, model.reading(s.id(), at("17:30"), 60)).congested()) congestedAtPeak.add(s.id());
                CityTrafficModel.TrafficReading night = model.reading(s.id(), at("03:00"), 60);
                assertFalse(los(s, night).congested(), "seed " + seed + ": " + s.id() + " congested at 03:00: " + night);
            }
            assertFalse(congestedAtPeak.isEmpty(), "seed " + seed + ": no segment at E/F at 17:30");
            assertTrue(congestedAtPeak.size() <= registry.segments().size() / 3,
                    "seed " + seed + ": the whole city is jammed at 17:30: " + congestedAtPeak);
            Set<String> chronic = model.chronicallyCongested();
            assertTrue(congestedAtPeak.stream().anyMatch(chronic::contains),
                    "seed " + seed + ": congested " + congestedAtPeak + ", chronic " + chronic);
        }
    }

    @Test
    void eveningPeakIsHeavierThanTheMorningPeakAndTheNightIsQuiet() {
        ZonedDateTime morning = ZonedDateTime.of(DAY, LocalTime.of(7, 40), CityTrafficModel.ZONE);
        ZonedDateTime evening = ZonedDateTime.of(DAY, LocalTime.of(17, 30), CityTrafficModel.ZONE);
        ZonedDateTime night = ZonedDateTime.of(DAY, LocalTime.of(3, 0), CityTrafficModel.ZONE);
        ZonedDateTime noon = ZonedDateTime.of(DAY, LocalTime.of(12, 0), CityTrafficModel.ZONE);
        var d = DailyProfile.Direction.UNKNOWN;
        assertTrue(DailyProfile.level(evening, d) > DailyProfile.level(morning, d));
        assertTrue(DailyProfile.level(morning, d) > DailyProfile.level(noon, d));
        assertTrue(DailyProfile.level(night, d) < 0.1 * DailyProfile.level(evening, d));
        // inbound traffic peaks in the morning, outbound in the evening
        assertTrue(DailyProfile.level(morning, DailyProfile.Direction.INBOUND) > DailyProfile.level(morning, DailyProfile.Direction.OUTBOUND));
        assertTrue(DailyProfile.level(evening, DailyProfile.Direction.OUTBOUND) > DailyProfile.level(evening, DailyProfile.Direction.INBOUND));
        // Sunday's evening is lighter than Monday's
        assertTrue(DailyProfile.level(evening.minusDays(1), d) < DailyProfile.level(evening, d));
    }

    @Test
    void everyReadingStaysInTheContractsRanges() {
        CityTrafficModel model = new CityTrafficModel(registry.segments(), 7, 0.2);
        for (int interval : new int[] {1, 10, 60, 3600}) {
            for (int minute = 0; minute < 24 * 60; minute += interval >= 60 ? 7 : 3) {
                Instant end = at("00:00").plus(Duration.ofMinutes(minute));
                for (Registry.Segment s : registry.segments()) {
                    CityTrafficModel.TrafficReading r = model.reading(s.id(), end, interval);
                    String what = s.id() + " " + r;
                    assertEquals(r.intensity(), r.byClass().total(), what);
                    assertTrue(r.byClass().motorbike() >= 0 && r.byClass().car() >= 0 && r.byClass().bus() >= 0
                            && r.byClass().truck() >= 0 && r.byClass().bicycle() >= 0, what);
                    assertTrue(r.averageSpeedKmh() > 0 && r.averageSpeedKmh() <= 200, what);
                    assertTrue(r.averageSpeedKmh() <= s.freeFlowKmh() * 1.1 + 0.05, what);
                    assertTrue(r.occupancy() >= 0 && r.occupancy() <= 1, what);
                }
            }
        }
    }

    @Test
    void anIncidentCutsCapacityForItsDurationOnly() {
        String seg = "seg-cong-hoa-a";
        CityTrafficModel plain = CityTrafficModel.of(registry, 42);
        CityTrafficModel withIncident = CityTrafficModel.of(registry, 42);
        withIncident.addIncident(new CityTrafficModel.Incident(seg, at("11:00"), Duration.ofMinutes(30), 0.3));

        CityTrafficModel.TrafficReading during = withIncident.reading(seg, at("11:15"), 60);
        CityTrafficModel.TrafficReading normal = plain.reading(seg, at("11:15"), 60);
        assertTrue(during.incident());
        assertFalse(normal.incident());
        assertTrue(during.volumeToCapacity() > 3 * normal.volumeToCapacity() - 1e-9);
        assertTrue(during.averageSpeedKmh() < 0.6 * normal.averageSpeedKmh(), during + " vs " + normal);
        assertTrue(during.occupancy() > normal.occupancy());

        assertEquals(plain.reading(seg, at("11:45"), 60), withIncident.reading(seg, at("11:45"), 60));
        assertEquals(plain.reading("seg-cong-hoa-b", at("11:15"), 60), withIncident.reading("seg-cong-hoa-b", at("11:15"), 60));
    }

    @Test
    void randomIncidentsFollowTheSeedAndTheRate() {
        CityTrafficModel none = new CityTrafficModel(registry.segments(), 42, 0);
        CityTrafficModel some = new CityTrafficModel(registry.segments(), 42, 0.2);
        CityTrafficModel same = new CityTrafficModel(registry.segments(), 42, 0.2);
        int withIncidents = 0;
        for (int minute = 0; minute < 24 * 60; minute += 10) {
            Instant t = at("00:00").plus(Duration.ofMinutes(minute));
            for (Registry.Segment s : registry.segments()) {
                assertTrue(none.incidentAt(s.id(), t).isEmpty());
                assertEquals(some.incidentAt(s.id(), t), same.incidentAt(s.id(), t));
                if (some.incidentAt(s.id(), t).isPresent()) withIncidents++;
            }
        }
        // 0.2 per segment-hour, 10-50 min each: roughly 10% of segment-time has an incident
        int samples = 24 * 6 * registry.segments().size();
        assertTrue(withIncidents > samples * 0.03 && withIncidents < samples * 0.25, withIncidents + " of " + samples);
    }

    @Test
    void aGeneratedWeekdayCountedByTheCamerasHasTwoPeaksAndMostlyMotorbikes() {
        CityGenerator.CityFile city = CityGenerator.generate(new CityGenerator.Spec(4, 30, 200, 10, 60, 1, 1, 1, 1_000_000));
        List<Registry.Segment> segments = city.segments().stream().map(s -> new Registry.Segment(s.id(), s.name(), s.ward(),
                s.freeFlowKmh(), s.lengthM(), s.coordinates())).toList();
        CityTrafficModel model = new CityTrafficModel(segments, 4, 0);
        long[] perHour = new long[24];
        long motorbikes = 0;
        long all = 0;
        for (Registry.Segment s : segments.subList(0, 60)) {
            for (int q = 0; q < 96; q++) {
                Instant end = at("00:00").plusSeconds(900L * (q + 1));
                CityTrafficModel.TrafficReading r = model.reading(s.id(), end, 900);
                perHour[q / 4] += r.intensity();
                motorbikes += r.byClass().motorbike();
                all += r.intensity();
            }
        }
        int morningPeak = argMax(perHour, 5, 11);
        int eveningPeak = argMax(perHour, 14, 21);
        assertTrue(morningPeak >= 7 && morningPeak <= 8, "morning peak hour " + morningPeak + " " + java.util.Arrays.toString(perHour));
        assertTrue(eveningPeak >= 17 && eveningPeak <= 18, "evening peak hour " + eveningPeak);
        long midday = Math.min(perHour[12], perHour[13]);
        assertTrue(midday < perHour[morningPeak] * 0.95 && midday < perHour[eveningPeak] * 0.9, "a dip between the peaks");
        assertTrue(perHour[3] < perHour[eveningPeak] / 8, "quiet night");
        double share = motorbikes / (double) all;
        assertTrue(share >= 0.70 && share <= 0.85, "motorbike share " + share);
    }

    @Test
    void rainSlowsTraffic() {
        Registry.Segment s = registry.segments().get(0);
        Instant t = at("10:30");
        CityTrafficModel dry = CityTrafficModel.of(registry, 9);
        CityTrafficModel wet = CityTrafficModel.of(registry, 9).withRain(x -> 50);
        assertTrue(wet.reading(s.id(), t, 300).averageSpeedKmh() < dry.reading(s.id(), t, 300).averageSpeedKmh() * 0.9);
    }

    @Test
    void anIncidentsQueueSpillsBackToTheSegmentsFeedingItAfterTenMinutes() {
        CityGenerator.CityFile city = CityGenerator.generate(new CityGenerator.Spec(4, 30, 200, 10, 60, 1, 1, 1, 1_000_000));
        List<Registry.Segment> segments = city.segments().stream().map(s -> new Registry.Segment(s.id(), s.name(), s.ward(),
                s.freeFlowKmh(), s.lengthM(), s.coordinates())).toList();
        // seg-A-B feeds seg-B-C for some C other than A
        Registry.Segment up = segments.get(0);
        String node = up.id().split("-")[2];
        Registry.Segment down = segments.stream().filter(s -> s.id().startsWith("seg-" + node + "-")
                && !s.id().endsWith("-" + up.id().split("-")[1])).findFirst().orElseThrow();
        Instant t0 = at("10:00");
        CityTrafficModel calm = new CityTrafficModel(segments, 4, 0);
        CityTrafficModel blocked = new CityTrafficModel(segments, 4, 0);
        blocked.addIncident(new CityTrafficModel.Incident(down.id(), t0, java.time.Duration.ofMinutes(40), 0.2));
        assertEquals(calm.reading(up.id(), t0.plusSeconds(300), 60), blocked.reading(up.id(), t0.plusSeconds(300), 60),
                "no spill-back in the first minutes");
        assertTrue(blocked.reading(up.id(), t0.plusSeconds(1500), 60).averageSpeedKmh()
                < calm.reading(up.id(), t0.plusSeconds(1500), 60).averageSpeedKmh() * 0.9, "the queue reaches the feeding segment");
        assertTrue(blocked.reading(up.id(), t0.plusSeconds(1500), 60).incident());
        assertEquals(calm.reading(up.id(), t0.plusSeconds(3000), 60), blocked.reading(up.id(), t0.plusSeconds(3000), 60),
                "gone with the incident");
    }

    private static int argMax(long[] v, int from, int to) {
        int best = from;
        for (int i = from; i < to; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
