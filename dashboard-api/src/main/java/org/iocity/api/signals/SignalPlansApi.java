package org.iocity.api.signals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.iocity.api.auth.Auth;
import org.iocity.api.auth.Tokens;
import org.iocity.api.metrics.ApiMetrics;
import org.iocity.api.state.PlanAuditRecord;
import org.iocity.api.state.TimingPlan;
import org.iocity.api.web.Problem;
import org.iocity.api.web.Text;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/signals/{id}/plans}: checks the plan, publishes it to the controller's MQTT command topic at
 * QoS 1 (on a worker), records the attempt in the {@link AuditTrail} whatever the outcome, and answers 202 with the
 * audit record, or 503 when the broker did not take it. {@code GET} lists the kept records, newest first.
 */
public final class SignalPlansApi {
    private static final Logger LOG = LoggerFactory.getLogger(SignalPlansApi.class);

    private final Registry registry;
    private final PlanPublisher publisher;
    private final AuditTrail audit;
    private final WorkerExecutor workers;
    private final ApiMetrics metrics;
    private final Clock clock;

    public SignalPlansApi(Registry registry, PlanPublisher publisher, AuditTrail audit, WorkerExecutor workers,
                   ApiMetrics metrics, Clock clock) {
        this.registry = registry;
        this.publisher = publisher;
        this.audit = audit;
        this.workers = workers;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The controller named by the path: a registered device of type {@code signal} with an id {@code sig-*}. */
    private Registry.Device controller(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (id == null || !id.startsWith("sig-")) {
            throw Problem.badRequest("parameter id must be a signal controller id sig-…, not " + Text.clip(String.valueOf(id)));
        }
        return registry.device(id).filter(d -> "signal".equals(d.type()))
                .orElseThrow(() -> Problem.notFound("no signal controller " + Text.clip(id) + " in the registry"));
    }

    public void list(RoutingContext ctx) {
        Registry.Device d = controller(ctx);
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("signalId", d.id());
        o.set("plans", Json.mapper().valueToTree(audit.recent(d.id())));
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(Json.toString(o));
    }

    public void post(RoutingContext ctx) {
        Registry.Device d = controller(ctx);
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new Problem(415, "unsupported-media-type", "Unsupported media type", "send the plan as application/json");
        }
        JsonNode body;
        try {
            body = ctx.body().buffer() == null ? null : Json.mapper().readTree(ctx.body().buffer().getBytes());
        } catch (IOException e) {
            throw Problem.badRequest("the body is not valid JSON");
        }
        Set<Integer> phases = d.intersectionId() == null ? Set.of() : registry.intersection(d.intersectionId())
                .map(x -> x.phases() == null ? Set.<Integer>of() : Set.copyOf(x.phases())).orElse(Set.of());
        TimingPlan plan = TimingPlan.parse(body, phases);
        Tokens.Principal who = ctx.get(Auth.PRINCIPAL);
        String topic = Topics.mqttSignalPlanSet(d.id());
        String id = UUID.randomUUID().toString();
        byte[] payload = Json.toBytes(command(id, d.id(), plan));
        workers.<String>executeBlocking(() -> {
                    try {
                        publisher.publish(topic, payload);
                        return null;
                    } catch (PlanPublisher.UnavailableException e) {
                        return e.getMessage();
                    }
                }, false)
                .compose(error -> {
                    PlanAuditRecord r = new PlanAuditRecord(id, PlanAuditRecord.ACTION, clock.instant(), d.id(),
                            who.name(), who.role().id(), topic, plan,
                            error == null ? PlanAuditRecord.PUBLISHED : PlanAuditRecord.MQTT_UNAVAILABLE, error);
                    metrics.signalPlan(r.outcome());
                    LOG.info("signal plan {} for {} by {} ({}): {}{}", plan.planNumber(), d.id(), who.name(),
                            who.role().id(), r.outcome(), error == null ? "" : " — " + error);
                    return Future.fromCompletionStage(audit.append(r))
                            .recover(e -> {
                                LOG.error("audit record {} for {} not stored in {}: {}", id, d.id(), Topics.AUDIT, e.toString());
                                return Future.failedFuture(Problem.unavailable("the audit trail (" + Topics.AUDIT
                                        + ") did not store the record; outcome of the plan: " + r.outcome()));
                            })
                            .map(v -> r);
                })
                .onSuccess(r -> {
                    if (!PlanAuditRecord.PUBLISHED.equals(r.outcome())) {
                        ctx.fail(Problem.unavailable("the plan was not sent: " + r.detail() + " (audit record " + r.id() + ")"));
                        return;
                    }
                    ctx.response().setStatusCode(202)
                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .putHeader(HttpHeaders.LOCATION, "/api/v1/signals/" + d.id() + "/plans")
                            .end(Json.toString(r));
                })
                .onFailure(ctx::fail);
    }

    /** What the controller receives: the plan with the command id, so its acknowledgement can name it. */
    static ObjectNode command(String id, String signalId, TimingPlan plan) {
        ObjectNode o = Json.mapper().valueToTree(plan);
        o.put("v", 1);
        o.put("commandId", id);
        o.put("deviceId", signalId);
        return o;
    }
}
