package org.iocity.api.signals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.iocity.api.history.HistoryQuery;
import org.iocity.api.state.PlanAuditRecord;
import org.iocity.api.state.ResultState;
import org.iocity.api.web.Problem;
import org.iocity.api.web.Text;
import org.iocity.model.records.Json;
import org.iocity.model.records.SignalPerformance;
import org.iocity.model.registry.Registry;

/**
 * Signal performance for traffic engineers: {@code GET /api/v1/signals/{id}/performance?from=&to=} (the bins and
 * the last cycles of one intersection) and {@code GET /api/v1/signals/{id}/plans/compare?change=&hours=} (the
 * measures of the {@code hours} before a timing plan change against those after it; the change's time is the one of
 * its audit record, its {@code effectiveAt} when it had one). {@code id} is a signal controller ({@code sig-…}) or
 * an intersection id of the registry.
 */
public final class SignalPerformanceApi {
    static final Duration DEFAULT_RANGE = Duration.ofHours(24);
    static final int MAX_CYCLES = 200;
    static final int MAX_COMPARE_HOURS = 24;

    private final Registry registry;
    private final ResultState results;
    private final Clock clock;

    public SignalPerformanceApi(Registry registry, ResultState results, Clock clock) {
        this.registry = registry;
        this.results = results;
        this.clock = clock;
    }

    /** The intersection of a controller id or an intersection id; 404 when the registry knows neither. */
    private Registry.Intersection intersection(String id) {
        String x = registry.device(id).filter(d -> "signal".equals(d.type())).map(Registry.Device::intersectionId).orElse(id);
        return registry.intersection(x).orElseThrow(() -> Problem.notFound("no signal controller or intersection "
                + Text.clip(String.valueOf(id)) + " in the registry"));
    }

    public void performance(RoutingContext ctx) {
        Registry.Intersection x = intersection(ctx.pathParam("id"));
        String toParam = ctx.queryParams().get("to");
        String fromParam = ctx.queryParams().get("from");
        Instant to = toParam == null ? clock.instant() : HistoryQuery.instant("to", toParam);
        Instant from = fromParam == null ? to.minus(DEFAULT_RANGE) : HistoryQuery.instant("from", fromParam);
        HistoryQuery.checkRange(from, to);
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("intersectionId", x.id());
        o.put("name", x.name());
        o.put("from", from.toString());
        o.put("to", to.toString());
        o.set("bins", Json.mapper().valueToTree(results.bins(x.id(), from, to)));
        o.set("cycles", Json.mapper().valueToTree(results.cycles(x.id(), from, to, MAX_CYCLES)));
        send(ctx, o);
    }

    public void compare(RoutingContext ctx) {
        Registry.Intersection x = intersection(ctx.pathParam("id"));
        String change = ctx.queryParams().get("change");
        if (change == null || change.isBlank()) throw Problem.badRequest("change is required: the id of a plan's audit record");
        int hours = hours(ctx.queryParams().get("hours"));
        PlanAuditRecord r = results.planChange(change)
                .filter(p -> Objects.equals(x.id(), registry.device(p.signalId()).map(Registry.Device::intersectionId).orElse(null)))
                .orElseThrow(() -> Problem.notFound("no plan change " + Text.clip(change) + " for " + x.id()
                        + " in the audit trail"));
        Instant at = r.plan() != null && r.plan().effectiveAt() != null ? r.plan().effectiveAt() : r.time();
        Duration span = Duration.ofHours(hours);
        List<SignalPerformance> before = results.bins(x.id(), at.minus(span), at).stream()
                .filter(b -> !b.binEnd().isAfter(at)).toList();
        List<SignalPerformance> after = results.bins(x.id(), at, at.plus(span)).stream()
                .filter(b -> !b.binStart().isBefore(at)).toList();
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("intersectionId", x.id());
        o.set("change", Json.mapper().valueToTree(r));
        o.put("changeAt", at.toString());
        o.put("hours", hours);
        ObjectNode b = measures(before, at.minus(span), at);
        ObjectNode a = measures(after, at, at.plus(span));
        o.set("before", b);
        o.set("after", a);
        ObjectNode diff = o.putObject("difference");
        for (String m : List.of("percentArrivalsOnGreen", "splitFailuresPerCycle", "meanPedDelayS", "meanCycleS")) {
            if (b.path("totals").hasNonNull(m) && a.path("totals").hasNonNull(m)) {
                diff.put(m, a.get("totals").get(m).asDouble() - b.get("totals").get(m).asDouble());
            } else {
                diff.putNull(m);
            }
        }
        o.set("patternChanges", patternChanges(results.bins(x.id(), at.minus(span), at.plus(span))));
        send(ctx, o);
    }

    private static int hours(String value) {
        if (value == null) return 2;
        try {
            int h = Integer.parseInt(value);
            if (h >= 1 && h <= MAX_COMPARE_HOURS) return h;
        } catch (NumberFormatException e) {
            // below
        }
        throw Problem.badRequest("bad hours " + Text.clip(value) + ": a whole number 1.." + MAX_COMPARE_HOURS);
    }

