package org.iocity.ingest.open311;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.iocity.ingest.IngestMetrics;
import org.iocity.ingest.open311.GeoReport.Format;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.ComplaintEvent;
import org.iocity.model.records.DeadLetter;
import org.iocity.model.records.DossierEvent;
import org.iocity.model.records.Json;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;
import org.iocity.model.web.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The citizen intake over HTTP: Open311 GeoReport v2 under {@code /open311/v2} (every method of the specification, in
 * XML and JSON, errors in its {@code errors} format) and the back-office event endpoints under {@code /backoffice/v1}. An accepted request is answered only after Kafka acknowledged its record; a refused
 * one gets an RFC 9457 problem and a dead letter (source {@code http}, topic = the path, the body with its API key
 * blanked out).
 */
public final class Open311Verticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Open311Verticle.class);
    public static final String OPEN311 = "/open311/v2";
    public static final String BACKOFFICE = "/backoffice/v1";
    /** Service Discovery, beside the versions it lists. */
    public static final String DISCOVERY = "/open311/discovery";
    static final String KEY_HEADER = "X-Api-Key";

    private final Open311Settings settings;
    private final ServiceCatalog catalog;
    private final ApiKeys keys;
    private final CitizenRequests requests;
    private final ComplaintView view;
    private final Producer<String, byte[]> producer;
    private final IngestMetrics metrics;
    private volatile int port = -1;
    /** When the service catalogue last changed: Service Discovery's changeset. */
    private final String changeset;

    Open311Verticle(Open311Settings settings, ServiceCatalog catalog, ApiKeys keys, CitizenRequests requests,
                    ComplaintView view, Producer<String, byte[]> producer, IngestMetrics metrics) {
        this.settings = settings;
        this.catalog = catalog;
        this.keys = keys;
        this.requests = requests;
        this.view = view;
        this.producer = producer;
        this.metrics = metrics;
        Instant changed;
        try {
            changed = java.nio.file.Files.getLastModifiedTime(settings.servicesFile()).toInstant();
        } catch (java.io.IOException | RuntimeException e) {
            changed = Instant.now();
        }
        this.changeset = GeoReport.time(changed);
    }

    @Override
    public Future<?> start() {
        Router open311 = Router.router(vertx);
        open311.route().handler(this::jurisdictionInQuery);
        for (String suffix : List.of("", ".xml", ".json")) {
            open311.get("/services" + suffix).handler(this::services);
            open311.post("/requests" + suffix).handler(this::postRequest);
            open311.get("/requests" + suffix).handler(this::listRequests);
        }
        open311.get("/services/:code").handler(this::definition);
        open311.get("/requests/:id").handler(this::getRequest);
        open311.get("/tokens/:token").handler(this::token);
        open311.route().failureHandler(this::failure);

        Router backoffice = Router.router(vertx);
        backoffice.post("/complaints/:id/events").handler(this::complaintEvent);
        backoffice.post("/dossiers/events").handler(this::dossierEvent);
        backoffice.route().failureHandler(this::failure);

        Router root = Router.router(vertx);
        root.route().handler(ctx -> {
            // when the status is final and about to be sent (an end handler may run earlier, on a request error)
            ctx.addHeadersEndHandler(v -> metrics.open311Response(ctx.response().getStatusCode()));
            ctx.next();
        });
        root.route().handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
        for (String suffix : List.of("", ".xml", ".json")) root.get(DISCOVERY + suffix).handler(this::discovery);
        root.route(OPEN311 + "/*").subRouter(open311);
        root.route(BACKOFFICE + "/*").subRouter(backoffice);
        root.route().failureHandler(this::failure);
        root.errorHandler(404, ctx -> send(ctx, Problem.ofStatus(404, "no resource at " + ctx.request().path())));
        root.errorHandler(405, ctx -> send(ctx, Problem.ofStatus(405,
                ctx.request().method() + " is not allowed on " + ctx.request().path())));

        HttpServer server = vertx.createHttpServer();
        return server.requestHandler(root).listen(settings.port(), settings.host()).onSuccess(s -> {
            port = s.actualPort();
            LOG.info("Open311 intake listening on http://{}:{}{}", settings.host(), port, OPEN311);
        });
    }

    public int port() {
        return port;
    }

    /** Service Discovery: this endpoint (as the client reached it), GeoReport v2 in XML and JSON; changed when the catalogue was. */
    private void discovery(RoutingContext ctx) {
        Format f = format(ctx);
        io.vertx.core.net.HostAndPort a = ctx.request().authority();
        String host = a == null ? settings.host() + ":" + port : a.host() + (a.port() >= 0 ? ":" + a.port() : "");
        String url = ctx.request().scheme() + "://" + host + OPEN311;
        geo(ctx, f, 200, GeoReport.discovery(f, new GeoReport.Discovery(changeset, "Tổng đài 1022 TP.HCM / Ho Chi Minh City 1022 hotline",
                "API keys are issued by the city's operations center (role intake); see docs/device-contract.md",
                List.of(GeoReport.Endpoint.of(url, changeset)))));
    }

    private void services(RoutingContext ctx) {
        Format f = format(ctx);
        geo(ctx, f, 200, GeoReport.services(f, catalog.services().stream().map(GeoReport.ServiceEntry::of).toList()));
    }

    private void definition(RoutingContext ctx) {
        Format f = format(ctx);
        String code = Format.strip(ctx.pathParam("code"));
        catalog.service(code).ifPresentOrElse(
                s -> geo(ctx, f, 200, GeoReport.definition(f, GeoReport.ServiceDefinition.of(s))),
                () -> send(ctx, Problem.ofStatus(404, "service_code " + code + " not found: see GET services")));
    }

    private void postRequest(RoutingContext ctx) {
        ComplaintEvent event = accept(ctx, EnumSet.allOf(ApiKeys.Role.class), (f, client, now) -> {
            checkJurisdiction(f.get("jurisdiction_id"));
            checkJurisdiction(ctx.request().getParam("jurisdiction_id"));
            return requests.received(f, client.name(), now);
        });
        if (event == null) return;
        write(Topics.COMPLAINTS, event.requestId(), Json.toBytes(event)).onSuccess(meta -> {
            view.apply(event, meta.partition(), meta.offset());
            LOG.info("complaint {} received ({}, ward {})", event.requestId(), event.serviceCode(), event.ward());
            boolean batch = catalog.service(event.serviceCode()).map(s -> "batch".equals(s.type())).orElse(false);
            String account = event.contact() == null ? null : event.contact().accountId();
            // a batch service answers with a token (GET tokens/{token} gives the id), a realtime one with the id
            GeoReport.Created created = batch ? new GeoReport.Created(null, event.eventId(), serviceNotice(event), account)
                    : new GeoReport.Created(event.requestId(), null, serviceNotice(event), account);
            Format f = format(ctx);
            ctx.response().putHeader(HttpHeaders.LOCATION, OPEN311 + (batch ? "/tokens/" + event.eventId() : "/requests/" + event.requestId())
                    + "." + f.name().toLowerCase(java.util.Locale.ROOT));
            geo(ctx, f, 201, GeoReport.serviceRequests(f, List.of(created)));
        }).onFailure(e -> unavailable(ctx, e));
    }

    /** What the citizen is told: received, and by when (the service's working days, holidays not counted). */
    private String serviceNotice(ComplaintEvent event) {
        return serviceNotice(event.serviceCode(), event.dueTime());
    }

    private String serviceNotice(String serviceCode, Instant due) {
        if (due == null) return null;
        int days = catalog.service(serviceCode).map(ServiceCatalog.Service::dueWorkingDays).orElse(0);
        return "Đã tiếp nhận / received; expected by " + GeoReport.time(due) + " (" + days
                + " working days; weekends and public holidays not counted)";
    }

    private void listRequests(RoutingContext ctx) {
        Format f = format(ctx);
        RequestQuery q;
        try {
            q = RequestQuery.parse(ctx.request()::getParam, Instant.now());
        } catch (RequestQuery.Invalid e) {
            send(ctx, Problem.ofStatus(400, e.getMessage()));
            return;
        }
        // up to ingest.open311.view.size requests to filter and sort: off the event loop
        vertx.executeBlocking(() -> {
            ComplaintView.Page page = view.query(q);
            return new Listed(page.total(), GeoReport.serviceRequests(f, page.items().stream().map(this::entry).toList()));
        }, false).onSuccess(r -> {
            ctx.response().putHeader("X-Total-Count", Integer.toString(r.total()));
            geo(ctx, f, 200, r.body());
        }).onFailure(ctx::fail);
    }

    /** One page of GET requests, written, and how many requests matched. */
    private record Listed(int total, String body) {}

    private void getRequest(RoutingContext ctx) {
        Format f = format(ctx);
        String requestId = Format.strip(ctx.pathParam("id"));
        view.get(requestId).ifPresentOrElse(s -> geo(ctx, f, 200, GeoReport.serviceRequests(f, List.of(entry(s)))),
                () -> send(ctx, Problem.ofStatus(404, "no service request " + requestId)));
    }

    private void token(RoutingContext ctx) {
        Format f = format(ctx);
        String token = Format.strip(ctx.pathParam("token"));
        view.requestIdOfToken(token).ifPresentOrElse(
                id -> geo(ctx, f, 200, GeoReport.serviceRequests(f, List.of(new GeoReport.TokenEntry(id, token)))),
                () -> send(ctx, Problem.ofStatus(404, "token " + token + " not found")));
    }

    private GeoReport.RequestEntry entry(ComplaintView.Status s) {
        String name = s.serviceCode() == null ? null : catalog.service(s.serviceCode()).map(ServiceCatalog.Service::name).orElse(null);
        return new GeoReport.RequestEntry(s.requestId(), s.status(), s.statusNotes(), name, s.serviceCode(), s.description(),
                s.agency(), serviceNotice(s.serviceCode(), s.dueTime()), GeoReport.time(s.requested()),
                GeoReport.time(s.updated()), GeoReport.time(s.dueTime()), s.address(), null, null, s.lat(), s.lon(),
                s.mediaUrl(), s.ward(), s.category());
    }

    /**
     * A {@code jurisdiction_id} in the query of a GET must be this city's (a missing one is fine: the intake serves
     * one); a POST checks it with its other fields, so that a refused one is dead-lettered like any refusal.
     */
    private void jurisdictionInQuery(RoutingContext ctx) {
        if (ctx.request().method() != io.vertx.core.http.HttpMethod.GET) {
            ctx.next();
            return;
        }
        try {
            checkJurisdiction(ctx.request().getParam("jurisdiction_id"));
            ctx.next();
        } catch (HttpProblem p) {
            send(ctx, p);
        }
    }

    private void checkJurisdiction(String given) {
        if (given != null && !given.isBlank() && !given.strip().equalsIgnoreCase(settings.jurisdictionId())) {
            throw HttpProblem.unknownJurisdiction("jurisdiction_id " + given.strip() + " not found: this endpoint serves "
                    + settings.jurisdictionId());
        }
    }

    private void complaintEvent(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ComplaintEvent event = accept(ctx, EnumSet.of(ApiKeys.Role.BACKOFFICE),
                (f, client, now) -> requests.lifecycle(id, f, view.get(id), client.name(), now));
        if (event == null) return;
        write(Topics.COMPLAINTS, event.requestId(), Json.toBytes(event)).onSuccess(meta -> {
            view.apply(event, meta.partition(), meta.offset());
            LOG.info("complaint {} {} (agency {})", event.requestId(), event.type(), event.agency());
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("event_id", event.eventId());
            o.put("service_request_id", event.requestId());
            o.put("type", event.type());
            o.put("status", event.status());
            json(ctx, 202, o);
        }).onFailure(e -> unavailable(ctx, e));
    }

    private void dossierEvent(RoutingContext ctx) {
        DossierEvent event = accept(ctx, EnumSet.of(ApiKeys.Role.BACKOFFICE),
                (f, client, now) -> requests.dossier(f, client.name(), now));
        if (event == null) return;
        write(Topics.DOSSIERS, event.dossierId(), Json.toBytes(event)).onSuccess(meta -> {
            LOG.info("dossier {} {} (ward {}, agency {})", event.dossierId(), event.type(), event.ward(), event.agency());
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("event_id", event.eventId());
            o.put("dossier_id", event.dossierId());
            o.put("type", event.type());
            json(ctx, 202, o);
        }).onFailure(e -> unavailable(ctx, e));
    }

    /** Reads an accepted request into the record it becomes. */
    private interface Reader<T> {
        T read(RequestFields fields, ApiKeys.Client client, Instant now) throws Rejection;
    }

    /**
     * Parses the body, checks the API key against {@code roles} and reads the record; on any refusal answers with
     * the problem, writes the dead letter and returns null.
     */
    private <T> T accept(RoutingContext ctx, Set<ApiKeys.Role> roles, Reader<T> reader) {
        byte[] raw = body(ctx);
        Instant now = Instant.now();
        try {
            RequestFields f = RequestFields.parse(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE), raw);
            return reader.read(f, authenticate(ctx, f, roles), now);
        } catch (Rejection r) {
            refuse(ctx, HttpProblem.refused(r, isGeoReport(ctx)), r, raw, now);
        } catch (HttpProblem p) {
            refuse(ctx, p, new Rejection(p.reason(), p.detail()), raw, now);
        }
        return null;
    }

    /** The key from the {@code X-Api-Key} header, else the {@code api_key} field, else the query. */
    private ApiKeys.Client authenticate(RoutingContext ctx, RequestFields f, Set<ApiKeys.Role> allowed) throws Rejection {
        String key = ctx.request().getHeader(KEY_HEADER);
        if (key == null || key.isBlank()) key = f.get("api_key");
        if (key == null || key.isBlank()) key = ctx.request().getParam("api_key");
        if (key == null || key.isBlank()) {
            throw new Rejection(RejectReason.UNAUTHORIZED, "api_key is required (form field, JSON field or " + KEY_HEADER + " header)");
        }
        ApiKeys.Client client = keys.authenticate(key)
                .orElseThrow(() -> new Rejection(RejectReason.UNAUTHORIZED, "the api_key is not valid"));
        if (!allowed.contains(client.role())) {
            throw HttpProblem.forbidden("key " + client.name() + " (role " + client.role().name().toLowerCase() + ") may not use "
                    + ctx.request().path());
        }
        return client;
    }

    private static byte[] body(RoutingContext ctx) {
        return ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    }

    /** Writes a record and completes, on this verticle's context, once Kafka has acknowledged it. */
    private Future<RecordMetadata> write(String topic, String key, byte[] value) {
        Context context = vertx.getOrCreateContext();
        Promise<RecordMetadata> done = Promise.promise();
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (meta, error) -> context.runOnContext(v -> {
                if (error != null) done.fail(error);
                else done.complete(meta);
            }));
        } catch (RuntimeException e) {
            done.fail(e);
        }
        return done.future();
    }

    /** Dead-letters the request (without its API key), then answers with the problem. */
    private void refuse(RoutingContext ctx, HttpProblem problem, Rejection rejection, byte[] raw, Instant now) {
        String path = ctx.request().path();
        DeadLetter dl = DeadLetter.of("http", path, null, rejection, RequestFields.redacted(raw), now);
        LOG.info("refused {} {}: {} {}", ctx.request().method(), path, rejection.reason(), rejection.detail());
        metrics.open311Rejected(rejection.reason().name());
        write(Topics.DEADLETTER, path, Json.toBytes(dl))
                .onFailure(e -> LOG.warn("Kafka did not take the dead letter for {} ({})", path, e.getMessage()))
                .onComplete(x -> send(ctx, problem));
    }

    private void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status = failure instanceof HttpException he ? he.getStatusCode() : ctx.statusCode();
        if (failure instanceof HttpProblem p) {
            send(ctx, p);
        } else if (status == 413) {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            Rejection r = new Rejection(RejectReason.OVERSIZE, "the body" + (length == null ? "" : " of " + length + " bytes")
                    + " is over the limit of " + settings.maxBodyBytes() + " bytes");
            refuse(ctx, HttpProblem.refused(r, isGeoReport(ctx)), r, new byte[0], Instant.now());
        } else if (status >= 400 && status < 500) {
            send(ctx, Problem.ofStatus(status, failure == null ? null : failure.getMessage()));
        } else {
            LOG.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
            send(ctx, Problem.ofStatus(500, "unexpected error; see the server log"));
        }
    }

    private void unavailable(RoutingContext ctx, Throwable e) {
        LOG.warn("Kafka did not acknowledge {} {}: {}", ctx.request().method(), ctx.request().path(), e.getMessage());
        send(ctx, Problem.ofStatus(503, "the request could not be stored; retry later"));
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .end(Json.toString(body));
    }

    private static void geo(RoutingContext ctx, Format f, int status, String body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, f.contentType).end(body);
    }

    /** Whether a request is to the GeoReport endpoints, which answer errors in GeoReport's own format. */
    static boolean isGeoReport(RoutingContext ctx) {
        return ctx.request().path().startsWith(OPEN311 + "/");
    }

    /** The format a GeoReport client asked for (see {@link Format#of}). */
    static Format format(RoutingContext ctx) {
        return Format.of(ctx.request().path(), ctx.request().getParam("format"), ctx.request().getHeader(HttpHeaders.ACCEPT));
    }

    /**
     * Answers with an error: on the GeoReport endpoints as GeoReport's {@code errors} document (code = HTTP status,
     * description = what went wrong) in the format asked for; elsewhere as an RFC 9457 problem.
     */
    static void send(RoutingContext ctx, Problem problem) {
        if (ctx.response().ended() || ctx.response().closed()) return;
        if (problem.status() == 401) ctx.response().putHeader("WWW-Authenticate", "ApiKey realm=\"ioc-open311\"");
        ctx.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (isGeoReport(ctx)) {
            Format f = format(ctx);
            String description = problem.detail() == null ? problem.title() : problem.detail();
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, f.contentType)
                    .end(GeoReport.errors(f, List.of(new GeoReport.Error(problem.status(), description))));
        } else {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(Json.toString(problem.toJson(ctx.request().path())));
        }
    }
}
