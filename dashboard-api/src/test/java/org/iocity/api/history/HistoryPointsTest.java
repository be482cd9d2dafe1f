package org.iocity.api.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.influxdb.dto.Point;
import org.iocity.api.TestData;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.AreaCongestion;
import org.iocity.model.records.Json;
import org.iocity.model.records.LevelOfService;
import org.iocity.model.records.ServiceKpi;
import org.iocity.model.records.SignalPerformance;
import org.junit.jupiter.api.Test;

/** Result records as InfluxDB points: measurement, tags, fields, event time; and the retention set-up statements. */
class HistoryPointsTest {
    static final Instant END = Instant.parse("2025-07-01T01:15:00Z");

    static AreaCongestion area() {
        return new AreaCongestion(AreaCongestion.KIND, "ben-thanh", "ward", END.minusSeconds(300), END, 12, 3, 400,
                0.25, 0.25, 0.75);
    }

    static SignalPerformance bin() {
        SignalPerformance.Phase p = new SignalPerformance.Phase(2, 10, 90, 30, 25, 3, 2, 100, 62, 62.0, 1.2, 1, 4, 5, 1, 0,
                3, 3, 12.5, 30, 0, 0);
        return new SignalPerformance(SignalPerformance.KIND, "int-le-loi-pasteur", "ben-thanh", END.minusSeconds(900), END,
                1, false, List.of(p), List.of());
    }

    static ServiceKpi live(double onTime) {
        return new ServiceKpi(ServiceKpi.LIVE, "ward", "ben-thanh", null, 0, false, END, 20, 10, 8, 12, 3, 0, 4.5, 9.0,
                2, 1, 1, 0, onTime);
    }

    private static List<Point> map(String topic, Object record) {
        HistoryPoints.Mapped m = HistoryPoints.map(topic, Json.toBytes(record));
        assertNull(m.error());
        return m.points();
    }

    private static String only(String topic, Object record) {
        List<Point> p = map(topic, record);
        assertEquals(1, p.size());
        return p.get(0).lineProtocol();
    }

    private static void at(String line, Instant t) {
        assertTrue(line.endsWith(" " + t.toEpochMilli() * 1_000_000L) || line.endsWith(" " + t.toEpochMilli()), line);
    }

    @Test
    void areaCongestionOnTheCongestionTopic() {
        String line = only(Topics.CONGESTION, area());
        assertTrue(line.startsWith("area_congestion,area=ben-thanh,areaType=ward "), line);
        assertTrue(line.contains("congestionIndex=0.25") && line.contains("segments=12i") && line.contains("vehicles=400i"), line);
        at(line, END);
        String segment = only(Topics.CONGESTION, TestData.result("seg-le-loi-a", "ben-thanh", END, LevelOfService.E, 12));
        assertTrue(segment.startsWith("congestion,segment=seg-le-loi-a"), segment);
    }

    @Test
    void signalBinsGiveOnePointPerPhaseAtTheBinEnd() {
        String line = only(Topics.SIGNAL_PERFORMANCE, bin());
        assertTrue(line.startsWith("signal_performance,intersection=int-le-loi-pasteur,phase=2,ward=ben-thanh "), line);
        assertTrue(line.contains("percentArrivalsOnGreen=62.0") && line.contains("splitFailures=1i")
                && line.contains("meanPedDelayS=12.5"), line);
        at(line, END);
    }

    @Test
    void liveKpisOnlyAndANullRateIsLeftOut() {
        String line = only(Topics.KPI, live(0.8));
        assertTrue(line.startsWith("kpi,area=ben-thanh,areaType=ward "), line);
        assertTrue(line.contains("onTimeRate=0.8") && line.contains("complaintsOverdue=3i")
                && line.contains("complaintsOpen=12i"), line);
        at(line, END);
        ServiceKpi none = new ServiceKpi(ServiceKpi.LIVE, "city", "city", null, 0, false, END, 0, 0, 0, 0, 0, 0, null, null,
                0, 0, 0, 0, null);
        assertTrue(!only(Topics.KPI, none).contains("onTimeRate"));
        ServiceKpi day = new ServiceKpi(ServiceKpi.DAY, "ward", "ben-thanh", java.time.LocalDate.of(2025, 7, 1), 0, true, END,
                1, 1, 1, 0, 0, 0, 1.0, 1.0, 0, 0, 0, 0, 1.0);
        assertEquals(List.of(), map(Topics.KPI, day), "day KPIs are not history points");
    }

    @Test
    void badRecordsSayWhy() {
        for (String bad : new String[] {"", "{", "{\"kind\":\"area\"}", "{\"kind\":\"nope\"}"}) {
            HistoryPoints.Mapped m = HistoryPoints.map(bad.startsWith("{\"kind\":\"n") ? Topics.KPI : Topics.CONGESTION,
                    bad.getBytes(StandardCharsets.UTF_8));
            assertNull(m.points(), bad);
            assertNotNull(m.error(), bad);
        }
    }

    @Test
    void setupCreatesBothPoliciesAndOneContinuousQueryPerMeasure() {
        List<String> s = new InfluxHistory("http://127.0.0.1:1", "ioc", Duration.ofSeconds(1), Duration.ofDays(14),
                Duration.ofDays(400)).setup();
        assertEquals("CREATE DATABASE \"ioc\"", s.get(0));
        assertEquals("RETENTION POLICY \"raw\" ON \"ioc\" DURATION 1209600s REPLICATION 1 DEFAULT", s.get(1));
        assertEquals("RETENTION POLICY \"long\" ON \"ioc\" DURATION 34560000s REPLICATION 1", s.get(2));
        assertEquals(3 + HistoryMeasure.values().length, s.size());
        assertTrue(s.get(4).startsWith("CREATE CONTINUOUS QUERY \"area_congestion_5m\" ON \"ioc\" BEGIN SELECT mean(\"segments\") AS \"segments\""), s.get(4));
        assertTrue(s.get(4).endsWith(" INTO \"ioc\".\"long\".\"area_congestion\" FROM \"ioc\".\"raw\".\"area_congestion\" GROUP BY time(300s), * END"), s.get(4));
    }
}