    /** Sums of one side: per phase and over all phases (rates weighted by their counts). */
    static ObjectNode measures(List<SignalPerformance> bins, Instant from, Instant to) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("from", from.toString());
        o.put("to", to.toString());
        o.put("bins", bins.size());
        TreeSet<Integer> patterns = new TreeSet<>();
        Map<Integer, double[]> byPhase = new TreeMap<>();
        double[] total = new double[Sum.values().length];
        for (SignalPerformance b : bins) {
            patterns.add(b.pattern());
            for (SignalPerformance.Phase p : b.phases() == null ? List.<SignalPerformance.Phase>of() : b.phases()) {
                Sum.add(byPhase.computeIfAbsent(p.phase(), k -> new double[Sum.values().length]), p);
                Sum.add(total, p);
            }
        }
        ArrayNode pat = o.putArray("patterns");
        patterns.forEach(pat::add);
        ArrayNode phases = o.putArray("phases");
        byPhase.forEach((phase, s) -> phases.add(Sum.toJson(s).put("phase", phase)));
        o.set("totals", Sum.toJson(total));
        return o;
    }

    /** Running sums of the phase measures a comparison needs. */
    private enum Sum {
        CYCLES, ARRIVALS, ON_GREEN, SPLIT_FAILURES, GAP_OUTS, MAX_OUTS, FORCE_OFFS, PED_WALKS, PED_DELAY_SUM, PED_DELAY_MAX,
        CYCLE_SUM;

        static void add(double[] s, SignalPerformance.Phase p) {
            s[CYCLES.ordinal()] += p.cycles();
            s[ARRIVALS.ordinal()] += p.arrivals();
            s[ON_GREEN.ordinal()] += p.arrivalsOnGreen();
            s[SPLIT_FAILURES.ordinal()] += p.splitFailures();
            s[GAP_OUTS.ordinal()] += p.gapOuts();
            s[MAX_OUTS.ordinal()] += p.maxOuts();
            s[FORCE_OFFS.ordinal()] += p.forceOffs();
            s[PED_WALKS.ordinal()] += p.pedWalks();
            s[PED_DELAY_SUM.ordinal()] += p.meanPedDelayS() * p.pedWalks();
            s[PED_DELAY_MAX.ordinal()] = Math.max(s[PED_DELAY_MAX.ordinal()], p.maxPedDelayS());
            s[CYCLE_SUM.ordinal()] += p.meanCycleS() * p.cycles();
        }

        static ObjectNode toJson(double[] s) {
            ObjectNode o = Json.mapper().createObjectNode();
            double cycles = s[CYCLES.ordinal()];
            o.put("cycles", (long) cycles);
            o.put("arrivals", (long) s[ARRIVALS.ordinal()]);
            o.put("arrivalsOnGreen", (long) s[ON_GREEN.ordinal()]);
            ratio(o, "percentArrivalsOnGreen", 100 * s[ON_GREEN.ordinal()], s[ARRIVALS.ordinal()]);
            o.put("splitFailures", (long) s[SPLIT_FAILURES.ordinal()]);
            ratio(o, "splitFailuresPerCycle", s[SPLIT_FAILURES.ordinal()], cycles);
            o.put("gapOuts", (long) s[GAP_OUTS.ordinal()]);
            o.put("maxOuts", (long) s[MAX_OUTS.ordinal()]);
            o.put("forceOffs", (long) s[FORCE_OFFS.ordinal()]);
            o.put("pedWalks", (long) s[PED_WALKS.ordinal()]);
            ratio(o, "meanPedDelayS", s[PED_DELAY_SUM.ordinal()], s[PED_WALKS.ordinal()]);
            o.put("maxPedDelayS", s[PED_DELAY_MAX.ordinal()]);
            ratio(o, "meanCycleS", s[CYCLE_SUM.ordinal()], cycles);
            return o;
        }

        private static void ratio(ObjectNode o, String name, double num, double den) {
            if (den > 0) o.put(name, num / den);
            else o.putNull(name);
        }
    }

    /** Where the coordination pattern (event 131) changed between consecutive bins. */
    static ArrayNode patternChanges(List<SignalPerformance> bins) {
        ArrayNode a = Json.mapper().createArrayNode();
        for (int i = 1; i < bins.size(); i++) {
            SignalPerformance prev = bins.get(i - 1);
            SignalPerformance b = bins.get(i);
            if (prev.pattern() != b.pattern()) {
                a.addObject().put("at", b.binStart().toString()).put("from", prev.pattern()).put("to", b.pattern())
                        .put("cutByPatternChange", b.cutByPatternChange() || prev.cutByPatternChange());
            }
        }
        return a;
    }

    private static void send(RoutingContext ctx, ObjectNode o) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(Json.toString(o));
    }
}
