package org.iocity.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.iocity.model.config.ConfigException;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Citizens and agencies over HTTP: each round posts the complaints of {@link CitizenModel} made since the last round
 * to the Open311 intake ({@code POST /open311/v2/requests.json}, form-encoded, intake key), and the back-office steps
 * now due ({@code POST /backoffice/v1/complaints/{id}/events}, {@code POST /backoffice/v1/dossiers/events}, JSON,
 * back-office key) with their simulated times. A complaint the intake refuses has no later steps.
 */
public final class CitizenStream implements CitySimulator.DeviceStream {
    private static final Logger LOG = LoggerFactory.getLogger(CitizenStream.class);

    private record Due(Instant at, long order, String path, Map<String, Object> body) {}

    private final CitizenModel model;
    private final URI base;
    private final String intakeKey;
    private final String backofficeKey;
    private final int intervalSec;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PriorityQueue<Due> due = new PriorityQueue<>((a, b) -> a.at.equals(b.at) ? Long.compare(a.order, b.order) : a.at.compareTo(b.at));
    private long order;
    private Instant last;
    final AtomicLong complaints = new AtomicLong();
    final AtomicLong dossiers = new AtomicLong();
    final AtomicLong steps = new AtomicLong();
    final AtomicLong refused = new AtomicLong();

    public CitizenStream(CitizenModel model, URI base, String intakeKey, String backofficeKey, int intervalSec) {
        this.model = model;
        this.base = base;
        this.intakeKey = intakeKey;
        this.backofficeKey = backofficeKey;
        this.intervalSec = intervalSec;
    }

    /** Categories from the intake's catalogue file (config/open311-services.json), with the 1022 shares. */
    public static List<CitizenModel.Category> categories(Path servicesFile) {
        try {
            JsonNode root = Json.mapper().readTree(Files.readAllBytes(servicesFile));
            List<CitizenModel.Category> out = new ArrayList<>();
            for (JsonNode s : root.path("services")) {
                out.add(CitizenModel.category(s.path("service_code").asText(), s.path("group").asText(), s.path("due_working_days").asInt(5)));
            }
            if (out.isEmpty()) throw new ConfigException("service catalogue " + servicesFile + " lists no services");
            return out;
        } catch (IOException e) {
            throw new ConfigException("cannot read service catalogue " + servicesFile + ": " + SimulatorMain.oneLine(e.getMessage()));
        }
    }

    /**
     * Wards weighted by population where the registry file has one ({@code ioc-sim city} writes it; 1 otherwise),
     * located at the ward's centre or else its first device or intersection, so the intake's ward locator agrees.
     */
    public static List<CitizenModel.Place> places(Registry registry, Path registryFile) {
        Map<String, double[]> extra = new LinkedHashMap<>();
        try {
            for (JsonNode w : Json.mapper().readTree(Files.readAllBytes(registryFile)).path("wards")) {
                extra.put(w.path("id").asText(), new double[] {w.path("population").asDouble(1), w.path("lat").asDouble(Double.NaN),
                        w.path("lon").asDouble(Double.NaN)});
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read registry " + registryFile + ": " + SimulatorMain.oneLine(e.getMessage()));
        }
        List<CitizenModel.Place> out = new ArrayList<>();
        for (Registry.Ward w : registry.wards()) {
            double[] x = extra.getOrDefault(w.id(), new double[] {1, Double.NaN, Double.NaN});
            double lat = x[1];
            double lon = x[2];
            if (Double.isNaN(lat)) {
                var point = registry.intersections().stream().filter(i -> w.id().equals(i.ward())).map(i -> new double[] {i.lat(), i.lon()})
                        .findFirst().or(() -> registry.devices("camera").stream().filter(d -> w.id().equals(d.ward()))
                                .map(d -> new double[] {d.lat(), d.lon()}).findFirst());
                if (point.isEmpty()) continue;
                lat = point.get()[0];
                lon = point.get()[1];
            }
            out.add(new CitizenModel.Place(w.id(), lat, lon, x[0]));
        }
        return out;
    }

    @Override
    public String name() {
        return "citizens";
    }

    @Override
    public int intervalSec() {
        return intervalSec;
    }

    @Override
    public List<Registry.Device> devices() {
        return List.of();
    }

    /** Posts what happened since the last round; sends nothing over MQTT. */
    @Override
    public List<CitySimulator.Outgoing> round(Instant t, Predicate<String> silent) {
        Instant from = last == null ? t.minusSeconds(intervalSec) : last;
        last = t;
        for (CitizenModel.Complaint c : model.complaints(from, t)) submit(c);
        for (CitizenModel.Dossier d : model.dossiers(from, t)) {
            for (CitizenModel.Step s : d.steps()) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("dossier_id", d.id());
                body.put("procedure_code", d.procedure().code());
                body.put("ward", d.ward());
                body.put("agency", s.agency());
                body.put("type", s.type());
                body.put("event_time", CameraMessageFactory.timestamp(s.time()));
                body.put("due_time", CameraMessageFactory.timestamp(d.due()));
                due.add(new Due(s.time(), order++, "/backoffice/v1/dossiers/events", body));
            }
            dossiers.incrementAndGet();
        }
        while (!due.isEmpty() && !due.peek().at.isAfter(t)) {
            Due d = due.poll();
            if (post(d.path(), "application/json", Json.toString(d.body()), backofficeKey) != null) steps.incrementAndGet();
        }
        return List.of();
    }

    private void submit(CitizenModel.Complaint c) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("api_key", intakeKey);
        form.put("service_code", c.category().code());
        form.put("lat", Double.toString(c.lat()));
        form.put("long", Double.toString(c.lon()));
        form.put("ward", c.ward());
        form.put("description", c.description());
        form.put("device_id", "ioc-sim");
        StringBuilder sb = new StringBuilder();
        form.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        String answer = post("/open311/v2/requests.json", "application/x-www-form-urlencoded", sb.toString(), null);
        if (answer == null) return;
        complaints.incrementAndGet();
        String id;
        try {
            id = Json.mapper().readTree(answer).path(0).path("service_request_id").asText("");
        } catch (IOException e) {
            id = "";
        }
        if (id.isEmpty()) {
            LOG.warn("the intake answered without a service_request_id: {}", SimulatorMain.oneLine(answer));
            return;
        }
        for (CitizenModel.Step s : c.steps()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", s.type());
            body.put("time", CameraMessageFactory.timestamp(s.time()));
            body.put("agency", s.agency());
            if (s.note() != null) body.put("note", s.note());
            due.add(new Due(s.time(), order++, "/backoffice/v1/complaints/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/events", body));
        }
    }

    /** The answer body of a 2xx, or null (counted as refused and logged). */
    private String post(String path, String contentType, String body, String key) {
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) req.header("X-Api-Key", key);
        try {
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) return r.body();
            refused.incrementAndGet();
            LOG.warn("{} answered {}: {}", path, r.statusCode(), SimulatorMain.oneLine(r.body()));
        } catch (IOException e) {
            refused.incrementAndGet();
            LOG.warn("cannot reach {}: {}", base.resolve(path), SimulatorMain.oneLine(String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refused.incrementAndGet();
        }
        return null;
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "citizens complaints %d dossiers %d steps %d refused %d", complaints.get(), dossiers.get(),
                steps.get(), refused.get());
    }
}
