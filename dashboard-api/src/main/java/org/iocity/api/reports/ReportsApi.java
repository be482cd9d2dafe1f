package org.iocity.api.reports;

import static org.iocity.api.web.QueryParams.oneOf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import org.iocity.api.web.Problem;
import org.iocity.model.records.Json;

/**
 * The leaders' reports over HTTP: {@code GET /api/v1/reports/daily?date=today|latest|yyyy-mm-dd},
 * {@code /weekly?week=yyyy-Www} and {@code /monthly?month=yyyy-mm}, each with {@code format=json|csv|xlsx} (an
 * export is an attachment with a file name). The numbers come from {@link Reports}; XLSX workbooks are written on a
 * worker thread.
 */
public final class ReportsApi {
    static final Set<String> FORMATS = Set.of("json", "csv", "xlsx");

    private final Reports reports;
    private final WorkerExecutor workers;

    public ReportsApi(Reports reports, WorkerExecutor workers) {
        this.reports = reports;
        this.workers = workers;
    }

    public void daily(RoutingContext ctx) {
        String date = ctx.queryParams().get("date");
        if (date == null) throw Problem.badRequest("date is required: today, latest or a day such as 2025-07-01");
        String format = oneOf(ctx, "format", FORMATS, "json");
        Reports.Daily d = reports.daily(date);
        if (d instanceof Reports.Today t) {
            send(ctx, format, "ioc-daily-" + t.date() + "-provisional", json(t), List.of(ReportTables.today(t)));
        } else if (d instanceof Reports.ClosedDay c) {
            send(ctx, format, "ioc-daily-" + c.date(), json(c), List.of(ReportTables.daily(c)));
        }
    }

    public void weekly(RoutingContext ctx) {
        period(ctx, ReportPeriod.week(ctx.queryParams().get("week")));
    }

    public void monthly(RoutingContext ctx) {
        period(ctx, ReportPeriod.month(ctx.queryParams().get("month")));
    }

    private void period(RoutingContext ctx, ReportPeriod period) {
        String format = oneOf(ctx, "format", FORMATS, "json");
        Reports.PeriodReport p = reports.period(period);
        List<ReportTable> tables = format.equals("csv") ? List.of(ReportTables.period(p))
                : List.of(ReportTables.rollUp(p), ReportTables.trend(p));
        send(ctx, format, "ioc-" + period.kind() + "-" + period.label(), json(p), tables);
    }

    static ObjectNode json(Reports.Today t) {
        ObjectNode o = day(t.date().toString(), true, t.city(), t.wards(), t.agencies());
        o.put("asOf", t.asOf().toString());
        return o;
    }

    static ObjectNode json(Reports.ClosedDay c) {
        return day(c.date().toString(), false, c.city(), c.wards(), c.agencies());
    }

    private static ObjectNode day(String date, boolean provisional, Object city, List<?> wards, List<?> agencies) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("date", date);
        o.put("provisional", provisional);
        o.set("city", Json.mapper().valueToTree(city));
        o.set("wards", Json.mapper().valueToTree(wards));
        o.set("agencies", Json.mapper().valueToTree(agencies));
        return o;
    }

    static ObjectNode json(Reports.PeriodReport p) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put(p.period().kind().equals(ReportPeriod.WEEKLY) ? "week" : "month", p.period().label());
        o.put("from", p.period().from().toString());
        o.put("to", p.period().to().toString());
        o.put("complete", p.complete());
        o.put("provisional", !p.complete());
        o.set("days", Json.mapper().valueToTree(p.days()));
        o.set("city", Json.mapper().valueToTree(p.city()));
        o.set("wards", Json.mapper().valueToTree(p.wards()));
        o.set("agencies", Json.mapper().valueToTree(p.agencies()));
        o.set("trend", Json.mapper().valueToTree(p.trend()));
        return o;
    }

    private void send(RoutingContext ctx, String format, String file, ObjectNode json, List<ReportTable> tables) {
        var response = ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        switch (format) {
            case "csv" -> response.putHeader(HttpHeaders.CONTENT_TYPE, ReportTable.CSV)
                    .putHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + ".csv\"")
                    .end(tables.get(0).csv());
            case "xlsx" -> workers.executeBlocking(() -> ReportTable.xlsx(tables), false)
                    .onSuccess(bytes -> response.putHeader(HttpHeaders.CONTENT_TYPE, ReportTable.XLSX)
                            .putHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + ".xlsx\"")
                            .end(Buffer.buffer(bytes)))
                    .onFailure(ctx::fail);
            default -> response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Json.toString(json));
        }
    }
}
