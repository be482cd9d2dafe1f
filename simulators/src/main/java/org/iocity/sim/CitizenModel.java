package org.iocity.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.iocity.model.registry.WorkingCalendar;

/**
 * Citizens and agencies, seeded and without I/O: complaints to the 1022 hotline and app, and administrative dossiers,
 * each with the back-office steps that will follow it and when.
 *
 * <p>Complaints arrive mostly in the daytime (peaks mid-morning and mid-afternoon), in the category mix of the 1022
 * reports (urban order and construction first, then environment, traffic safety, security; flooding more often in
 * the rainy season), from wards in proportion to their population, at a point of the ward. An agency chosen by the
 * category assigns each one within hours, works on it, and resolves it before its due time (working days,
 * Asia/Ho_Chi_Minh) with probability {@code onTimeShare}, else up to five days late. Dossiers (birth registration,
 * certified copies, business registration, building permits, land certificates, criminal records) are accepted within
 * hours and resolved on time with the same probability, a few returned for missing papers.
 */
public final class CitizenModel {
    /** A category of the catalogue and how often citizens use it. */
    public record Category(String code, String group, int dueWorkingDays, double weight) {}

    /** A ward, where it is, and how many people live there. */
    public record Place(String ward, double lat, double lon, double weight) {}

    /** One back-office step: {@code type} at {@code time}, by {@code agency}. */
    public record Step(String type, Instant time, String agency, String note) {}

    public record Complaint(String key, Instant at, Category category, String ward, double lat, double lon,
                            String description, Instant due, List<Step> steps) {
        public boolean onTime() {
            return steps.stream().filter(s -> s.type().equals("resolved")).allMatch(s -> !s.time().isAfter(due));
        }
    }

    public record Procedure(String code, int dueWorkingDays, double weight, String agency) {}

    public record Dossier(String id, Procedure procedure, String ward, Instant submitted, Instant due, List<Step> steps) {
        public boolean onTime() {
            return steps.stream().filter(s -> !s.type().equals("submitted") && !s.type().equals("accepted"))
                    .allMatch(s -> !s.time().isAfter(due));
        }
    }

    /** The 1022 categories' shares (codes of config/open311-services.json); other codes get {@link #OTHER_WEIGHT}. */
    static final Map<String, Double> CATEGORY_WEIGHTS = Map.ofEntries(
            Map.entry("lan-chiem-long-le-duong", 0.22), Map.entry("xay-dung-khong-phep", 0.12),
            Map.entry("ha-tang-hu-hong", 0.10), Map.entry("rac-thai", 0.12), Map.entry("o-nhiem", 0.08),
            Map.entry("ngap-nuoc", 0.04), Map.entry("an-toan-giao-thong", 0.08), Map.entry("ket-xe", 0.06),
            Map.entry("an-ninh-trat-tu", 0.08), Map.entry("quang-cao-trai-phep", 0.05), Map.entry("khac", 0.05));
    static final double OTHER_WEIGHT = 0.03;

    static final Map<String, String> AGENCIES = Map.of(
            "construction-order", "Phòng Quản lý đô thị", "urban-order", "UBND phường",
            "environment", "Công ty TNHH MTV Môi trường đô thị", "traffic-safety", "Sở Xây dựng",
            "security-order", "Công an phường");

    public static final List<Procedure> PROCEDURES = List.of(
            new Procedure("ho-tich-khai-sinh", 3, 0.30, "UBND phường"),
            new Procedure("chung-thuc-ban-sao", 1, 0.30, "UBND phường"),
            new Procedure("dang-ky-ho-kinh-doanh", 3, 0.15, "UBND phường"),
            new Procedure("ly-lich-tu-phap", 10, 0.10, "Sở Tư pháp"),
            new Procedure("cap-phep-xay-dung", 15, 0.10, "Sở Xây dựng"),
            new Procedure("cap-giay-chung-nhan-qsdd", 30, 0.05, "Văn phòng Đăng ký đất đai"));

    /** Share of a day's reports per local hour: little at night, peaks mid-morning and mid-afternoon. */
    static final double[] HOURLY = {0.4, 0.2, 0.1, 0.1, 0.2, 0.6, 1.6, 3.5, 5.5, 6.5, 6.8, 5.8, 4.0, 4.2, 6.0, 6.5,
            6.2, 5.5, 4.5, 4.0, 3.5, 2.5, 1.5, 0.8};

    private final long seed;
    private final List<Category> categories;
    private final List<Place> places;
    private final double complaintsPerDay;
    private final double dossiersPerDay;
    private final double onTimeShare;
    private final WorkingCalendar calendar;

    public CitizenModel(long seed, List<Category> categories, List<Place> places, double complaintsPerDay,
                        double dossiersPerDay, double onTimeShare, WorkingCalendar calendar) {
        if (categories.isEmpty()) throw new IllegalArgumentException("no complaint categories");
        if (places.isEmpty()) throw new IllegalArgumentException("no wards");
        if (!(onTimeShare >= 0 && onTimeShare <= 1)) throw new IllegalArgumentException("on-time share must be 0..1, was " + onTimeShare);
        if (complaintsPerDay < 0 || dossiersPerDay < 0) throw new IllegalArgumentException("rates must not be negative");
        this.seed = seed;
        this.categories = List.copyOf(categories);
        this.places = List.copyOf(places);
        this.complaintsPerDay = complaintsPerDay;
        this.dossiersPerDay = dossiersPerDay;
        this.onTimeShare = onTimeShare;
        this.calendar = calendar;
    }

    /** A category with its 1022 weight. */
    public static Category category(String code, String group, int dueWorkingDays) {
        return new Category(code, group, dueWorkingDays, CATEGORY_WEIGHTS.getOrDefault(code, OTHER_WEIGHT));
    }

