package org.iocity.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;
import org.iocity.model.registry.WorkingCalendar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP side of the citizens against a recording stand-in for the intake (the real one is ingest's). */
@Timeout(120)
class CitizenStreamTest {
    record Request(String path, String key, String contentType, String body) {}

    HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger ids = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        // without TCP_NODELAY small answers wait for the delayed ACK, ~40 ms a request
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("X-Api-Key"),
                    ex.getRequestHeaders().getFirst("Content-Type"), body));
            byte[] answer = ex.getRequestURI().getPath().startsWith("/open311/")
                    ? ("[{\"service_request_id\":\"REQ-" + ids.incrementAndGet() + "\"}]").getBytes(StandardCharsets.UTF_8)
                    : "{}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ex.getRequestURI().getPath().startsWith("/open311/") ? 201 : 202, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static Map<String, String> form(String body) {
        Map<String, String> m = new HashMap<>();
        for (String kv : body.split("&")) {
            String[] p = kv.split("=", 2);
            m.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        return m;
    }

    @Test
    void complaintsGoToTheIntakeAndTheirStepsToTheBackOfficeInTimeOrder() throws Exception {
        Path registryFile = Path.of("../config/registry.json");
        Registry registry = Registry.load(registryFile);
        CitizenModel model = new CitizenModel(5, CitizenStream.categories(Path.of("../config/open311-services.json")),
                CitizenStream.places(registry, registryFile), 40, 0, 1.0, WorkingCalendar.weekdaysOnly());
        CitizenStream stream = new CitizenStream(model, URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "intake-key", "office-key", 60);
        Instant start = Instant.parse("2026-11-23T02:00:00Z"); // 09:00 in the city, a Monday
        for (int i = 0; i <= 60 * 24 * 10; i++) stream.round(start.plusSeconds(60L * i), id -> false);

        List<Request> complaints = requests.stream().filter(r -> r.path().equals("/open311/v2/requests.json")).toList();
        assertTrue(complaints.size() > 200, "complaints " + complaints.size());
        for (Request r : complaints) {
            Map<String, String> f = form(r.body());
            assertEquals("intake-key", f.get("api_key"));
            assertTrue(registry.ward(f.get("ward")).isPresent(), f.toString());
            assertTrue(Double.parseDouble(f.get("lat")) > 10.35 && Double.parseDouble(f.get("long")) > 106.35, f.toString());
            assertTrue(r.contentType().startsWith("application/x-www-form-urlencoded"));
        }
        Map<String, List<String>> steps = new HashMap<>();
        Map<String, Instant> lastTime = new HashMap<>();
        for (Request r : requests) {
            if (!r.path().startsWith("/backoffice/v1/complaints/")) continue;
            assertEquals("office-key", r.key());
            String id = r.path().split("/")[4];
            var json = Json.mapper().readTree(r.body());
            Instant t = java.time.OffsetDateTime.parse(json.get("time").asText()).toInstant();
            assertTrue(lastTime.getOrDefault(id, Instant.MIN).compareTo(t) <= 0, "steps in time order for " + id);
            lastTime.put(id, t);
            steps.computeIfAbsent(id, k -> new java.util.ArrayList<>()).add(json.get("type").asText());
            assertTrue(json.hasNonNull("agency"));
        }
        assertTrue(steps.size() >= complaints.size() * 0.95, "accepted complaints are assigned: " + steps.size() + " of " + complaints.size());
        long resolved = steps.values().stream().filter(s -> s.contains("resolved")).count();
        assertTrue(resolved >= complaints.size() * 0.6, "resolved within the ten days: " + resolved);
        steps.values().forEach(s -> {
            assertEquals("assigned", s.get(0));
            if (s.contains("resolved")) assertEquals("resolved", s.get(s.size() - 1));
        });
        assertTrue(stream.summary().contains("complaints " + complaints.size()), stream.summary());
        assertEquals(Duration.ofSeconds(60).toSeconds(), stream.intervalSec());
    }
}
