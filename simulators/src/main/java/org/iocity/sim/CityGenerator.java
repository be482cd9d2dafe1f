package org.iocity.sim;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;

/**
 * A seeded, synthetic Ho Chi Minh City written as a registry file ({@link Registry#load} reads it): wards with
 * populations, signalised intersections on a jittered street grid inside the city core (lat 10.70–10.88,
 * lon 106.60–106.80), directed road segments between neighbouring intersections with free-flow speeds by road class,
 * "smart" intersections with ATSPM detector channels and a controller each, counting cameras on segments, and
 * air-quality, water-level (on flood-prone segments) and noise sensors.
 *
 * <p>Realistic: ward names (the 2025 wards and communes, core first, from {@code hcmc-wards.txt}), the total population,
 * street names, the mix of road classes and speeds, the phase numbering (NEMA ring: 2/6 main street, 4/8 cross street,
 * 1/5 protected lefts on arterials). Simplified: the street network is a grid with holes (denser towards the centre),
 * a ward is the area nearest its centre, and wards past the name list are called "Phường Khu N".
 *
 * <p>The same {@link Spec} always gives byte-identical output.
 */
public final class CityGenerator {
    public static final double MIN_LAT = 10.70;
    public static final double MAX_LAT = 10.88;
    public static final double MIN_LON = 106.60;
    public static final double MAX_LON = 106.80;
    /** Bến Thành market, the centre that "inbound" points to. */
    public static final double CENTRE_LAT = 10.7725;
    public static final double CENTRE_LON = 106.6980;

    /** What to generate; every count is a parameter. */
    public record Spec(long seed, int wards, int intersections, int smart, int cameras, int airSensors,
                       int waterSensors, int noiseSensors, long population) {
        public static Spec defaults(long seed) {
            return new Spec(seed, 168, 2000, 200, 900, 60, 40, 40, 9_500_000);
        }

        public Spec {
            require(wards >= 1 && wards <= 1000, "wards must be 1..1000, was " + wards);
            require(intersections >= 4 && intersections <= 50_000, "intersections must be 4..50000, was " + intersections);
            require(smart >= 0 && smart <= intersections, "smart must be 0.." + intersections + " (the intersections), was " + smart);
            require(cameras >= 0 && airSensors >= 0 && waterSensors >= 0 && noiseSensors >= 0, "device counts must not be negative");
            require(population >= wards, "population must be at least one person per ward, was " + population);
        }
    }

    /** Road classes with their free-flow speed (km/h) and how likely a camera is to be put on one. */
    enum RoadClass {
        ARTERIAL(50, 3), SECONDARY(40, 2), LOCAL(30, 1);

        final double freeFlowKmh;
        final double cameraWeight;