    /** Complaints made in [from, to), in time order; the same for the same seed whatever the steps asked in. */
    public List<Complaint> complaints(Instant from, Instant to) {
        List<Complaint> out = new ArrayList<>();
        forEachArrival(from, to, complaintsPerDay, 21, (t, r) -> out.add(complaint(t, r)));
        return out;
    }

    /** Dossiers submitted in [from, to), in time order; only on working days, office hours. */
    public List<Dossier> dossiers(Instant from, Instant to) {
        List<Dossier> out = new ArrayList<>();
        forEachArrival(from, to, dossiersPerDay, 22, (t, r) -> {
            ZonedDateTime local = t.atZone(CityTrafficModel.ZONE);
            int h = local.getHour();
            if (calendar.isWorkingDay(local.toLocalDate()) && h >= 7 && h < 17) out.add(dossier(t, r));
        });
        return out;
    }

    private interface Arrival {
        void at(Instant t, SplittableRandom r);
    }

    /** Poisson arrivals hour by hour (per-hour seeds), shaped by {@link #HOURLY}, filtered to [from, to). */
    private void forEachArrival(Instant from, Instant to, double perDay, int purpose, Arrival arrival) {
        double sum = 0;
        for (double h : HOURLY) sum += h;
        List<Instant> times = new ArrayList<>();
        List<SplittableRandom> rs = new ArrayList<>();
        for (long hour = Math.floorDiv(from.getEpochSecond(), 3600); hour * 3600 < to.getEpochSecond(); hour++) {
            int local = Instant.ofEpochSecond(hour * 3600).atZone(CityTrafficModel.ZONE).getHour();
            SplittableRandom r = SeededRandom.of(seed, "citizens", hour, purpose);
            long n = SeededRandom.poisson(r, perDay * HOURLY[local] / sum);
            for (long i = 0; i < n; i++) {
                Instant t = Instant.ofEpochSecond(hour * 3600 + (long) (r.nextDouble() * 3600));
                SplittableRandom item = r.split();
                if (!t.isBefore(from) && t.isBefore(to)) {
                    times.add(t);
                    rs.add(item);
                }
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) order.add(i);
        order.sort(Comparator.comparing(times::get));
        for (int i : order) arrival.at(times.get(i), rs.get(i));
    }

    private Complaint complaint(Instant t, SplittableRandom r) {
        int month = t.atZone(CityTrafficModel.ZONE).getMonthValue();
        boolean rainy = month >= 5 && month <= 11;
        Category c = pick(categories, r, x -> x.weight() * (x.code().equals("ngap-nuoc") && rainy ? 3 : 1));
        Place p = pick(places, r, Place::weight);
        double lat = p.lat() + (r.nextDouble() - 0.5) * 0.004;
        double lon = p.lon() + (r.nextDouble() - 0.5) * 0.004;
        Instant due = calendar.addWorkingDays(t, c.dueWorkingDays());
        String agency = AGENCIES.getOrDefault(c.group(), "UBND phường");
        List<Step> steps = new ArrayList<>();
        Instant assigned = t.plus(minutes(r, 15, 180));
        steps.add(new Step("assigned", assigned, agency, null));
        Instant resolved = resolution(r, assigned, due);
        Instant working = assigned.plus(minutes(r, 10, 240));
        if (working.isBefore(resolved)) steps.add(new Step("in_progress", working, agency, null));
        steps.add(new Step("resolved", resolved, agency, "Đã xử lý / handled"));
        String key = Long.toHexString(SeededRandom.mix(seed ^ t.toEpochMilli() ^ r.nextLong()));
        return new Complaint(key, t, c, p.ward(), round6(lat), round6(lon), "Phản ánh " + c.code() + " (ioc-sim " + key + ")",
                due, List.copyOf(steps));
    }

    private Dossier dossier(Instant t, SplittableRandom r) {
        Procedure proc = pick(PROCEDURES, r, Procedure::weight);
        Place p = pick(places, r, Place::weight);
        Instant due = calendar.addWorkingDays(t, proc.dueWorkingDays());
        Instant accepted = t.plus(minutes(r, 5, 240));
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("submitted", t, proc.agency(), null));
        steps.add(new Step("accepted", accepted, proc.agency(), null));
        Instant end = resolution(r, accepted, due);
        steps.add(new Step(r.nextDouble() < 0.03 ? "returned" : "resolved", end, proc.agency(), null));
        String id = "HS-" + Long.toHexString(SeededRandom.mix(seed ^ t.toEpochMilli() ^ r.nextLong()));
        return new Dossier(id, proc, p.ward(), t, due, List.copyOf(steps));
    }

    /** On time (between {@code after} and the due time) with probability onTimeShare, else 1 h to 5 days late. */
    private Instant resolution(SplittableRandom r, Instant after, Instant due) {
        if (r.nextDouble() < onTimeShare) {
            Instant latest = due.minus(Duration.ofMinutes(5));
            if (!latest.isAfter(after)) return after;
            long span = Duration.between(after, latest).toSeconds();
            return after.plusSeconds((long) (span * Math.pow(r.nextDouble(), 0.7)));
        }
        return due.plus(minutes(r, 60, 5 * 24 * 60));
    }

    private static Duration minutes(SplittableRandom r, int min, int max) {
        return Duration.ofSeconds((long) ((min + r.nextDouble() * (max - min)) * 60));
    }

    private static <T> T pick(List<T> items, SplittableRandom r, java.util.function.ToDoubleFunction<T> weight) {
        double total = 0;
        for (T t : items) total += weight.applyAsDouble(t);
        double u = r.nextDouble() * total;
        for (T t : items) {
            u -= weight.applyAsDouble(t);
            if (u < 0) return t;
        }
        return items.get(items.size() - 1);
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
