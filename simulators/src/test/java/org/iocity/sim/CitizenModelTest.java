package org.iocity.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iocity.model.registry.Registry;
import org.iocity.model.registry.WorkingCalendar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CitizenModelTest {
    static final List<CitizenModel.Category> CATEGORIES = CitizenStream.categories(Path.of("../config/open311-services.json"));
    /** January: dry season, flooding reports at their base share. */
    static final Instant FROM = LocalDate.of(2026, 1, 5).atStartOfDay(CityTrafficModel.ZONE).toInstant();

    static CitizenModel model(List<CitizenModel.Place> places, double onTime) {
        return new CitizenModel(8, CATEGORIES, places, 600, 1500, onTime, WorkingCalendar.weekdaysOnly());
    }

    static List<CitizenModel.Place> handWrittenWards() {
        return CitizenStream.places(Registry.load(Path.of("../config/registry.json")), Path.of("../config/registry.json"));
    }

    @Test
    void aMonthOfComplaintsHasThe1022CategoryMixAndMostlyOnTimeResolutions() {
        List<CitizenModel.Complaint> month = model(handWrittenWards(), 0.96).complaints(FROM, FROM.plus(Duration.ofDays(30)));
        assertTrue(month.size() > 16_000 && month.size() < 20_000, "about 600 a day: " + month.size());
        Map<String, Integer> byCode = new HashMap<>();
        for (CitizenModel.Complaint c : month) byCode.merge(c.category().code(), 1, Integer::sum);
        double total = CATEGORIES.stream().mapToDouble(CitizenModel.Category::weight).sum();
        for (CitizenModel.Category c : CATEGORIES) {
            double share = byCode.getOrDefault(c.code(), 0) / (double) month.size();
            assertEquals(c.weight() / total, share, 0.015, c.code());
        }
        assertEquals(0.22, byCode.get("lan-chiem-long-le-duong") / (double) month.size(), 0.015, "encroachment leads the mix");
        double onTime = month.stream().filter(CitizenModel.Complaint::onTime).count() / (double) month.size();
        assertTrue(onTime >= 0.94 && onTime <= 0.97, "on time " + onTime);
        for (CitizenModel.Complaint c : month.subList(0, 500)) {
            Instant previous = c.at();
            for (CitizenModel.Step s : c.steps()) {
                assertFalse(s.time().isBefore(previous), "steps in order after the complaint: " + c);
                previous = s.time();
            }
            assertEquals("resolved", c.steps().get(c.steps().size() - 1).type());
            assertEquals("assigned", c.steps().get(0).type());
        }
    }

    @Test
    void reportsComeByDayAndFromWardsInProportionToTheirPeople(@TempDir Path tmp) {
        Path file = tmp.resolve("city.json");
        CityGenerator.CityFile city = CityGenerator.write(new CityGenerator.Spec(2, 40, 300, 10, 20, 2, 2, 2, 4_000_000), file);
        List<CitizenModel.Place> places = CitizenStream.places(Registry.load(file), file);
        assertEquals(40, places.size());
        List<CitizenModel.Complaint> week = model(places, 0.96).complaints(FROM, FROM.plus(Duration.ofDays(7)));
        Map<String, Integer> byWard = new HashMap<>();
        int night = 0;
        int morning = 0;
        for (CitizenModel.Complaint c : week) {
            byWard.merge(c.ward(), 1, Integer::sum);
            int h = c.at().atZone(CityTrafficModel.ZONE).getHour();
            if (h < 5) night++;
            if (h >= 8 && h < 11) morning++;
        }
        assertTrue(morning > 10 * night, "morning " + morning + " night " + night);
        var biggest = city.wards().stream().max(java.util.Comparator.comparingLong(CityGenerator.WardEntry::population)).orElseThrow();
        var smallest = city.wards().stream().min(java.util.Comparator.comparingLong(CityGenerator.WardEntry::population)).orElseThrow();
        double expectedRatio = biggest.population() / (double) smallest.population();
        double ratio = byWard.get(biggest.id()) / (double) byWard.get(smallest.id());
        assertTrue(ratio > expectedRatio * 0.6 && ratio < expectedRatio * 1.6, "ratio " + ratio + " vs " + expectedRatio);
    }

    @Test
    void dossiersComeInOfficeHoursWithDueTimesAndTheAskedOnTimeShare() {
        CitizenModel m = model(handWrittenWards(), 0.80);
        List<CitizenModel.Dossier> dossiers = m.dossiers(FROM, FROM.plus(Duration.ofDays(14)));
        assertTrue(dossiers.size() > 3_000, "dossiers " + dossiers.size());
        for (CitizenModel.Dossier d : dossiers) {
            var local = d.submitted().atZone(CityTrafficModel.ZONE);
            assertTrue(local.getDayOfWeek().getValue() <= 5 && local.getHour() >= 7 && local.getHour() < 17, d.toString());
            assertTrue(d.due().isAfter(d.submitted()));
            assertEquals(List.of("submitted", "accepted"), d.steps().subList(0, 2).stream().map(CitizenModel.Step::type).toList());
        }
        double onTime = dossiers.stream().filter(CitizenModel.Dossier::onTime).count() / (double) dossiers.size();
        assertEquals(0.80, onTime, 0.03);
    }

    @Test
    void theSameSeedGivesTheSameComplaintsHoweverTheTimeIsCut() {
        CitizenModel m = model(handWrittenWards(), 0.96);
        List<CitizenModel.Complaint> whole = m.complaints(FROM, FROM.plus(Duration.ofHours(6)));
        List<CitizenModel.Complaint> parts = new java.util.ArrayList<>();
        for (int i = 0; i < 36; i++) parts.addAll(m.complaints(FROM.plus(Duration.ofMinutes(10L * i)), FROM.plus(Duration.ofMinutes(10L * i + 10))));
        assertEquals(whole, parts);
        assertFalse(whole.isEmpty());
    }
}
