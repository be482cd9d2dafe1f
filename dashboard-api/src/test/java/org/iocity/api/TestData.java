package org.iocity.api;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.iocity.api.auth.Role;
import org.iocity.api.auth.Tokens;
import org.iocity.model.records.AreaCongestion;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.DailySummary;
import org.iocity.model.records.DeviceStatus;
import org.iocity.model.records.EnvReading;
import org.iocity.model.records.HeatmapCell;
import org.iocity.model.records.LevelOfService;
import org.iocity.model.records.ServiceKpi;
import org.iocity.model.records.SignalCycle;
import org.iocity.model.records.SignalPerformance;
import org.iocity.model.records.VehicleCounts;
import org.iocity.model.registry.Registry;
import org.iocity.model.registry.WorkingCalendar;

/** Shared fixtures of this module's tests: a three-segment registry, results, tokens. */
public final class TestData {
    private TestData() {}

    public static final String OPERATOR_TOKEN = "op-token-1";
    public static final String WALL_TOKEN = "wall-token-1";
    public static final String ADMIN_TOKEN = "admin-token-1";
    static final String ENGINEER_TOKEN = "eng-token-1";
    static final String LEADER_TOKEN = "leader-token-1";

    /** A token of each role. */
    static final Map<Role, String> TOKEN_OF = Map.of(Role.OPERATOR, OPERATOR_TOKEN, Role.WALL, WALL_TOKEN,
            Role.ADMIN, ADMIN_TOKEN, Role.ENGINEER, ENGINEER_TOKEN, Role.LEADER, LEADER_TOKEN);

    static Path registryFile() {
        try {
            return Path.of(TestData.class.getResource("/registry-test.json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Registry registry() {
        return Registry.load(registryFile());
    }

    public static Tokens tokens() {
        return Tokens.of(Map.of(
                OPERATOR_TOKEN, new Tokens.Principal("desk 1", Role.OPERATOR),
                WALL_TOKEN, new Tokens.Principal("wall A", Role.WALL),
                ADMIN_TOKEN, new Tokens.Principal("root", Role.ADMIN),
                ENGINEER_TOKEN, new Tokens.Principal("eng 7", Role.ENGINEER),
                LEADER_TOKEN, new Tokens.Principal("director", Role.LEADER)));
    }

    /** A result whose speed ratio gives {@code los}; the window ends at {@code windowEnd}. */
    public static CongestionResult result(String segmentId, String ward, Instant windowEnd, LevelOfService los, double meanSpeedKmh) {
        double freeFlow = 35;
        return new CongestionResult(segmentId, ward, windowEnd.minusSeconds(300), windowEnd, 12, 240, 2880.0,
                new VehicleCounts(200, 30, 2, 3, 5), meanSpeedKmh, 0.21, freeFlow, meanSpeedKmh / freeFlow, los,
                freeFlow / Math.max(meanSpeedKmh, 0.1));
    }

    /**
     * The results of seg-le-loi-a (C) and seg-ham-nghi-a (D) for the {@code windows} windows after {@code end[0]}, one
     * second apart, in order; {@code end[0]} is left at the last one (for a test that publishes such bursts until
     * something happens).
     */
    static List<CongestionResult> twoSegments(Instant[] end, int windows) {
        List<CongestionResult> batch = new java.util.ArrayList<>();
        for (int i = 0; i < windows; i++) {
            end[0] = end[0].plusSeconds(1);
            batch.add(result("seg-le-loi-a", "ben-thanh", end[0], LevelOfService.C, 20));
            batch.add(result("seg-ham-nghi-a", "ben-thanh", end[0], LevelOfService.D, 15));
        }
        return batch;
    }

    /**
     * Yesterday in Asia/Ho_Chi_Minh, from now: a closed day whose records are inside every retention (InfluxDB keeps raw
     * results 14 days; a fixed date here once made the suite fail by the calendar alone).
     */
    public static LocalDate yesterday() {
        return LocalDate.now(WorkingCalendar.CITY_ZONE).minusDays(1);
    }

    /** The end of {@code day} in Asia/Ho_Chi_Minh: when a day's KPIs close. */
    public static Instant endOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay(WorkingCalendar.CITY_ZONE).toInstant();
    }

    /**
     * KPIs of an area: {@code received} complaints, half of them resolved, all on time; as of the end of {@code day}, or
     * now for live KPIs ({@code day} null).
     */
    public static ServiceKpi kpi(String kind, String areaType, String area, LocalDate day, int revision, long received) {
        return new ServiceKpi(kind, areaType, area, day, revision, day != null, day == null ? Instant.now() : endOf(day),
                received, received / 2, received / 2, received - received / 2, 0, 0, 5.0, 20.0, 3, 2, 2, 0, 1.0);
    }

    public static DailySummary summary(String areaType, String area, LocalDate day, int revision, long received) {
        return new DailySummary(DailySummary.KIND, day, areaType, area, revision, endOf(day).plusSeconds(3_600),
                received, received / 2, received / 2, 1.0, 1, 4, 3, 3, 2.5,
                List.of(new DailySummary.Ranked("sai-gon", received, received / 2, 1, 1.0)), List.of(),
                revision == 0 ? null : "a late complaint");
    }

    public static HeatmapCell cell(String areaType, String area, Integer resolution, long count, Instant end) {
        return new HeatmapCell("24h", areaType, area, resolution, HeatmapCell.ALL, count, end.minusSeconds(86_400), end,
                2.0, count > 5);
    }

    /** A bin with one phase (2): {@code arrivals} of which {@code onGreen} on green, {@code splitFailures} of 10 cycles. */
    public static SignalPerformance bin(String intersection, Instant start, int pattern, boolean cut, int arrivals, int onGreen,
                                 int splitFailures) {
        SignalPerformance.Phase phase = new SignalPerformance.Phase(2, 10, 90, 40, 35, 3, 2, arrivals, onGreen,
                arrivals == 0 ? 0 : 100.0 * onGreen / arrivals, 1.0, splitFailures, 6, 4, 0, 0, 4, 4, 12.0, 30.0, 1, 2);
        return new SignalPerformance(SignalPerformance.KIND, intersection, "sai-gon", start, start.plusSeconds(900),
                pattern, cut, List.of(phase), List.of(new SignalPerformance.DetectorHealth(1, 2, "advance", arrivals, 60, 0, "ok")));
    }

    public static SignalCycle cycle(String intersection, Instant start) {
        return new SignalCycle(SignalCycle.KIND, intersection, "sai-gon", 2, 1, start, start.plusSeconds(90), 35, 3, 2, 50,
                40, 90, "gap-out", 5, 2, 0.4, 0.1, false);
    }

    /** The congestion of an area over the 5-minute window ending at {@code end}. */
    public static AreaCongestion area(String area, String areaType, Instant end, double index) {
        return new AreaCongestion(AreaCongestion.KIND, area, areaType, end.minusSeconds(300), end, 10, 3, 900, index, 0.3,
                1 - index);
    }

    /** A reading of a registry sensor: {@code value} is its kind's main value (PM2.5, water level, LAeq). */
    static EnvReading reading(String sensor, String kind, Instant at, double value) {
        return new EnvReading(sensor, at.getEpochSecond(), at, at, kind, "sai-gon", 10.77, 106.70,
                kind.equals("air") ? value : null, null, null, kind.equals("water") ? value : null,
                kind.equals("noise") ? value : null);
    }

    public static DeviceStatus status(String device, String type, String state, Instant at) {
        return new DeviceStatus(device, 1, type, state, "1.2.0", 88.0, at, at, "sai-gon");
    }
}
