package org.iocity.api.views;

import static org.iocity.api.web.QueryParams.date;
import static org.iocity.api.web.QueryParams.oneOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.iocity.api.auth.Auth;
import org.iocity.api.auth.Tokens;
import org.iocity.api.signals.AuditTrail;
import org.iocity.api.state.AlertAck;
import org.iocity.api.state.ResultState;
import org.iocity.api.web.Problem;
import org.iocity.api.web.Text;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.HeatmapCell;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST views of the live state: {@code GET /api/v1/alerts?status=}, {@code POST /api/v1/alerts/{id}/ack},
 * {@code GET /api/v1/heatmap?window=&resolution=&category=}, {@code GET /api/v1/kpis?area=&date=},
 * {@code GET /api/v1/devices?status=},
 * {@code GET /api/v1/congestion/areas?ward=} and {@code GET /api/v1/sensors?kind=}. Bad parameters are 400
 * problems naming the parameter.
 */
public final class ResultsApi {
    private static final Logger LOG = LoggerFactory.getLogger(ResultsApi.class);
    static final Set<String> WINDOWS = Set.of("1h", "24h", "7d");
    static final Set<String> CATEGORIES = Set.of("construction-order", "urban-order", "environment", "traffic-safety",
            "security-order", "other", HeatmapCell.ALL);
    static final Set<String> DEVICE_STATES = Set.of("online", "offline", MapLayers.DEVICE_UNKNOWN);
    static final int MAX_NOTE = 500;
    private static final Pattern AREA = Pattern.compile("[A-Za-z0-9._:-]{1,80}");

    private final Registry registry;
    private final ResultState results;
    private final LiveViews views;
    private final MapLayers layers;
    private final AuditTrail audit;
    private final Consumer<Object> apply;
    private final Clock clock;

    /** @param apply applies a record to the live state and pushes the change (on the event loop) */
    public ResultsApi(Registry registry, ResultState results, LiveViews views, MapLayers layers, AuditTrail audit,
               Consumer<Object> apply, Clock clock) {
        this.registry = registry;
        this.results = results;
        this.views = views;
        this.layers = layers;
        this.audit = audit;
        this.apply = apply;
        this.clock = clock;
    }

    public void alerts(RoutingContext ctx) {
        String status = oneOf(ctx, "status", Set.of("open", "cleared", "all"), "open");
        Boolean open = status.equals("all") ? null : status.equals("open");
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("status", status);
        o.set("alerts", Json.mapper().valueToTree(results.alerts(open)));
        json(ctx, "application/json", Json.toString(o));
    }

    public void ack(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ResultState.AlertView alert = results.alert(id)
                .orElseThrow(() -> Problem.notFound("no alert " + Text.clip(id)));
        if (alert.ack() != null) {
            throw new Problem(409, "already-acknowledged", "Already acknowledged", "alert " + Text.clip(id)
                    + " was acknowledged by " + alert.ack().by() + " at " + alert.ack().at());
        }
        String note = note(ctx);
        Tokens.Principal who = ctx.get(Auth.PRINCIPAL);
        AlertAck ack = new AlertAck(AlertAck.ACTION, id, clock.instant(), who.name(), who.role().id(), note);
        Future.fromCompletionStage(audit.append(id, ack))
                .onSuccess(v -> {
                    apply.accept(ack);
                    LOG.info("alert {} acknowledged by {} ({})", id, who.name(), who.role().id());
                    json(ctx, "application/json", Json.toString(results.alert(id).orElse(alert)));
                })
                .onFailure(e -> {
                    LOG.error("acknowledgement of {} not stored in {}: {}", id, Topics.AUDIT, e.toString());
                    ctx.fail(Problem.unavailable("the audit trail (" + Topics.AUDIT + ") did not store the acknowledgement"));
                });
    }

    /** The optional body {@code {"note":"…"}}. */
    private static String note(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().buffer().length() == 0) return null;
        JsonNode body;
        try {
            body = Json.mapper().readTree(ctx.body().buffer().getBytes());
        } catch (IOException e) {
            throw Problem.badRequest("the body is not valid JSON: send {\"note\":\"…\"} or nothing");
        }
        if (body == null || !body.isObject()) throw Problem.badRequest("the body must be a JSON object {\"note\":\"…\"}");
        JsonNode note = body.get("note");
        if (note == null || note.isNull()) return null;
        if (!note.isTextual() || note.asText().length() > MAX_NOTE) {
            throw Problem.badRequest("note must be a string of at most " + MAX_NOTE + " characters");
        }
        return note.asText();
    }

    public void heatmap(RoutingContext ctx) {
        String window = oneOf(ctx, "window", WINDOWS, "24h");
        String resolution = oneOf(ctx, "resolution", Set.of("7", "8", "9", HeatmapCell.WARD), "8");
        String category = oneOf(ctx, "category", CATEGORIES, HeatmapCell.ALL);
        boolean ward = resolution.equals(HeatmapCell.WARD);
        List<HeatmapCell> cells = results.heatmap(window, ward ? HeatmapCell.WARD : HeatmapCell.H3,
                ward ? null : Integer.valueOf(resolution), category);
        ObjectNode fc = GeoJson.featureCollection(cells.stream().map(layers::cell).toList());
        fc.put("window", window);
        fc.put("resolution", resolution);
        fc.put("category", category);
        json(ctx, GeoJson.MEDIA_TYPE, Json.toString(fc));
    }

    public void kpis(RoutingContext ctx) {
        String area = ctx.queryParams().get("area");
        if (area != null && !AREA.matcher(area).matches()) {
            throw Problem.badRequest("bad area " + Text.clip(area) + ": city, a ward id, an agency or a category");
        }
        LocalDate day = date(ctx.queryParams().get("date"), false);
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("kind", day == null ? "live" : "day");
        if (day != null) o.put("date", day.toString());
        if (area != null) o.put("area", area);
        o.set("kpis", Json.mapper().valueToTree(results.kpis(day, area)));
        json(ctx, "application/json", Json.toString(o));
    }

    public void devices(RoutingContext ctx) {
        String status = ctx.queryParams().get("status");
        if (status != null && !DEVICE_STATES.contains(status)) {
            throw Problem.badRequest("bad status " + Text.clip(status) + ": expected online, offline or unknown");
        }
        json(ctx, GeoJson.MEDIA_TYPE, Json.toString(views.devices(status)));
    }

    /** {@code GET /api/v1/congestion/areas?ward=}: the city's and every ward's congestion index (latest window). */
    public void areas(RoutingContext ctx) {
        String ward = CongestionFilter.parse(ctx.queryParam("ward"), List.of(), registry).ward();
        json(ctx, "application/json", Json.toString(views.areas(ward)));
    }

    /** {@code GET /api/v1/sensors?kind=}: sensors as GeoJSON points with their latest readings and levels. */
    public void sensors(RoutingContext ctx) {
        String kind = oneOf(ctx, "kind", DeviceContract.ENV_KINDS, null);
        json(ctx, GeoJson.MEDIA_TYPE, Json.toString(views.sensors(kind)));
    }

    private static void json(RoutingContext ctx, String type, String body) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type).putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body);
    }
}
