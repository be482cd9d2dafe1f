package org.iocity.api.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.iocity.api.TestData;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.AreaCongestion;
import org.iocity.model.records.DailySummary;
import org.iocity.model.records.Json;
import org.iocity.model.records.ServiceKpi;
import org.iocity.model.records.SignalCycle;
import org.iocity.model.records.SignalPerformance;
import org.junit.jupiter.api.Test;

/** Records sharing a topic are told apart by kind or action; bad ones get a reason. */
class ResultRecordsTest {
    private static final Instant T = Instant.parse("2026-11-23T01:00:00Z");

    private static ResultRecords.Parsed parse(String topic, Object record) {
        return ResultRecords.parse(topic, Json.toBytes(record));
    }

    private static String error(String topic, String text) {
        ResultRecords.Parsed p = ResultRecords.parse(topic, text.getBytes(StandardCharsets.UTF_8));
        assertNull(p.result());
        return p.error();
    }

    @Test
    void kindsAndActionsPickTheRecord() {
        LocalDate day = LocalDate.parse("2026-11-22");
        assertInstanceOf(ServiceKpi.class, parse(Topics.KPI, TestData.kpi(ServiceKpi.DAY, "city", "city", day, 0, 1)).result());
        assertInstanceOf(DailySummary.class, parse(Topics.KPI, TestData.summary("city", "city", day, 0, 1)).result());
        assertInstanceOf(SignalPerformance.class, parse(Topics.SIGNAL_PERFORMANCE, TestData.bin("x", T, 1, false, 1, 1, 0)).result());
        assertInstanceOf(SignalCycle.class, parse(Topics.SIGNAL_PERFORMANCE, TestData.cycle("x", T)).result());
        assertInstanceOf(AlertAck.class, parse(Topics.AUDIT, new AlertAck(AlertAck.ACTION, "a", T, "desk", "operator", null)).result());
        assertInstanceOf(org.iocity.model.records.DeviceStatus.class,
                parse(Topics.DEVICE_STATUS, TestData.status("cam-0001", "camera", "online", T)).result());
    }

    @Test
    void badRecordsSayWhy() {
        assertTrue(error(Topics.KPI, "{\"kind\":\"weekly\"}").contains("weekly"));
        assertTrue(error(Topics.SIGNAL_PERFORMANCE, "{\"kind\":\"bin\"}").contains("binStart"));
        assertTrue(error(Topics.ALERTS, "{\"id\":\"a\",\"state\":\"maybe\"}").contains("raised|cleared"));
        assertTrue(error(Topics.AUDIT, "{\"action\":\"door.open\"}").contains("door.open"));
        assertTrue(error(Topics.COMPLAINT_HEATMAP, "[1]").contains("object"));
        assertTrue(error(Topics.DEVICE_STATUS, "{not json").length() > 0);
        assertEquals("empty value", ResultRecords.parse(Topics.ALERTS, new byte[0]).error());
        assertTrue(error(Topics.KPI, "{\"kind\":\"live\",\"complaintsReceived\":\"many\"}").length() > 0);
    }

    @Test
    void anEarlyCongestionWindowIsTheSegmentOrAreaResultMarkedProvisional() {
        var r = TestData.result("seg-le-loi-a", "ben-thanh", T, org.iocity.model.records.LevelOfService.E, 12);
        assertEquals(new Provisional(r), ResultRecords.parse(Topics.CONGESTION_LIVE, Json.toBytes(r)).result());
        assertEquals(r, ResultRecords.parse(Topics.CONGESTION, Json.toBytes(r)).result());
        AreaCongestion area = new AreaCongestion(AreaCongestion.KIND, "ben-thanh", "ward", T.minusSeconds(300), T, 12, 3,
                400, 0.25, 0.25, 0.75);
        assertEquals(new Provisional(area), ResultRecords.parse(Topics.CONGESTION_LIVE, Json.toBytes(area)).result());
        assertTrue(error(Topics.CONGESTION_LIVE, "{not json").length() > 0);
        assertTrue(error(Topics.CONGESTION_LIVE, "{\"kind\":\"area\"}").contains("windowEnd"));
    }

    @Test
    void areaCongestionIsARecordNotMalformed() {
        AreaCongestion area = new AreaCongestion(AreaCongestion.KIND, "ben-thanh", "ward", T.minusSeconds(300), T, 12, 3, 400,
                0.25, 0.25, 0.75);
        assertEquals(area, ResultRecords.parse(Topics.CONGESTION, Json.toBytes(area)).result());
        assertTrue(error(Topics.CONGESTION, "{\"kind\":\"area\"}").contains("windowEnd"));
    }
}