        RoadClass(double freeFlowKmh, double cameraWeight) {
            this.freeFlowKmh = freeFlowKmh;
            this.cameraWeight = cameraWeight;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @JsonPropertyOrder({"id", "name", "population", "lat", "lon"})
    public record WardEntry(String id, String name, long population, double lat, double lon) {}

    @JsonPropertyOrder({"id", "name", "ward", "roadClass", "freeFlowKmh", "lengthM", "floodProne", "coordinates"})
    public record SegmentEntry(String id, String name, String ward, String roadClass, double freeFlowKmh, double lengthM,
                               boolean floodProne, List<List<Double>> coordinates) {}

    /** The file: what {@link Registry} reads, plus populations, road classes and flood-prone flags it ignores. */
    @JsonPropertyOrder({"city", "version", "generator", "wards", "segments", "intersections", "devices"})
    public record CityFile(String city, int version, String generator, List<WardEntry> wards,
                           List<SegmentEntry> segments, List<Registry.Intersection> intersections,
                           List<Registry.Device> devices) {}

    private static final String[] STREETS = {
            "Nguyễn Huệ", "Lê Lợi", "Hàm Nghi", "Hai Bà Trưng", "Nam Kỳ Khởi Nghĩa", "Điện Biên Phủ", "Võ Thị Sáu",
            "Cách Mạng Tháng Tám", "Nguyễn Thị Minh Khai", "Trần Hưng Đạo", "Nguyễn Văn Cừ", "Lý Thường Kiệt",
            "Ba Tháng Hai", "Nguyễn Tri Phương", "Hùng Vương", "An Dương Vương", "Nguyễn Văn Linh", "Phạm Văn Đồng",
            "Xô Viết Nghệ Tĩnh", "Nguyễn Oanh", "Quang Trung", "Trường Chinh", "Cộng Hòa", "Hoàng Văn Thụ",
            "Phan Đăng Lưu", "Nguyễn Kiệm", "Lê Văn Sỹ", "Trần Quốc Thảo", "Pasteur", "Đinh Tiên Hoàng",
            "Nguyễn Đình Chiểu", "Lê Văn Việt", "Kinh Dương Vương", "Hồng Bàng", "Tô Hiến Thành", "Lũy Bán Bích",
            "Âu Cơ", "Lạc Long Quân", "Bạch Đằng", "Nơ Trang Long", "Nguyễn Xí", "Đinh Bộ Lĩnh", "Huỳnh Tấn Phát",
            "Nguyễn Hữu Thọ", "Phạm Hùng", "Tân Sơn Nhì", "Tỉnh Lộ 10", "Mai Chí Thọ", "Võ Văn Kiệt", "Nguyễn Thái Sơn"};

    private final Spec spec;
    private final SplittableRandom random;

    private CityGenerator(Spec spec) {
        this.spec = spec;
        this.random = new SplittableRandom(SeededRandom.mix(spec.seed() ^ 0x5EEDC17EL));
    }

    /** The city of {@code spec}; throws {@link IllegalArgumentException} when the counts do not fit together. */
    public static CityFile generate(Spec spec) {
        return new CityGenerator(spec).build();
    }

    /** Writes the city of {@code spec} to {@code file} (through a temporary file, so a reader never sees half of it). */
    public static CityFile write(Spec spec, Path file) {
        CityFile city = generate(spec);
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".registry", ".tmp");
            Files.write(tmp, toBytes(city));
            try {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // the temporary file keeps the platform's default permissions
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return city;
    }

    /** Pretty-printed JSON with '\n' line ends, the same bytes on every machine. */
    public static byte[] toBytes(CityFile city) {
        try {
            String s = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(city);
            return (s.replace("\r\n", "\n") + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Node(int index, int row, int col, double lat, double lon) {}

    private CityFile build() {
        List<WardEntry> wards = wards();
        // street grid: a little more cells than intersections; the outskirts lose the most
        double kmNorthSouth = (MAX_LAT - MIN_LAT) * 110.6;
        double kmEastWest = (MAX_LON - MIN_LON) * 111.3 * Math.cos(Math.toRadians(CENTRE_LAT));
        int cells = (int) Math.ceil(spec.intersections() * 1.15);
        int cols = (int) Math.ceil(Math.sqrt(cells * kmEastWest / kmNorthSouth));
        int rows = (int) Math.ceil(cells / (double) cols);
        double dLat = (MAX_LAT - MIN_LAT) / rows;
        double dLon = (MAX_LON - MIN_LON) / cols;
        List<double[]> ranked = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double lat = MIN_LAT + (r + 0.5) * dLat;
                double lon = MIN_LON + (c + 0.5) * dLon;
                ranked.add(new double[] {r, c, distanceKm(lat, lon, CENTRE_LAT, CENTRE_LON) / 15 + 0.6 * random.nextDouble()});
            }
        }
        ranked.sort(Comparator.comparingDouble((double[] a) -> a[2]));
        boolean[][] present = new boolean[rows][cols];
        for (int i = 0; i < spec.intersections(); i++) present[(int) ranked.get(i)[0]][(int) ranked.get(i)[1]] = true;

        Node[][] grid = new Node[rows][cols];
        List<Node> nodes = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (!present[r][c]) continue;
                double lat = MIN_LAT + (r + 0.5 + 0.5 * (random.nextDouble() - 0.5)) * dLat;
                double lon = MIN_LON + (c + 0.5 + 0.5 * (random.nextDouble() - 0.5)) * dLon;
                Node n = new Node(nodes.size() + 1, r, c, round(lat, 6), round(lon, 6));
                grid[r][c] = n;
                nodes.add(n);
            }
        }

        List<SegmentEntry> segments = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            Node prev = null;
            for (int c = 0; c < cols; c++) {
                if (grid[r][c] == null) continue;
                if (prev != null) addStreet(segments, wards, prev, grid[r][c], streetName(r, true), roadClass(r));
                prev = grid[r][c];
            }
        }
        for (int c = 0; c < cols; c++) {
            Node prev = null;
            for (int r = 0; r < rows; r++) {
                if (grid[r][c] == null) continue;
                if (prev != null) addStreet(segments, wards, prev, grid[r][c], streetName(c, false), roadClass(c));
                prev = grid[r][c];
            }
        }
        segments = markFloodProne(segments);

