package org.iocity.ingest.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iocity.ingest.open311.GeoReport.Format;
import org.iocity.ingest.open311.GeoReportClient.Answer;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.ComplaintEvent;
import org.iocity.model.records.DeadLetter;
import org.iocity.model.records.Json;
import org.iocity.model.records.RejectReason;
import org.iocity.parts.Await;
import org.iocity.parts.LocalStack;
import org.iocity.testkit.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Open311 intake on a real Kafka broker, used by a client built the way GeoReport v2 clients are
 * ({@link GeoReportClient}: {@code .xml} URLs by default, jurisdiction_id on every call, form-encoded POST): every
 * method, in XML and in JSON, each answer compared with the specification's example of it. The catalogue is the city's
 * ({@code config/open311-services.json}) with the flood depth made required and "other" made a batch service, so the
 * required-attribute and token paths are exercised.
 */
@Timeout(180)
class GeoReportClientIT {
    static final String KEY = "georeport-app-" + System.nanoTime();
    static final String BACKOFFICE = "georeport-bo-" + System.nanoTime();
    static final String CITY = Open311Settings.DEFAULT_JURISDICTION;

    static LocalStack stack;
    static IocConfig config;
    static Open311Server server;
    static String endpoint;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(LocalStack.Part.KAFKA);
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "georeport-it");
        JsonNode catalogue = Json.mapper().readTree(LocalStack.repoRoot().resolve("config/open311-services.json").toFile());
        for (JsonNode s : catalogue.get("services")) {
            if (s.get("service_code").asText().equals("khac")) ((ObjectNode) s).put("type", "batch");
            for (JsonNode a : s.path("attributes")) if (a.get("code").asText().equals("MUC_NGAP")) ((ObjectNode) a).put("required", true);
        }
        Path services = dir.resolve("services.json");
        Json.mapper().writeValue(services.toFile(), catalogue);
        config = Open311IntakeIT.intakeConfig(stack, KEY, BACKOFFICE, services);
        server = Open311Server.start(config);
        endpoint = "http://127.0.0.1:" + server.port() + Open311Verticle.OPEN311;
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (stack != null) stack.close();
    }

    static GeoReportClient client(Format f) {
        return new GeoReportClient(endpoint, CITY, Format.XML).in(f);
    }

    static void sameShapeAs(String example, Format f, Answer a) {
        GeoReportDocumentsTest.sameShape(example + "." + f.name().toLowerCase(java.util.Locale.ROOT), a.body(), f);
    }

    /** A GeoReport error answer: the status, the format's content type, one error with that code and a description. */
    static void assertGeoError(HttpResponse<String> r, int status, Format f) throws Exception {
        assertGeoError(new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                GeoReportClient.items(f, r.body())), status, f);
    }

    static void assertGeoError(Answer a, int status, Format f) {
        assertEquals(status, a.status(), a.body());
        assertEquals(f.contentType, a.contentType());
        sameShapeAs("errors", f, a);
        assertEquals(1, a.items().size(), a.body());
        assertEquals(Integer.toString(status), a.first().get("code"));
        assertFalse(a.first().get("description").isBlank());
    }

    static Map<String, String> complaint(String code, String marker) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("service_code", code);
        m.put("lat", "10.7721");
        m.put("long", "106.7043");
        m.put("description", "GeoReport client " + marker);
        return m;
    }

    static String created(Answer a) {
        assertEquals(201, a.status(), a.body());
        String id = a.first().get("service_request_id");
        assertTrue(id != null && id.startsWith("1022-"), a.body());
        return id;
    }

    @Test
    void withoutASuffixTheAnswerIsXmlGeoReportsDefault() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + "/services")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("text/xml; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(r.body().startsWith("<?xml") && r.body().contains("<services><service>"), r.body());
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void serviceDiscoveryNamesThisEndpointAndBothFormats(Format f) throws Exception {
        String root = endpoint.substring(0, endpoint.length() - Open311Verticle.OPEN311.length());
        Answer d = new GeoReportClient(root + "/open311", null, f).get("discovery", Map.of());
        assertEquals(200, d.status(), d.body());
        sameShapeAs("discovery", f, d);
        if (f == Format.JSON) {
            JsonNode e = Json.mapper().readTree(d.body()).get("endpoints").get(0);
            assertEquals(endpoint, e.get("url").asText());
            assertEquals("http://wiki.open311.org/GeoReport_v2", e.get("specification").asText());
            assertEquals(List.of("text/xml", "application/json"), List.of(e.get("formats").get(0).asText(), e.get("formats").get(1).asText()));
        } else {
            assertTrue(d.body().contains("<url>" + endpoint + "</url>") && d.body().contains("<formats><format>text/xml</format>"
                    + "<format>application/json</format></formats>"), d.body());
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void servicesAndTheirDefinitions(Format f) throws Exception {
        GeoReportClient c = client(f);
        Answer services = c.services();
        assertEquals(200, services.status());
        assertEquals(f.contentType, services.contentType());
        sameShapeAs("services", f, services);
        Map<String, Map<String, String>> byCode = new LinkedHashMap<>();
        services.items().forEach(s -> byCode.put(s.get("service_code"), s));
        assertEquals(11, byCode.size(), byCode.keySet().toString());
        assertEquals("true", byCode.get("ngap-nuoc").get("metadata"));
        assertEquals("false", byCode.get("rac-thai").get("metadata"));
        assertEquals("batch", byCode.get("khac").get("type"));
        assertEquals("environment", byCode.get("ngap-nuoc").get("group"));

        Answer def = c.definition("ngap-nuoc");
        assertEquals(200, def.status(), def.body());
        sameShapeAs("service-definition", f, def);
        List<String> codes = new ArrayList<>();
        List<String> depthKeys = new ArrayList<>();
        if (f == Format.JSON) {
            JsonNode d = Json.mapper().readTree(def.body());
            assertEquals("ngap-nuoc", d.get("service_code").asText());
            d.get("attributes").forEach(a -> codes.add(a.get("code").asText()));
            d.get("attributes").get(1).get("values").forEach(v -> depthKeys.add(v.get("key").asText()));
            assertTrue(d.get("attributes").get(1).get("required").asBoolean());
            assertFalse(d.get("attributes").get(0).get("variable").asBoolean());
        } else {
            var root = GeoReportClient.root(def.body());
            assertEquals("service_definition", root.getTagName());
            var attributes = GeoReportClient.children(GeoReportClient.children(root).get(1));
            attributes.forEach(a -> codes.add(a.getElementsByTagName("code").item(0).getTextContent()));
            var depth = attributes.get(1);
            assertEquals("true", depth.getElementsByTagName("required").item(0).getTextContent());
            var keys = depth.getElementsByTagName("key");
            for (int i = 0; i < keys.getLength(); i++) depthKeys.add(keys.item(i).getTextContent());
        }
        assertEquals(List.of("CANH_BAO", "MUC_NGAP", "BAT_DAU"), codes, "in their order");
        assertEquals(List.of("mat-ca", "ngang-goi", "tren-goi"), depthKeys);

        assertGeoError(c.definition("no-such-service"), 404, f);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aRequestWithAttributesMediaAndAccountIsFiledAndReadBack(Format f) throws Exception {
        GeoReportClient c = client(f);
        Map<String, String> fields = complaint("o-nhiem", "attributes " + f);
        fields.put("media_url", "https://example.vn/anh/khoi-bui.jpg");
        fields.put("email", "dan@example.vn");
        fields.put("device_id", "android-42");
        fields.put("account_id", "acc-" + f);
        fields.put("first_name", "Lan");
        fields.put("last_name", "Nguyễn");
        fields.put("phone", "+84 28 3822 1234");
        Answer a = c.post(KEY, fields, Map.of("LOAI_O_NHIEM", List.of("tieng-on"), "KHUNG_GIO", List.of("sang", "dem")));
        String id = created(a);
        sameShapeAs("post-request", f, a);
        assertEquals("acc-" + f, a.first().get("account_id"));
        assertTrue(a.first().get("service_notice").contains("5 working days"), a.body());

        Answer back = c.request(id);
        assertEquals(200, back.status(), back.body());
        sameShapeAs("requests", f, back);
        Map<String, String> r = back.first();
        assertEquals(id, r.get("service_request_id"));
        assertEquals("open", r.get("status"));
        assertEquals("o-nhiem", r.get("service_code"));
        assertTrue(r.get("service_name").contains("ô nhiễm"), r.get("service_name"));
        assertEquals("https://example.vn/anh/khoi-bui.jpg", r.get("media_url"));
        assertEquals(10.7721, Double.parseDouble(r.get("lat")));
        assertTrue(r.get("requested_datetime").endsWith("+07:00"), r.get("requested_datetime"));

        try (TopicReader complaints = new TopicReader(config, Topics.COMPLAINTS)) {
            ComplaintEvent e = complaints.until(Duration.ofSeconds(20), rs -> rs.stream().anyMatch(x -> id.equals(x.key()))).stream()
                    .filter(x -> id.equals(x.key())).map(x -> Json.fromBytes(x.value(), ComplaintEvent.class)).findFirst().orElseThrow();
            assertEquals(Map.of("LOAI_O_NHIEM", List.of("tieng-on"), "KHUNG_GIO", List.of("sang", "dem")), e.attributeAnswers());
            assertEquals("acc-" + f, e.contact().accountId());
            assertEquals("Nguyễn", e.contact().lastName());
            assertEquals("android-42", e.deviceId());
        }
    }

    static List<String> ids(Answer a) {
        assertEquals(200, a.status(), a.body());
        return a.items().stream().map(m -> m.get("service_request_id")).toList();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void requestsAreListedByEachFilterAndPaged(Format f) throws Exception {
        GeoReportClient c = client(f);
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        List<String> ads = new ArrayList<>();
        for (int i = 0; i < 3; i++) ads.add(created(c.post(KEY, complaint("quang-cao-trai-phep", "ad " + i), Map.of())));
        String order = created(c.post(KEY, complaint("an-ninh-trat-tu", "order"), Map.of()));
        HttpResponse<String> resolved = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(endpoint.replace(Open311Verticle.OPEN311, Open311Verticle.BACKOFFICE) + "/complaints/" + ads.get(0) + "/events"))
                .header("Content-Type", "application/json").header("X-Api-Key", BACKOFFICE)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"resolved\",\"note\":\"Đã tháo dỡ\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, resolved.statusCode(), resolved.body());

        // no filter: the last 90 days, newest first
        Answer all = c.requests(Map.of());
        sameShapeAs("requests", f, all);
        List<String> everything = ids(all);
        assertTrue(everything.containsAll(ads) && everything.contains(order), everything.toString());
        List<String> requested = all.items().stream().map(m -> m.get("requested_datetime")).toList();
        List<Instant> times = requested.stream().map(t -> java.time.OffsetDateTime.parse(t).toInstant()).toList();
        List<Instant> sorted = new ArrayList<>(times);
        sorted.sort(java.util.Comparator.reverseOrder());
        assertEquals(sorted, times, "newest first");

        // service_request_id: exactly those, and it overrides the other filters
        assertEquals(Set.of(ads.get(1), order), new HashSet<>(ids(c.requests(Map.of("service_request_id", ads.get(1) + "," + order,
                "service_code", "rac-thai", "status", "closed")))));
        // service_code
        Answer byCode = c.requests(Map.of("service_code", "quang-cao-trai-phep"));
        assertTrue(ids(byCode).containsAll(ads) && !ids(byCode).contains(order));
        assertTrue(byCode.items().stream().allMatch(m -> m.get("service_code").equals("quang-cao-trai-phep")));
        assertTrue(ids(c.requests(Map.of("service_code", "quang-cao-trai-phep,an-ninh-trat-tu"))).contains(order));
        // status
        Answer closed = Await.value(Duration.ofSeconds(10), "the resolved request listed as closed",
                () -> c.requests(Map.of("status", "closed", "service_code", "quang-cao-trai-phep")), x -> ids(x).contains(ads.get(0)));
        assertTrue(closed.items().stream().allMatch(m -> m.get("status").equals("closed")));
        assertEquals("Đã tháo dỡ", closed.items().stream().filter(m -> m.get("service_request_id").equals(ads.get(0))).findFirst()
                .orElseThrow().get("status_notes"));
        List<String> open = ids(c.requests(Map.of("status", "open", "service_code", "quang-cao-trai-phep")));
        assertTrue(open.containsAll(ads.subList(1, 3)) && !open.contains(ads.get(0)), open.toString());
        // start_date / end_date, W3C datetimes in the city's offset
        String from = GeoReport.time(before), to = GeoReport.time(Instant.now().plusSeconds(5));
        assertTrue(ids(c.requests(Map.of("start_date", from, "end_date", to))).containsAll(ads));
        List<String> earlier = ids(c.requests(Map.of("start_date", GeoReport.time(before.minus(Duration.ofHours(2))),
                "end_date", GeoReport.time(before.minus(Duration.ofHours(1))))));
        assertTrue(earlier.stream().noneMatch(ads::contains), earlier.toString());
        assertTrue(ids(c.requests(Map.of("start_date", from))).containsAll(ads), "start only: 90 days from it");

        // paging: page_size 2 over every request of the code, pages disjoint and in order, the total in a header
        List<String> full = ids(byCode);
        List<String> paged = new ArrayList<>();
        for (int page = 1; page <= (full.size() + 1) / 2; page++) {
            Answer p = c.requests(Map.of("service_code", "quang-cao-trai-phep", "page_size", "2", "page", Integer.toString(page)));
            assertTrue(p.items().size() <= 2);
            paged.addAll(ids(p));
        }
        assertEquals(full, paged);
        assertEquals(List.of(), ids(c.requests(Map.of("service_code", "quang-cao-trai-phep", "page_size", "2", "page", "1000"))));

        assertGeoError(c.requests(Map.of("status", "pending")), 400, f);
        assertGeoError(c.requests(Map.of("start_date", "2026-12-01T00:00:00")), 400, f);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aBatchServiceAnswersWithATokenThatLeadsToTheRequest(Format f) throws Exception {
        GeoReportClient c = client(f);
        Answer a = c.post(KEY, complaint("khac", "batch " + f), Map.of());
        assertEquals(201, a.status(), a.body());
        assertNull(a.first().get("service_request_id"), "a token, not an id: " + a.body());
        String token = a.first().get("token");
        assertFalse(token == null || token.isBlank(), a.body());

        Answer t = c.token(token);
        assertEquals(200, t.status(), t.body());
        sameShapeAs("token", f, t);
        assertEquals(token, t.first().get("token"));
        String id = t.first().get("service_request_id");
        assertEquals("khac", c.request(id).first().get("service_code"));
        assertGeoError(c.token("no-such-token"), 404, f);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void errorsInTheSpecificationsFormat(Format f) throws Exception {
        GeoReportClient c = client(f);
        try (TopicReader dead = new TopicReader(config, Topics.DEADLETTER)) {
            assertGeoError(c.post(KEY, complaint("no-such-service", "bad code"), Map.of()), 404, f);

            Answer missing = c.post(KEY, complaint("ngap-nuoc", "no depth " + f), Map.of("BAT_DAU", List.of("2026-12-07T17:30:00+07:00")));
            assertGeoError(missing, 400, f);
            assertTrue(missing.first().get("description").contains("attribute[MUC_NGAP] is required"), missing.body());
            String marker = "no depth " + f;
            dead.until(Duration.ofSeconds(20), rs -> rs.stream().map(x -> Json.fromBytes(x.value(), DeadLetter.class))
                    .anyMatch(d -> d.reason() == RejectReason.MISSING_FIELD && new String(d.payload(), java.nio.charset.StandardCharsets.UTF_8)
                            .contains(java.net.URLEncoder.encode(marker, java.nio.charset.StandardCharsets.UTF_8))));
            created(c.post(KEY, complaint("ngap-nuoc", "with depth " + f), Map.of("MUC_NGAP", List.of("ngang-goi"))));

            GeoReportClient otherCity = new GeoReportClient(endpoint, "hanoi.gov.vn", f);
            assertGeoError(otherCity.services(), 404, f);
            assertGeoError(otherCity.requests(Map.of()), 404, f);
            assertGeoError(otherCity.post(KEY, complaint("rac-thai", "other city"), Map.of()), 404, f);
            assertTrue(new GeoReportClient(endpoint, null, f).services().status() == 200, "jurisdiction_id is optional");

            assertGeoError(c.post("stolen-or-guessed", complaint("rac-thai", "bad key"), Map.of()), 403, f);
            assertGeoError(c.post(null, complaint("rac-thai", "no key"), Map.of()), 403, f);
            assertGeoError(c.request("1022-20260101-NOSUCHID"), 404, f);
        }
    }

    @Test
    void aRestartedIntakeListsWhatItReceivedBeforeFromKafka() throws Exception {
        GeoReportClient c = client(Format.XML);
        String id = created(c.post(KEY, complaint("rac-thai", "before restart"), Map.of()));
        try (Open311Server again = Open311Server.start(config)) {
            GeoReportClient fresh = new GeoReportClient("http://127.0.0.1:" + again.port() + Open311Verticle.OPEN311, CITY, Format.XML);
            Answer listed = Await.value(Duration.ofSeconds(30), "the new intake rebuilt from ioc.complaints",
                    () -> fresh.requests(Map.of("service_request_id", id)), a -> a.items().size() == 1);
            assertEquals("rac-thai", listed.first().get("service_code"));
            assertTrue(ids(fresh.requests(Map.of("service_code", "rac-thai"))).contains(id));
        }
    }
}
