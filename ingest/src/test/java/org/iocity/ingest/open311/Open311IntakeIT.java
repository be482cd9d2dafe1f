package org.iocity.ingest.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.iocity.ingest.IngestMetrics;
import org.iocity.ingest.MicrometerIngestMetrics;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.ComplaintEvent;
import org.iocity.model.records.DeadLetter;
import org.iocity.model.records.DossierEvent;
import org.iocity.model.records.Json;
import org.iocity.model.records.RejectReason;
import org.iocity.parts.Await;
import org.iocity.parts.LocalStack;
import org.iocity.testkit.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Open311 intake on a real Kafka broker: requests land in ioc.complaints, refusals are problems and dead letters,
 * counted; the bad-request corpus ({@link Open311Corpus}) between good requests.
 */
@Timeout(120)
class Open311IntakeIT {
    static final String APP_KEY = "app-key-" + System.nanoTime();
    static final String BACKOFFICE_KEY = "bo-key-" + System.nanoTime();

    static LocalStack stack;
    static IocConfig config;
    static final IngestMetrics metrics = new MicrometerIngestMetrics();
    static Open311Server server;
    static HttpClient http;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(LocalStack.Part.KAFKA);
        config = intakeConfig(stack, APP_KEY, BACKOFFICE_KEY, LocalStack.repoRoot().resolve("config/open311-services.json"));
        server = Open311Server.start(config, metrics);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        base = "http://127.0.0.1:" + server.port();
    }

    /** Settings of an intake on a free port over {@code stack}'s Kafka, with an intake and a back-office key. */
    static IocConfig intakeConfig(LocalStack stack, String appKey, String backofficeKey, Path services) throws java.io.IOException {
        Path keys = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "open311-keys", ".txt");
        Files.writeString(keys, "# test keys\n"
                + ApiKeys.hash(appKey) + " intake 1022 citizen app\n"
                + ApiKeys.hash(backofficeKey) + " backoffice one-stop shop\n");
        return stack.config().with(Map.of(
                "ingest.open311.port", "0",
                "ingest.open311.keys.file", keys.toString(),
                "ingest.open311.services.file", services.toString(),
                "calendar.holidays.file", LocalStack.repoRoot().resolve("config/holidays-vn.json").toString()));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (stack != null) stack.close();
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> valid() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("api_key", APP_KEY);
        m.put("service_code", "lan-chiem-long-le-duong");
        m.put("lat", "10.7721");
        m.put("long", "106.7043");
        m.put("description", "Quán ăn lấn chiếm vỉa hè đường Nguyễn Huệ");
        m.put("email", "dan@example.vn");
        return m;
    }

    static HttpResponse<String> post(String path, String contentType, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postForm(Map<String, String> fields) throws Exception {
        return post("/open311/v2/requests.json", "application/x-www-form-urlencoded", form(fields), Map.of());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    /** The dead letter written for {@code path} whose detail contains {@code marker}. */
    static DeadLetter deadLetter(TopicReader dead, String path, RejectReason reason, String marker) {
        List<ConsumerRecord<String, byte[]>> rs = dead.until(Duration.ofSeconds(20), all -> all.stream()
                .map(r -> Json.fromBytes(r.value(), DeadLetter.class))
                .anyMatch(d -> d.topic().equals(path) && d.reason() == reason && new String(d.payload(), StandardCharsets.UTF_8).contains(marker)));
        return rs.stream().map(r -> Json.fromBytes(r.value(), DeadLetter.class))
                .filter(d -> d.topic().equals(path) && d.reason() == reason && new String(d.payload(), StandardCharsets.UTF_8).contains(marker))
                .findFirst().orElseThrow();
    }

    /**
     * An error answer: on the GeoReport endpoints GeoReport's {@code errors} document in the format asked for (its
     * reason is in the dead letter and the metrics), elsewhere an RFC 9457 problem with the reason.
     */
    static void assertProblem(HttpResponse<String> r, int status, RejectReason reason) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        String path = r.request().uri().getPath();
        if (path.startsWith("/open311/v2/")) {
            GeoReportClientIT.assertGeoError(r, status, path.endsWith(".json") ? GeoReport.Format.JSON : GeoReport.Format.XML);
            return;
        }
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode p = json(r);
        assertEquals(status, p.get("status").asInt());
        assertTrue(p.get("type").asText().startsWith("urn:iocity:problem:"));
        assertFalse(p.path("detail").asText().isBlank(), r.body());
        if (reason != null) assertEquals(reason.name(), p.get("reason").asText());
    }

    @Test
    void serviceListHasTheHotlineCategoriesWithDueWorkingDays() throws Exception {
        for (String path : List.of("/open311/v2/services.json", "/open311/v2/services?format=json")) {
            HttpResponse<String> r = get(path);
            assertEquals(200, r.statusCode());
            JsonNode list = json(r);
            List<String> groups = new java.util.ArrayList<>();
            list.forEach(s -> {
                assertEquals("realtime", s.get("type").asText());
                assertTrue(s.get("due_working_days").asInt() >= 1);
                assertFalse(s.get("service_name").asText().isBlank());
                groups.add(s.get("group").asText());
            });
            assertTrue(groups.containsAll(List.of("construction-order", "urban-order", "environment", "traffic-safety",
                    "security-order", "other")), groups.toString());
            JsonNode infra = java.util.stream.StreamSupport.stream(list.spliterator(), false)
                    .filter(s -> s.get("service_code").asText().equals("ha-tang-hu-hong")).findFirst().orElseThrow();
            assertEquals(5, infra.get("due_working_days").asInt());
            assertTrue(infra.get("service_name").asText().contains("Hạ tầng"));
        }
    }

    @Test
    void aValidRequestLandsInKafkaAndItsStatusFollowsTheBackOffice() throws Exception {
        HttpResponse<String> r = postForm(valid());
        assertEquals(201, r.statusCode(), r.body());
        String id = json(r).get(0).get("service_request_id").asText();
        assertTrue(id.startsWith("1022-"), id);
        String notice = json(r).get(0).get("service_notice").asText();
        assertTrue(notice.contains("3 working days") && notice.contains("public holidays"), notice);

        try (TopicReader complaints = new TopicReader(config, Topics.COMPLAINTS)) {
            ConsumerRecord<String, byte[]> rec = complaints.until(Duration.ofSeconds(20),
                    rs -> rs.stream().anyMatch(x -> id.equals(x.key()))).stream().filter(x -> id.equals(x.key())).findFirst().orElseThrow();
            ComplaintEvent e = Json.fromBytes(rec.value(), ComplaintEvent.class);
            assertEquals(ComplaintEvent.RECEIVED, e.type());
            assertEquals("urban-order", e.category());
            assertEquals("sai-gon", e.ward(), "nearest registry point: camera cam-0001 on Nguyễn Huệ");
            assertEquals("1022 citizen app", e.channel());
            assertEquals("dan@example.vn", e.contact().email());
            assertTrue(e.dueTime().isAfter(e.eventTime().plus(Duration.ofDays(2))), "3 working days");
        }

        JsonNode open = json(get("/open311/v2/requests/" + id + ".json")).get(0);
        assertEquals("open", open.get("status").asText());
        assertEquals("lan-chiem-long-le-duong", open.get("service_code").asText());
        assertNotNull(open.get("expected_datetime"));
        assertNotNull(open.get("requested_datetime"));

        HttpResponse<String> assigned = post("/backoffice/v1/complaints/" + id + "/events", "application/json",
                "{\"type\":\"assigned\",\"agency\":\"UBND phường Sài Gòn\",\"time\":\"" + Instant.now() + "\"}",
                Map.of("X-Api-Key", BACKOFFICE_KEY));
        assertEquals(202, assigned.statusCode(), assigned.body());
        HttpResponse<String> resolved = post("/backoffice/v1/complaints/" + id + "/events", "application/json",
                "{\"type\":\"resolved\",\"note\":\"Đã xử lý, vỉa hè thông thoáng\"}", Map.of("X-Api-Key", BACKOFFICE_KEY));
        assertEquals(202, resolved.statusCode(), resolved.body());

        JsonNode closed = Await.value(Duration.ofSeconds(10), "request " + id + " closed",
                () -> json(get("/open311/v2/requests/" + id + ".json")).get(0), s -> "closed".equals(s.get("status").asText()));
        assertEquals("Đã xử lý, vỉa hè thông thoáng", closed.get("status_notes").asText());
        assertEquals("UBND phường Sài Gòn", closed.get("agency_responsible").asText());

        try (TopicReader complaints = new TopicReader(config, Topics.COMPLAINTS)) {
            List<ComplaintEvent> steps = complaints.until(Duration.ofSeconds(20), rs -> rs.stream().filter(x -> id.equals(x.key())).count() == 3)
                    .stream().filter(x -> id.equals(x.key())).map(x -> Json.fromBytes(x.value(), ComplaintEvent.class)).toList();
            assertEquals(List.of("received", "assigned", "resolved"), steps.stream().map(ComplaintEvent::type).toList());
            ComplaintEvent done = steps.get(2);
            assertEquals("urban-order", done.category(), "the back office's event carries the complaint's category");
            assertEquals("sai-gon", done.ward());
            assertEquals(steps.get(0).dueTime(), done.dueTime());
            assertEquals("UBND phường Sài Gòn", done.agency());
        }
    }

    @Test
    void jsonBodiesAreAcceptedAndAnExplicitWardWins() throws Exception {
        HttpResponse<String> r = post("/open311/v2/requests.json", "application/json",
                "{\"api_key\":\"" + APP_KEY + "\",\"service_code\":\"rac-thai\",\"address_string\":\"12 Lê Lợi\","
                        + "\"ward\":\"ben-thanh\",\"description\":\"Rác tồn đọng\"}", Map.of());
        assertEquals(201, r.statusCode(), r.body());
        String id = json(r).get(0).get("service_request_id").asText();
        JsonNode s = json(get("/open311/v2/requests/" + id + ".json")).get(0);
        assertEquals("ben-thanh", s.get("ward").asText());
        assertEquals("12 Lê Lợi", s.get("address").asText());
    }

    @Test
    void eachRefusalIsAProblemAndADeadLetter() throws Exception {
        String path = "/open311/v2/requests.json";
        try (TopicReader dead = new TopicReader(config, Topics.DEADLETTER)) {
            Map<String, String> noDescription = valid();
            noDescription.remove("description");
            noDescription.put("first_name", "missing-field-marker");
            assertProblem(postForm(noDescription), 400, RejectReason.MISSING_FIELD);
            assertTrue(deadLetter(dead, path, RejectReason.MISSING_FIELD, "missing-field-marker").detail().contains("description"));

            Map<String, String> outside = valid();
            outside.put("lat", "21.0285");
            outside.put("long", "105.8542");
            outside.put("first_name", "hanoi-marker");
            assertProblem(postForm(outside), 400, RejectReason.OUT_OF_RANGE);
            assertEquals("http", deadLetter(dead, path, RejectReason.OUT_OF_RANGE, "hanoi-marker").source());

            Map<String, String> unknown = valid();
            unknown.put("service_code", "no-such-service");
            assertProblem(postForm(unknown), 404, RejectReason.UNKNOWN_SERVICE); // GeoReport v2: service_code not found
            deadLetter(dead, path, RejectReason.UNKNOWN_SERVICE, "no-such-service");

            Map<String, String> tooLong = valid();
            tooLong.put("description", "x".repeat(4001));
            tooLong.put("first_name", "too-long-marker");
            assertProblem(postForm(tooLong), 400, RejectReason.OUT_OF_RANGE);

            Map<String, String> badKey = valid();
            badKey.put("api_key", "stolen-or-guessed-key");
            badKey.put("first_name", "bad-key-marker");
            HttpResponse<String> unauthorized = postForm(badKey);
            assertProblem(unauthorized, 403, RejectReason.UNAUTHORIZED); // GeoReport v2: 403 for a missing or wrong api_key
            DeadLetter badKeyLetter = deadLetter(dead, path, RejectReason.UNAUTHORIZED, "bad-key-marker");
            String kept = new String(badKeyLetter.payload(), StandardCharsets.UTF_8);
            assertFalse(kept.contains("stolen-or-guessed-key"), "the key is not kept: " + kept);
            assertTrue(kept.contains("api_key=REDACTED"), kept);

            Map<String, String> noKey = valid();
            noKey.remove("api_key");
            noKey.put("first_name", "no-key-marker");
            assertProblem(postForm(noKey), 403, RejectReason.UNAUTHORIZED);
            deadLetter(dead, path, RejectReason.UNAUTHORIZED, "no-key-marker");

            HttpResponse<String> malformed = post(path, "application/json",
                    "{\"api_key\":\"" + APP_KEY + "\",\"service_code\":\"rac-thai\", malformed-marker", Map.of());
            assertProblem(malformed, 400, RejectReason.MALFORMED_JSON);
            String malformedKept = new String(deadLetter(dead, path, RejectReason.MALFORMED_JSON, "malformed-marker").payload(),
                    StandardCharsets.UTF_8);
            assertFalse(malformedKept.contains(APP_KEY), malformedKept);

            Map<String, String> huge = valid();
            huge.put("media_url", "https://example.vn/" + "a".repeat(70 * 1024));
            assertProblem(postForm(huge), 413, RejectReason.OVERSIZE);
            DeadLetter oversize = dead.until(Duration.ofSeconds(20), all -> all.stream()
                            .map(x -> Json.fromBytes(x.value(), DeadLetter.class)).anyMatch(d -> d.reason() == RejectReason.OVERSIZE))
                    .stream().map(x -> Json.fromBytes(x.value(), DeadLetter.class)).filter(d -> d.reason() == RejectReason.OVERSIZE)
                    .findFirst().orElseThrow();
            assertEquals(path, oversize.topic());
            assertTrue(oversize.detail().contains(String.valueOf(64 * 1024)), oversize.detail());
        }
    }

    @Test
    void backOfficeEndpointsNeedABackOfficeKey() throws Exception {
        try (TopicReader dead = new TopicReader(config, Topics.DEADLETTER)) {
            String path = "/backoffice/v1/dossiers/events";
            HttpResponse<String> withAppKey = post(path, "application/json",
                    "{\"dossier_id\":\"app-key-marker\",\"type\":\"submitted\"}", Map.of("X-Api-Key", APP_KEY));
            assertProblem(withAppKey, 403, RejectReason.UNAUTHORIZED);
            deadLetter(dead, path, RejectReason.UNAUTHORIZED, "app-key-marker");
            assertProblem(post(path, "application/json", "{\"dossier_id\":\"x\"}", Map.of()), 401, RejectReason.UNAUTHORIZED);
        }
    }

    @Test
    void unknownRequestIdsAre404Problems() throws Exception {
        assertProblem(get("/open311/v2/requests/1022-20260101-NOSUCHID.json"), 404, null);
    }

    @Test
    void aDossierEventLandsInKafka() throws Exception {
        Instant due = Instant.parse("2026-12-01T10:00:00Z");
        HttpResponse<String> r = post("/backoffice/v1/dossiers/events", "application/json", """
                {"api_key":"%s","dossier_id":"HS-2026-000123","procedure_code":"1.001234","ward":"tan-dinh",
                 "agency":"UBND phường Tân Định","type":"submitted","event_time":"2026-11-20T08:30:00+07:00",
                 "due_time":"%s"}""".formatted(BACKOFFICE_KEY, due), Map.of());
        assertEquals(202, r.statusCode(), r.body());
        try (TopicReader dossiers = new TopicReader(config, Topics.DOSSIERS)) {
            ConsumerRecord<String, byte[]> rec = dossiers.until(Duration.ofSeconds(20),
                    rs -> rs.stream().anyMatch(x -> "HS-2026-000123".equals(x.key()))).get(0);
            DossierEvent e = Json.fromBytes(rec.value(), DossierEvent.class);
            assertEquals("HS-2026-000123", e.dossierId());
            assertEquals("submitted", e.type());
            assertEquals("tan-dinh", e.ward());
            assertEquals(Instant.parse("2026-11-20T01:30:00Z"), e.eventTime());
            assertEquals(due, e.dueTime());
            assertEquals("one-stop shop", e.channel());
            assertNull(e.note());
        }
    }

    /** A counter's values by one tag, from the Prometheus text the ingest process serves at {@code /metrics}. */
    static Map<String, Long> scraped(String meter, String tag) {
        String name = meter.replace('.', '_') + "_total";
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{(.*)} (\\S+)$", Pattern.MULTILINE);
        Pattern value = Pattern.compile(tag + "=\"([^\"]*)\"");
        Map<String, Long> m = new TreeMap<>();
        Matcher l = line.matcher(metrics.scrape());
        while (l.find()) {
            Matcher v = value.matcher(l.group(1));
            if (v.find()) m.put(v.group(1), (long) Double.parseDouble(l.group(2)));
        }
        return m;
    }

    static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> m = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) m.put(k, d);
        });
        return m;
    }

    @Test
    void theBadRequestCorpusIsRefusedCountedAndDeadLetteredWhileGoodRequestsGoOn() throws Exception {
        List<Open311Corpus> corpus = Open311Corpus.load();
        HttpResponse<String> created = postForm(valid());
        assertEquals(201, created.statusCode(), created.body());
        String request = json(created).get(0).get("service_request_id").asText();
        long start = System.currentTimeMillis();
        Map<String, Long> responsesBefore = scraped(IngestMetrics.OPEN311_RESPONSES, IngestMetrics.TAG_STATUS);
        Map<String, Long> rejectedBefore = scraped(IngestMetrics.OPEN311_REJECTED, IngestMetrics.TAG_REASON);

        List<String> wrong = new java.util.ArrayList<>();
        List<String> expectedDead = new java.util.ArrayList<>();
        List<String> goods = new java.util.ArrayList<>();
        for (Open311Corpus c : corpus) {
            Instant now = Instant.now();
            Map<String, String> values = Map.of("${app}", APP_KEY, "${backoffice}", BACKOFFICE_KEY, "${wrong}", "x' OR '1'='1",
                    "${request}", request, "${now}", now.toString(), "${ahead}", now.plus(Duration.ofDays(1)).toString(),
                    "${due}", now.plus(Duration.ofDays(5)).toString(), "${pad}", "x".repeat(70_000), "${long}", "x".repeat(4001),
                    "${addr}", "a".repeat(501));
            String path = Open311Corpus.fill(c.path(), values::get);
            String body = Open311Corpus.fill(c.body(), values::get);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                    .method(c.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (c.contentType() != null) b.header("Content-Type", c.contentType());
            switch (c.key()) {
                case "app" -> b.header("X-Api-Key", APP_KEY);
                case "backoffice" -> b.header("X-Api-Key", BACKOFFICE_KEY);
                case "wrong" -> b.header("X-Api-Key", "stolen-or-guessed-key");
                default -> { }
            }
            Map<String, Long> statusBefore = scraped(IngestMetrics.OPEN311_RESPONSES, IngestMetrics.TAG_STATUS);
            Map<String, Long> reasonBefore = scraped(IngestMetrics.OPEN311_REJECTED, IngestMetrics.TAG_REASON);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            try {
                assertProblem(r, c.expectedStatus(), c.expectedReason());
                if (r.statusCode() == 401) assertTrue(r.headers().firstValue("WWW-Authenticate").isPresent(), "WWW-Authenticate");
                Map<String, Long> counted = Map.of(Integer.toString(c.expectedStatus()), 1L);
                assertEquals(counted, minus(scraped(IngestMetrics.OPEN311_RESPONSES, IngestMetrics.TAG_STATUS), statusBefore),
                        "the answer counted");
                assertEquals(c.expectedReason() == null ? Map.of() : Map.of(c.expectedReason().name(), 1L),
                        minus(scraped(IngestMetrics.OPEN311_REJECTED, IngestMetrics.TAG_REASON), reasonBefore), "refusals counted");
            } catch (AssertionError e) {
                wrong.add(c.note() + ": " + e.getMessage());
            }
            if (c.expectedReason() != null) {
                // no body kept: over the limit, or multipart (Vert.x's body handler takes it apart before the intake sees it)
                boolean noBody = c.expectedStatus() == 413 || c.contentType().startsWith("multipart/");
                String kept = noBody ? "" : Open311Corpus.fill(c.body(),
                        p -> Open311Corpus.KEY_PLACEHOLDERS.contains(p) ? RequestFields.REDACTED : values.get(p));
                expectedDead.add(URI.create(base + path).getRawPath() + " " + c.expectedReason() + " " + kept);
            }
            Map<String, String> good = valid();
            good.put("first_name", "good after " + goods.size());
            HttpResponse<String> ok = postForm(good);
            if (ok.statusCode() != 201) wrong.add("the good request after " + c.note() + ": " + ok.statusCode() + " " + ok.body());
            else goods.add(json(ok).get(0).get("service_request_id").asText());
        }
        assertEquals(List.of(), wrong);
        assertEquals(corpus.size(), goods.size());

        // counted: every answer by status, every refusal by reason
        Map<String, Long> byStatus = new TreeMap<>();
        Open311Corpus.countBy(corpus, c -> Integer.toString(c.expectedStatus())).forEach(byStatus::put);
        byStatus.merge("201", (long) goods.size(), Long::sum);
        Map<String, Long> byReason = new TreeMap<>();
        Open311Corpus.countBy(corpus, c -> c.expectedReason() == null ? null : c.expectedReason().name()).forEach(byReason::put);
        Await.value(Duration.ofSeconds(10), "answers counted by status " + byStatus,
                () -> minus(scraped(IngestMetrics.OPEN311_RESPONSES, IngestMetrics.TAG_STATUS), responsesBefore), byStatus::equals);
        assertEquals(byReason, minus(scraped(IngestMetrics.OPEN311_REJECTED, IngestMetrics.TAG_REASON), rejectedBefore));

        // dead-lettered with reason and body, never with a key; nothing else
        try (TopicReader dead = new TopicReader(config, Topics.DEADLETTER)) {
            List<DeadLetter> letters = dead.until(Duration.ofSeconds(30), rs -> rs.stream().filter(x -> x.timestamp() >= start).count()
                    >= expectedDead.size()).stream().filter(x -> x.timestamp() >= start)
                    .map(x -> Json.fromBytes(x.value(), DeadLetter.class)).toList();
            List<String> got = new java.util.ArrayList<>(letters.stream()
                    .map(d -> d.topic() + " " + d.reason() + " " + new String(d.payload(), StandardCharsets.UTF_8)).toList());
            List<String> missing = new java.util.ArrayList<>(expectedDead);
            got.forEach(missing::remove);
            List<String> unexpected = new java.util.ArrayList<>(got);
            expectedDead.forEach(unexpected::remove);
            assertEquals("missing [], not expected []", "missing " + missing + ", not expected " + unexpected);
            letters.forEach(d -> {
                String kept = new String(d.payload(), StandardCharsets.UTF_8);
                assertFalse(kept.contains(APP_KEY) || kept.contains(BACKOFFICE_KEY), "a key in the dead letter: " + kept);
                assertEquals("http", d.source());
                assertFalse(d.detail().isBlank());
            });
        }
        // the good requests, all of them and nothing of the bad ones (no 202 above: no back-office event was taken)
        try (TopicReader complaints = new TopicReader(config, Topics.COMPLAINTS)) {
            List<ConsumerRecord<String, byte[]>> since = complaints.until(Duration.ofSeconds(30),
                    rs -> rs.stream().filter(x -> x.timestamp() >= start).count() >= goods.size())
                    .stream().filter(x -> x.timestamp() >= start).toList();
            assertEquals(java.util.Set.copyOf(goods), since.stream().map(ConsumerRecord::key).collect(Collectors.toSet()));
            assertEquals(goods.size(), since.size());
        }
    }
}