        List<Registry.Intersection> intersections = intersections(nodes, wards);
        List<Registry.Device> devices = new ArrayList<>();
        devices.addAll(controllers(intersections));
        devices.addAll(cameras(segments));
        devices.addAll(pointSensors(intersections, spec.airSensors(), "aq", "Trạm quan trắc không khí", "air"));
        devices.addAll(waterSensors(segments));
        devices.addAll(pointSensors(intersections, spec.noiseSensors(), "noise", "Trạm đo tiếng ồn", "noise"));
        String generator = String.format(Locale.ROOT, "ioc-sim city --seed %d --wards %d --intersections %d --smart %d "
                        + "--cameras %d --air %d --water %d --noise %d --population %d", spec.seed(), spec.wards(),
                spec.intersections(), spec.smart(), spec.cameras(), spec.airSensors(), spec.waterSensors(),
                spec.noiseSensors(), spec.population());
        return new CityFile("Ho Chi Minh City", 1, generator, wards, List.copyOf(segments), intersections, List.copyOf(devices));
    }

    /** Ward names from the list (core first), ward centres on a grid sorted by distance from the centre. */
    private List<WardEntry> wards() {
        List<String> names = wardNames();
        int n = spec.wards();
        int cols = (int) Math.ceil(Math.sqrt(n * 1.1));
        int rows = (int) Math.ceil(n / (double) cols);
        List<double[]> centres = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double lat = MIN_LAT + (r + 0.5) * (MAX_LAT - MIN_LAT) / rows;
                double lon = MIN_LON + (c + 0.5) * (MAX_LON - MIN_LON) / cols;
                centres.add(new double[] {lat, lon, distanceKm(lat, lon, CENTRE_LAT, CENTRE_LON)});
            }
        }
        centres.sort(Comparator.comparingDouble((double[] a) -> a[2]));
        // populations: log-normal around the mean ward, scaled to the total exactly
        double[] weight = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            weight[i] = Math.exp(0.45 * gaussian());
            sum += weight[i];
        }
        List<WardEntry> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        long assigned = 0;
        for (int i = 0; i < n; i++) {
            String name = i < names.size() ? names.get(i) : "Phường Khu " + (i + 1);
            String id = slug(name);
            for (int k = 2; !ids.add(id); k++) id = slug(name) + "-" + k;
            long pop = i == n - 1 ? spec.population() - assigned : Math.max(1, Math.round(spec.population() * weight[i] / sum));
            assigned += pop;
            double[] c = centres.get(i);
            out.add(new WardEntry(id, name, pop, round(c[0], 5), round(c[1], 5)));
        }
        return List.copyOf(out);
    }

    static List<String> wardNames() {
        var in = Objects.requireNonNull(CityGenerator.class.getResourceAsStream("/hcmc-wards.txt"), "hcmc-wards.txt");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "Phường Bến Thành" → "ben-thanh", "Xã Cần Giờ" → "xa-can-gio", as config/registry.json names wards. */
    static String slug(String name) {
        String s = name.startsWith("Phường ") ? name.substring("Phường ".length()) : name;
        s = s.replace('Đ', 'D').replace('đ', 'd');
        s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        return s.replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private static String nearestWard(List<WardEntry> wards, double lat, double lon) {
        WardEntry best = null;
        double bestD = Double.MAX_VALUE;
        for (WardEntry w : wards) {
            double d = (w.lat() - lat) * (w.lat() - lat) + (w.lon() - lon) * (w.lon() - lon);
            if (d < bestD) {
                bestD = d;
                best = w;
            }
        }
        return best.id();
    }

    private static RoadClass roadClass(int line) {
        if (line % 6 == 3) return RoadClass.ARTERIAL;
        if (line % 3 == 0) return RoadClass.SECONDARY;
        return RoadClass.LOCAL;
    }

    /** The street along grid line {@code line}: famous names on arterials and secondary streets, numbered ones elsewhere. */
    private static String streetName(int line, boolean eastWest) {
        int k = line * 2 + (eastWest ? 0 : 1);
        return roadClass(line) == RoadClass.LOCAL || k >= STREETS.length * 3 ? "Đường số " + (k + 1) : STREETS[k % STREETS.length]
                + (k >= STREETS.length ? " " + (k / STREETS.length + 1) : "");
    }

    private void addStreet(List<SegmentEntry> out, List<WardEntry> wards, Node a, Node b, String street, RoadClass cls) {
        double length = round(distanceKm(a.lat(), a.lon(), b.lat(), b.lon()) * 1000, 1);
        String ward = nearestWard(wards, (a.lat() + b.lat()) / 2, (a.lon() + b.lon()) / 2);
        boolean bInner = distanceKm(b.lat(), b.lon(), CENTRE_LAT, CENTRE_LON) < distanceKm(a.lat(), a.lon(), CENTRE_LAT, CENTRE_LON);
        out.add(new SegmentEntry(segmentId(a, b), street + (bInner ? " (inbound)" : " (outbound)"), ward, cls.label(),
                cls.freeFlowKmh, length, false, List.of(List.of(a.lon(), a.lat()), List.of(b.lon(), b.lat()))));
        out.add(new SegmentEntry(segmentId(b, a), street + (bInner ? " (outbound)" : " (inbound)"), ward, cls.label(),
                cls.freeFlowKmh, length, false, List.of(List.of(b.lon(), b.lat()), List.of(a.lon(), a.lat()))));
    }

    private static String segmentId(Node from, Node to) {
        return String.format(Locale.ROOT, "seg-%05d-%05d", from.index(), to.index());
    }

    /**
     * Low-lying streets flood at high tide and in heavy rain: the south and east of the core (towards the Saigon river
     * and Nhà Bè) far more often. Both directions of a street are flood-prone together.
     */
    private List<SegmentEntry> markFloodProne(List<SegmentEntry> segments) {
        int wanted = Math.max(spec.waterSensors(), (int) Math.round(segments.size() * 0.04));
        List<double[]> keys = new ArrayList<>();
        for (int i = 0; i < segments.size(); i += 2) {
            List<Double> p = segments.get(i).coordinates().get(0);
            double low = (MAX_LAT - p.get(1)) / (MAX_LAT - MIN_LAT) + 0.5 * (p.get(0) - MIN_LON) / (MAX_LON - MIN_LON);
            keys.add(new double[] {i, -Math.log(random.nextDouble()) / (0.2 + low * low)});
        }
        keys.sort(Comparator.comparingDouble((double[] k) -> k[1]));
        boolean[] flood = new boolean[segments.size()];
        for (int j = 0; j < Math.min(keys.size(), (wanted + 1) / 2); j++) {
            int i = (int) keys.get(j)[0];
            flood[i] = true;
            flood[i + 1] = true;
        }
        List<SegmentEntry> out = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            SegmentEntry s = segments.get(i);
            out.add(flood[i] ? new SegmentEntry(s.id(), s.name(), s.ward(), s.roadClass(), s.freeFlowKmh(), s.lengthM(), true,
                    s.coordinates()) : s);
        }
        return out;
    }

    private List<Registry.Intersection> intersections(List<Node> nodes, List<WardEntry> wards) {
        // smart ones: the busiest crossings (arterial × arterial first), with some chance
        List<double[]> ranked = new ArrayList<>();
        for (Node n : nodes) {
            double score = importance(roadClass(n.row())) + importance(roadClass(n.col())) + 2 * random.nextDouble();
            ranked.add(new double[] {n.index(), score});
        }
        ranked.sort(Comparator.comparingDouble((double[] a) -> -a[1]));
        Set<Integer> smart = new HashSet<>();
        for (int i = 0; i < spec.smart(); i++) smart.add((int) ranked.get(i)[0]);
        List<Registry.Intersection> out = new ArrayList<>();
        for (Node n : nodes) {
            RoadClass main = roadClass(n.row());
            RoadClass cross = roadClass(n.col());
            boolean isSmart = smart.contains(n.index());
            boolean protectedLefts = main == RoadClass.ARTERIAL || cross == RoadClass.ARTERIAL;
            List<Integer> phases = protectedLefts ? List.of(1, 2, 4, 5, 6, 8) : List.of(2, 4, 6, 8);
            List<Registry.Detector> detectors = isSmart ? detectors(phases, main, cross) : List.of();
            out.add(new Registry.Intersection(intersectionId(n), streetName(n.row(), true) + " × " + streetName(n.col(), false),
                    nearestWard(wards, n.lat(), n.lon()), n.lat(), n.lon(), isSmart, phases, detectors));
        }
        return List.copyOf(out);
    }

    private static double importance(RoadClass c) {
        return c == RoadClass.ARTERIAL ? 3 : c == RoadClass.SECONDARY ? 1.5 : 0;
    }

    /**
     * ATSPM-style channels: an advance detector on each through phase (further upstream on faster streets), a stop-bar
     * detector on every phase, a pedestrian push button on each through phase.
     */
    static List<Registry.Detector> detectors(List<Integer> phases, RoadClass main, RoadClass cross) {
        List<Registry.Detector> out = new ArrayList<>();
        int channel = 1;
        for (int p : List.of(2, 6, 4, 8)) {
            RoadClass cls = p == 2 || p == 6 ? main : cross;
            out.add(new Registry.Detector(channel++, p, "advance", cls == RoadClass.ARTERIAL ? 90.0 : 60.0));
        }
        for (int p : phases) out.add(new Registry.Detector(channel++, p, "stopbar", null));
        for (int p : List.of(2, 4, 6, 8)) out.add(new Registry.Detector(channel++, p, "pedestrian", null));
        return List.copyOf(out);
    }

    private static String intersectionId(Node n) {
        return String.format(Locale.ROOT, "x-%05d", n.index());
    }

    private static List<Registry.Device> controllers(List<Registry.Intersection> intersections) {
        List<Registry.Device> out = new ArrayList<>();
        for (Registry.Intersection x : intersections) {
            if (!x.smart()) continue;
            out.add(new Registry.Device(String.format(Locale.ROOT, "sig-%04d", out.size() + 1), "signal",
                    "Controller " + x.name(), x.ward(), null, x.id(), null, x.lat(), x.lon()));
        }
        return out;
    }

    private List<Registry.Device> cameras(List<SegmentEntry> segments) {
        if (spec.cameras() > segments.size()) {
            throw new IllegalArgumentException("cameras (" + spec.cameras() + ") must not exceed the road segments ("
                    + segments.size() + "); add intersections or ask for fewer cameras");
        }
        List<SegmentEntry> chosen = weightedSample(segments, spec.cameras(), s -> RoadClass.valueOf(s.roadClass().toUpperCase(Locale.ROOT)).cameraWeight);
        List<Registry.Device> out = new ArrayList<>();
        for (SegmentEntry s : chosen) {
            double[] mid = midpoint(s);
            out.add(new Registry.Device(String.format(Locale.ROOT, "cam-%04d", out.size() + 1), "camera",
                    "Camera " + s.name(), s.ward(), s.id(), null, null, mid[0], mid[1]));
        }
        return out;
    }

    private List<Registry.Device> waterSensors(List<SegmentEntry> segments) {
        List<SegmentEntry> flood = segments.stream().filter(SegmentEntry::floodProne).toList();
        if (spec.waterSensors() > flood.size()) {
            throw new IllegalArgumentException("water sensors (" + spec.waterSensors() + ") must not exceed the flood-prone segments ("
                    + flood.size() + ")");
        }
        List<Registry.Device> out = new ArrayList<>();
        for (SegmentEntry s : weightedSample(flood, spec.waterSensors(), s -> 1.0)) {
            double[] mid = midpoint(s);
            out.add(new Registry.Device(String.format(Locale.ROOT, "wl-%04d", out.size() + 1), "sensor",
                    "Trạm đo mực nước " + s.name(), s.ward(), s.id(), null, List.of("water"), mid[0], mid[1]));
        }
        return out;
    }

    private List<Registry.Device> pointSensors(List<Registry.Intersection> intersections, int n, String prefix, String label,
                                               String measure) {
        if (n > intersections.size()) throw new IllegalArgumentException(measure + " sensors (" + n + ") must not exceed the intersections");
        List<Registry.Device> out = new ArrayList<>();
        for (Registry.Intersection x : weightedSample(intersections, n, x -> 1.0)) {
            // on a pole at a corner, a few metres from the crossing
            double lat = round(x.lat() + 0.0002, 6);
            double lon = round(x.lon() + 0.0002, 6);
            out.add(new Registry.Device(String.format(Locale.ROOT, "%s-%04d", prefix, out.size() + 1), "sensor",
                    label + " " + x.name(), x.ward(), null, null, List.of(measure), lat, lon));
        }
        return out;
    }

    /** {@code n} distinct items, each drawn with probability proportional to its weight, kept in their list order. */
    private <T> List<T> weightedSample(List<T> items, int n, java.util.function.ToDoubleFunction<T> weight) {
        List<double[]> keys = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) keys.add(new double[] {i, -Math.log(random.nextDouble()) / weight.applyAsDouble(items.get(i))});
        keys.sort(Comparator.comparingDouble((double[] k) -> k[1]));
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < n; i++) picked.add((int) keys.get(i)[0]);
        picked.sort(Comparator.naturalOrder());
        return picked.stream().map(items::get).toList();
    }

    private static double[] midpoint(SegmentEntry s) {
        List<Double> a = s.coordinates().get(0);
        List<Double> b = s.coordinates().get(s.coordinates().size() - 1);
        return new double[] {round((a.get(1) + b.get(1)) / 2, 6), round((a.get(0) + b.get(0)) / 2, 6)};
    }

    private double gaussian() {
        return random.nextGaussian();
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * 6371.0 * Math.asin(Math.sqrt(h));
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
