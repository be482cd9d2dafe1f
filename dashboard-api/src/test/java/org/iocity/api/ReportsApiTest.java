package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.iocity.api.reports.ReportTable;
import org.iocity.api.reports.ReportTables;
import org.iocity.model.records.DailySummary;
import org.iocity.model.records.ServiceKpi;
import org.iocity.model.registry.WorkingCalendar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The leaders' reports over HTTP on the in-memory live state: today's report from the first minute (provisional), the
 * latest closed day, a week and a month rolled up from three days of summaries (expected numbers worked out by hand
 * below), the trend, and the CSV and XLSX exports (the workbook read back with POI has the JSON's numbers).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReportsApiTest {
    // a past week (ISO 2026-W48: Monday 23 to Sunday 29 November); these days never meet "now"
    static final LocalDate MON = LocalDate.parse("2026-11-23");
    static final LocalDate TUE = MON.plusDays(1);
    static final LocalDate WED = MON.plusDays(2);
    static final LocalDate NEXT_MON = MON.plusDays(7);
    private TestServer server;

    @BeforeEach
    void start(Vertx vertx) {
        server = new TestServer(vertx, Map.of());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static LocalDate today() {
        return LocalDate.now(WorkingCalendar.CITY_ZONE);
    }

    static DailySummary summary(String areaType, String area, LocalDate day, int revision, long received,
                                long resolved, long onTime, long overdue) {
        return new DailySummary(DailySummary.KIND, day, areaType, area, revision, TestData.endOf(day).plusSeconds(3_600),
                received, resolved, onTime, resolved == 0 ? null : (double) onTime / resolved, overdue, 2, 1, 1, 0.5,
                List.of(), List.of(), revision == 0 ? null : "a late complaint");
    }

    static ServiceKpi agencyDay(String agency, LocalDate day, long received, long resolved, long onTime, long overdue) {
        return new ServiceKpi(ServiceKpi.DAY, "agency", agency, day, 0, true, TestData.endOf(day), received, resolved,
                onTime, overdue + 1, overdue, 0, 4.0, 9.0, 1, 1, 1, 0, resolved == 0 ? null : (double) onTime / resolved);
    }

    HttpResponse<Buffer> leader(String uri) {
        return server.get(uri, TestData.LEADER_TOKEN);
    }

    @Test
    void todaysReportIsThereOnAFreshStateAndProvisionalThenFollowsTheLiveKpis() {
        LocalDate before = today();
        JsonNode fresh = TestServer.json(leader("/api/v1/reports/daily?date=today"));
        LocalDate after = today();
        assertTrue(fresh.get("date").asText().equals(before.toString()) || fresh.get("date").asText().equals(after.toString()),
                fresh.toString());
        assertTrue(fresh.get("provisional").asBoolean());
        assertEquals(0, fresh.get("city").get("complaintsReceived").asLong());
        assertEquals(0, fresh.get("wards").size());
        assertTrue(fresh.hasNonNull("asOf"));

        // live records of the city, a ward and an agency (asOf now): today's report is theirs
        server.verticle.publish(List.of(TestData.kpi(ServiceKpi.LIVE, "city", "city", null, 0, 8),
                TestData.kpi(ServiceKpi.LIVE, "ward", "ben-thanh", null, 0, 3),
                TestData.kpi(ServiceKpi.LIVE, "agency", "urban-works", null, 0, 2))).await();
        JsonNode today = TestServer.json(leader("/api/v1/reports/daily?date=today"));
        assertTrue(today.get("provisional").asBoolean());
        assertEquals(8, today.get("city").get("complaintsReceived").asLong());
        assertEquals(4, today.get("city").get("complaintsResolved").asLong());
        assertEquals(4, today.get("city").get("complaintsOpen").asLong());
        assertEquals(1.0, today.get("city").get("onTimeRate").asDouble());
        assertEquals("ben-thanh", today.get("wards").get(0).get("area").asText());
        assertEquals("urban-works", today.get("agencies").get(0).get("area").asText());
        // today's date asks for the same report
        assertEquals(today.get("city"), TestServer.json(leader("/api/v1/reports/daily?date=" + today.get("date").asText())).get("city"));

        HttpResponse<Buffer> csv = leader("/api/v1/reports/daily?date=today&format=csv");
        assertEquals(ReportTable.CSV, csv.getHeader("Content-Type"));
        assertEquals("attachment; filename=\"ioc-daily-" + today.get("date").asText() + "-provisional.csv\"",
                csv.getHeader("Content-Disposition"));
        String[] lines = csv.bodyAsString().split("\r\n");
        assertEquals(String.join(",", ReportTables.TODAY), lines[0]);
        assertEquals(4, lines.length);
        assertTrue(lines[1].startsWith(today.get("date").asText() + ",true,"), lines[1]);
        assertTrue(lines[1].endsWith(",city,city,8,4,4,1.0,4,0,3,2,2,0"), lines[1]);
    }

    @Test
    void latestIsTheNewestClosedDayTheSameEveryTime() {
        TestServer.problem(leader("/api/v1/reports/daily?date=latest"), 404);
        LocalDate yesterday = today().minusDays(1);
        server.verticle.publish(List.of(summary("city", "city", yesterday.minusDays(2), 0, 50, 40, 30, 3),
                summary("city", "city", yesterday, 0, 20, 10, 9, 1), summary("city", "city", yesterday, 1, 21, 10, 9, 1),
                summary("ward", "ben-thanh", yesterday, 0, 6, 5, 5, 0),
                agencyDay("urban-works", yesterday, 4, 3, 2, 1))).await();
        JsonNode latest = TestServer.json(leader("/api/v1/reports/daily?date=latest"));
        assertEquals(yesterday.toString(), latest.get("date").asText());
        assertFalse(latest.get("provisional").asBoolean());
        assertEquals(1, latest.get("city").get("revision").asInt());
        assertEquals(21, latest.get("city").get("complaintsReceived").asLong());
        assertEquals("ben-thanh", latest.get("wards").get(0).get("area").asText());
        assertEquals(4, latest.get("agencies").get(0).get("complaintsReceived").asLong());
        assertEquals(latest, TestServer.json(leader("/api/v1/reports/daily?date=latest")));
        assertEquals(latest, TestServer.json(leader("/api/v1/reports/daily?date=" + yesterday)));
    }

    /** Three days of W48 (Tuesday revised once), a day of W49 that must not count, one agency on two of the days. */
    void threeDays() {
        server.verticle.publish(List.of(
                summary("city", "city", MON, 0, 10, 8, 6, 2),
                summary("city", "city", TUE, 0, 19, 10, 9, 4),
                summary("city", "city", TUE, 1, 20, 10, 9, 5),      // the revision counts, not revision 0
                summary("city", "city", WED, 0, 5, 4, 1, 7),
                summary("city", "city", NEXT_MON, 0, 100, 100, 100, 0),
                summary("ward", "ben-thanh", MON, 0, 4, 4, 4, 0),
                summary("ward", "ben-thanh", WED, 0, 2, 2, 0, 1),
                summary("ward", "sai-gon", TUE, 0, 7, 3, 3, 2),
                agencyDay("urban-works", MON, 3, 2, 1, 1),
                agencyDay("urban-works", WED, 1, 1, 1, 0))).await();
    }

    @Test
    void aWeekRollsUpItsClosedDaysPerWardAndAgencyWithATrend() {
        TestServer.problem(leader("/api/v1/reports/weekly?week=2026-W48"), 404);
        threeDays();
        JsonNode week = TestServer.json(leader("/api/v1/reports/weekly?week=2026-W48"));
        assertEquals("2026-W48", week.get("week").asText());
        assertEquals("2026-11-23", week.get("from").asText());
        assertEquals("2026-11-29", week.get("to").asText());
        assertEquals("[\"2026-11-23\",\"2026-11-24\",\"2026-11-25\"]", week.get("days").toString());
        assertFalse(week.get("complete").asBoolean());   // Thursday to Sunday have no summary
        assertTrue(week.get("provisional").asBoolean());

        JsonNode city = week.get("city");
        // received 10 + 20 + 5, resolved 8 + 10 + 4, on time 6 + 9 + 1; overdue at Wednesday's end
        assertEquals(35, city.get("complaintsReceived").asLong());
        assertEquals(22, city.get("complaintsResolved").asLong());
        assertEquals(16, city.get("complaintsResolvedOnTime").asLong());
        assertEquals(16.0 / 22, city.get("onTimeRate").asDouble(), 1e-12);   // not the mean of 0.75, 0.9, 0.25
        assertEquals(7, city.get("complaintsOverdue").asLong());
        assertEquals(6, city.get("dossiersReceived").asLong());

        JsonNode benThanh = week.get("wards").get(0);
        assertEquals("ben-thanh", benThanh.get("area").asText());
        assertEquals(6, benThanh.get("complaintsReceived").asLong());
        assertEquals(4.0 / 6, benThanh.get("onTimeRate").asDouble(), 1e-12);
        assertEquals("sai-gon", week.get("wards").get(1).get("area").asText());
        JsonNode works = week.get("agencies").get(0);
        assertEquals(4, works.get("complaintsReceived").asLong());
        assertEquals(2.0 / 3, works.get("onTimeRate").asDouble(), 1e-12);
        assertEquals(0, works.get("complaintsOverdue").asLong());
        assertEquals(0, works.get("dossiersOverdue").asLong());
        assertFalse(city.has("dossiersOverdue"), "not in the daily summaries");

        // the trend: per area one point per closed day; a ward with no record that day has nothing received
        JsonNode trend = week.get("trend");
        assertEquals("city", trend.get(0).get("area").asText());
        assertEquals(List.of(10L, 20L, 5L), received(trend.get(0)));
        assertEquals(List.of(0L, 7L, 0L), received(trend.get(2)));   // sai-gon
        assertFalse(trend.get(2).get("points").get(0).has("complaintsOverdue"), "no record, no backlog");

        // the same closed days give the same numbers every time; the month holds the same three days
        assertEquals(week, TestServer.json(leader("/api/v1/reports/weekly?week=2026-W48")));
        JsonNode month = TestServer.json(leader("/api/v1/reports/monthly?month=2026-11"));
        assertEquals("2026-11-30", month.get("to").asText());
        assertEquals(4, month.get("days").size());   // and Monday the 30th (W49)
        assertEquals(135, month.get("city").get("complaintsReceived").asLong());
        assertEquals(week.get("wards"), month.get("wards"));   // the wards have no record on the 30th
        assertEquals(4, month.get("trend").get(0).get("points").size());
    }

    static List<Long> received(JsonNode series) {
        List<Long> out = new ArrayList<>();
        series.get("points").forEach(p -> out.add(p.get("complaintsReceived").asLong()));
        return out;
    }

    @Test
    void theXlsxExportReadsBackWithTheJsonsNumbers() throws Exception {
        threeDays();
        JsonNode week = TestServer.json(leader("/api/v1/reports/weekly?week=2026-W48"));
        HttpResponse<Buffer> x = leader("/api/v1/reports/weekly?week=2026-W48&format=xlsx");
        assertEquals(200, x.statusCode(), x.bodyAsString());
        assertEquals(ReportTable.XLSX, x.getHeader("Content-Type"));
        assertEquals("attachment; filename=\"ioc-weekly-2026-W48.xlsx\"", x.getHeader("Content-Disposition"));
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(x.body().getBytes()))) {
            assertEquals(2, wb.getNumberOfSheets());
            Sheet rollUp = wb.getSheetAt(0);
            assertEquals(ReportTables.PERIOD, header(rollUp));
            // city, two wards, one agency
            assertEquals(4, rollUp.getLastRowNum());
            List<JsonNode> rows = new ArrayList<>();
            rows.add(week.get("city"));
            week.get("wards").forEach(rows::add);
            week.get("agencies").forEach(rows::add);
            for (int i = 0; i < rows.size(); i++) {
                Row r = rollUp.getRow(i + 1);
                JsonNode j = rows.get(i);
                assertEquals("total", text(r, "day"));
                assertEquals(j.get("area").asText(), text(r, "area"));
                assertEquals(j.get("complaintsReceived").asDouble(), number(r, "complaints_received"));
                assertEquals(j.get("complaintsResolved").asDouble(), number(r, "complaints_resolved"));
                assertEquals(j.get("complaintsResolvedOnTime").asDouble(), number(r, "complaints_resolved_on_time"));
                assertEquals(j.get("onTimeRate").asDouble(), number(r, "on_time_rate"), 1e-15);
                assertEquals(j.get("complaintsOverdue").asDouble(), number(r, "complaints_overdue"));
            }
            Sheet trend = wb.getSheetAt(1);
            assertEquals("trend", trend.getSheetName());
            // city 3 days, ben-thanh 3, sai-gon 3, urban-works 3
            assertEquals(12, trend.getLastRowNum());
            assertEquals("2026-11-25", text(trend.getRow(3), "day"));
            assertEquals(5.0, number(trend.getRow(3), "complaints_received"));
            assertNull(trend.getRow(7).getCell(ReportTables.PERIOD.indexOf("complaints_overdue")),
                    "sai-gon on Monday: no record, no backlog");
        }

        HttpResponse<Buffer> csv = leader("/api/v1/reports/monthly?month=2026-11&format=csv");
        assertEquals("attachment; filename=\"ioc-monthly-2026-11.csv\"", csv.getHeader("Content-Disposition"));
        String[] lines = csv.bodyAsString().split("\r\n");
        assertEquals(String.join(",", ReportTables.PERIOD), lines[0]);
        // the summaries hold no dossier backlog: that column is empty for the city and wards
        assertEquals("2026-11,total,city,city,135,122,116," + 116.0 / 122 + ",0,8,4,4,", lines[1]);

        HttpResponse<Buffer> day = leader("/api/v1/reports/daily?date=" + TUE + "&format=xlsx");
        assertEquals("attachment; filename=\"ioc-daily-2026-11-24.xlsx\"", day.getHeader("Content-Disposition"));
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(day.body().getBytes()))) {
            Sheet s = wb.getSheetAt(0);
            assertEquals(ReportTables.DAILY, header(s));
            assertEquals(1.0, s.getRow(1).getCell(ReportTables.DAILY.indexOf("revision")).getNumericCellValue());
            assertEquals(20.0, s.getRow(1).getCell(ReportTables.DAILY.indexOf("complaints_received")).getNumericCellValue());
        }
    }

    static List<String> header(Sheet s) {
        List<String> h = new ArrayList<>();
        s.getRow(0).forEach(c -> h.add(c.getStringCellValue()));
        return h;
    }

    static String text(Row r, String column) {
        return r.getCell(ReportTables.PERIOD.indexOf(column)).getStringCellValue();
    }

    static double number(Row r, String column) {
        Cell c = r.getCell(ReportTables.PERIOD.indexOf(column));
        assertEquals(CellType.NUMERIC, c.getCellType(), column);
        return c.getNumericCellValue();
    }

    @Test
    void badPeriodsAndFormatsAreNamedAndTheWallMayNotAsk() {
        assertTrue(TestServer.problem(leader("/api/v1/reports/weekly?week=2026-W54"), 400).contains("week"));
        assertTrue(TestServer.problem(leader("/api/v1/reports/weekly?week=2026-48"), 400).contains("week"));
        assertTrue(TestServer.problem(leader("/api/v1/reports/weekly"), 400).contains("week"));
        assertTrue(TestServer.problem(leader("/api/v1/reports/monthly?month=2026-13"), 400).contains("month"));
        assertTrue(TestServer.problem(leader("/api/v1/reports/daily?date=yesterday"), 400).contains("date"));
        assertTrue(TestServer.problem(leader("/api/v1/reports/daily?date=today&format=pdf"), 400).contains("format"));
        TestServer.problem(server.get("/api/v1/reports/monthly?month=2026-11", TestData.WALL_TOKEN), 403);
        assertEquals(404, leader("/api/v1/reports/monthly?month=2026-11").statusCode());   // nothing closed yet
    }
}
