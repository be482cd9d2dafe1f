package org.iocity.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.iocity.model.config.IocConfig;
import org.iocity.model.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class CityGeneratorTest {
    @TempDir
    Path tmp;

    @Test
    void theDefaultCityIsWhatTheRegistryReadsWithTheAskedSizes() throws Exception {
        Path file = tmp.resolve("city.json");
        CityGenerator.CityFile city = CityGenerator.write(CityGenerator.Spec.defaults(7), file);
        Registry r = Registry.load(file);

        assertEquals(168, r.wards().size());
        assertEquals(2000, r.intersections().size());
        assertEquals(200, r.intersections().stream().filter(Registry.Intersection::smart).count());
        assertEquals(200, r.devices("signal").size());
        assertEquals(900, r.devices("camera").size());
        assertEquals(140, r.devices("sensor").size());
        long people = city.wards().stream().mapToLong(CityGenerator.WardEntry::population).sum();
        assertEquals(9_500_000, people);
        assertTrue(city.wards().stream().allMatch(w -> w.population() > 10_000 && w.population() < 300_000),
                "every ward between 10k and 300k people");
        Map<String, String> names = r.wards().stream().collect(Collectors.toMap(Registry.Ward::id, Registry.Ward::name));
        assertEquals("Phường Bến Thành", names.get("ben-thanh"));
        assertEquals("Phường Sài Gòn", names.get("sai-gon"));
        assertEquals("Phường Tân Định", names.get("tan-dinh"));

        for (Registry.Intersection x : r.intersections()) {
            assertInCity(x.lat(), x.lon(), x.id());
            if (x.smart()) {
                assertFalse(x.detectors("advance").isEmpty(), x.id());
                assertEquals(x.phases().size(), x.detectors("stopbar").size(), x.id());
                assertEquals(4, x.detectors("pedestrian").size(), x.id());
                assertTrue(x.detectors().stream().allMatch(d -> x.phases().contains(d.phase())), x.id());
            }
        }
        Set<Double> speeds = new HashSet<>();
        for (Registry.Segment s : r.segments()) {
            speeds.add(s.freeFlowKmh());
            assertTrue(s.lengthM() > 50 && s.lengthM() < 6000, s.id() + " " + s.lengthM());
            for (List<Double> p : s.coordinates()) assertInCity(p.get(1), p.get(0), s.id());
        }
        assertEquals(Set.of(30.0, 40.0, 50.0), speeds, "three road classes");
        assertTrue(r.segments().size() > 6000, "segments between neighbours in both directions: " + r.segments().size());
        Set<String> flood = city.segments().stream().filter(CityGenerator.SegmentEntry::floodProne)
                .map(CityGenerator.SegmentEntry::id).collect(Collectors.toSet());
        for (Registry.Device d : r.devices("sensor")) {
            assertEquals(1, d.measures().size(), d.id());
            if (d.measures().contains("water")) assertTrue(flood.contains(d.segmentId()), d.id() + " on a flood-prone street");
            assertInCity(d.lat(), d.lon(), d.id());
        }
        for (Registry.Device c : r.devices("camera")) assertTrue(r.segment(c.segmentId()).isPresent(), c.id());
        // the traffic model runs on it
        CityTrafficModel model = CityTrafficModel.of(r, 7);
        assertTrue(model.reading(r.devices("camera").get(0).segmentId(), java.time.Instant.parse("2026-11-23T10:30:00Z"), 60)
                .intensity() > 0);
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedAnotherCity() throws Exception {
        CityGenerator.Spec spec = new CityGenerator.Spec(11, 40, 300, 30, 100, 5, 5, 5, 2_000_000);
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        CityGenerator.write(spec, a);
        CityGenerator.write(spec, b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        byte[] other = CityGenerator.toBytes(CityGenerator.generate(new CityGenerator.Spec(12, 40, 300, 30, 100, 5, 5, 5, 2_000_000)));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), other));
        assertEquals(300, Registry.load(a).intersections().size());
    }

    @Test
    void wardsPastTheNameListGetGeneratedNamesAndUniqueIds() {
        CityGenerator.CityFile city = CityGenerator.generate(new CityGenerator.Spec(1, 300, 400, 10, 10, 1, 1, 1, 9_000_000));
        assertEquals(300, city.wards().stream().map(CityGenerator.WardEntry::id).distinct().count());
        assertTrue(city.wards().stream().anyMatch(w -> w.name().equals("Phường Khu 300")));
        assertEquals("Phường Sài Gòn", city.wards().get(0).name(), "the first name sits at the centre");
    }

    @Test
    void slugsLookLikeTheHandWrittenRegistry() {
        assertEquals("ben-thanh", CityGenerator.slug("Phường Bến Thành"));
        assertEquals("dong-hung-thuan", CityGenerator.slug("Phường Đông Hưng Thuận"));
        assertEquals("xa-can-gio", CityGenerator.slug("Xã Cần Giờ"));
    }

    @Test
    void sizesThatDoNotFitAreRefusedWithAReason() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CityGenerator.generate(new CityGenerator.Spec(1, 10, 10, 2, 500, 0, 0, 0, 100_000)));
        assertTrue(e.getMessage().contains("cameras (500) must not exceed the road segments"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CityGenerator.Spec(1, 10, 10, 11, 0, 0, 0, 0, 100_000));
    }

    @Test
    void theCityCommandWritesAFileAndRefusesBadSizesInOneLine() {
        Path out = tmp.resolve("sub/city.json");
        var ok = SimulatorMainTest.run(IocConfig.of(Map.of()), "city", "--seed", "3", "--intersections", "200", "--smart",
                "20", "--cameras", "50", "--wards", "30", "--out", out.toString());
        assertEquals(0, ok.code(), ok.toString());
        assertTrue(ok.out().contains("200 intersections (20 smart)"), ok.out());
        assertEquals(50, Registry.load(out).devices("camera").size());
        SimulatorMainTest.assertOneLineError(SimulatorMainTest.run(IocConfig.of(Map.of()), "city", "--smart", "3000",
                "--out", out.toString()), "smart must be 0..2000");
        SimulatorMainTest.assertOneLineError(SimulatorMainTest.run(IocConfig.of(Map.of()), "city"), "--out");
    }

    private static void assertInCity(double lat, double lon, String what) {
        assertTrue(lat >= CityGenerator.MIN_LAT && lat <= CityGenerator.MAX_LAT, what + " lat " + lat);
        assertTrue(lon >= CityGenerator.MIN_LON && lon <= CityGenerator.MAX_LON, what + " lon " + lon);
    }
}
