package org.iocity.ingest.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iocity.ingest.open311.GeoReport.Format;
import org.iocity.model.records.ComplaintEvent;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;
import org.junit.jupiter.api.Test;

/**
 * The intake's GeoReport documents, written from the city's real catalogue, against the specification's own examples
 * ({@code src/test/resources/georeport-v2}): same element names, nesting and value kinds, in XML and JSON. Then the
 * format rules, the GET requests filters and the attribute checks, called directly.
 */
class GeoReportDocumentsTest {
    static final ServiceCatalog CATALOG = CitizenRequestsTest.CATALOG;
    /** This city's additions to the specification's documents. */
    static final Set<String> EXTENSIONS = Set.of("due_working_days", "ward", "group");

    static void sameShape(String example, String ours, Format f) {
        Map<String, String> spec = f == Format.XML ? GeoReportShape.xml(GeoReportShape.example(example))
                : GeoReportShape.json(GeoReportShape.example(example));
        Map<String, String> got = f == Format.XML ? GeoReportShape.xml(ours) : GeoReportShape.json(ours);
        assertEquals(List.of(), GeoReportShape.differences(spec, got, EXTENSIONS), example + " against\n" + ours);
    }

    static ComplaintView.Status status(String id, String code, String status, Instant requested) {
        return new ComplaintView.Status(id, code, "environment", "sai-gon", "UBND phường Sài Gòn", status, "Đã xử lý",
                "Rác tồn đọng", "12 Lê Lợi", 10.7721, 106.7043, "https://example.vn/a.jpg", requested,
                requested.plusSeconds(3600), requested.plus(Duration.ofDays(2)), "tok-" + id, 0, 1);
    }

    static GeoReport.RequestEntry entry(ComplaintView.Status s) {
        return new GeoReport.RequestEntry(s.requestId(), s.status(), s.statusNotes(), "Rác", s.serviceCode(), s.description(),
                s.agency(), "notice", GeoReport.time(s.requested()), GeoReport.time(s.updated()), GeoReport.time(s.dueTime()),
                s.address(), null, null, s.lat(), s.lon(), s.mediaUrl(), s.ward(), s.category());
    }

    @Test
    void everyDocumentHasTheSpecificationsStructureInBothFormats() {
        Instant t = Instant.parse("2026-11-20T03:00:00Z");
        List<GeoReport.RequestEntry> two = List.of(entry(status("1022-20261120-AAAAAAAA", "rac-thai", "closed", t)),
                entry(status("1022-20261120-BBBBBBBB", "rac-thai", "open", t)));
        for (Format f : Format.values()) {
            String ext = "." + f.name().toLowerCase(java.util.Locale.ROOT);
            sameShape("services" + ext, GeoReport.services(f, CATALOG.services().stream().map(GeoReport.ServiceEntry::of).toList()), f);
            sameShape("service-definition" + ext,
                    GeoReport.definition(f, GeoReport.ServiceDefinition.of(CATALOG.service("o-nhiem").orElseThrow())), f);
            sameShape("post-request" + ext, GeoReport.serviceRequests(f,
                    List.of(new GeoReport.Created("1022-20261120-AAAAAAAA", null, "Đã tiếp nhận", null))), f);
            sameShape("token" + ext, GeoReport.serviceRequests(f,
                    List.of(new GeoReport.TokenEntry("1022-20261120-AAAAAAAA", "0b7c2f9e-5d1e-4a53-9d0c-1f2e3a4b5c6d"))), f);
            sameShape("requests" + ext, GeoReport.serviceRequests(f, two), f);
            sameShape("errors" + ext, GeoReport.errors(f, List.of(new GeoReport.Error(403, "the api_key is not valid"))), f);
            sameShape("discovery" + ext, GeoReport.discovery(f, new GeoReport.Discovery(GeoReport.time(t), "Tổng đài 1022", "keys from the operations center",
                    List.of(GeoReport.Endpoint.of("http://127.0.0.1:8091/open311/v2", GeoReport.time(t))))), f);
        }
    }

    @Test
    void xmlStartsWithTheDeclarationAndJsonListsAreArrays() {
        String xml = GeoReport.services(Format.XML, List.of(GeoReport.ServiceEntry.of(CATALOG.service("rac-thai").orElseThrow())));
        assertTrue(xml.startsWith("<?xml version='1.0' encoding='UTF-8'?><services><service><service_code>rac-thai</service_code>"), xml);
        String json = GeoReport.services(Format.JSON, List.of(GeoReport.ServiceEntry.of(CATALOG.service("rac-thai").orElseThrow())));
        assertTrue(json.startsWith("[{\"service_code\":\"rac-thai\""), json);
        // a definition's attributes in their order, list values as <values><value><key/><name/></value>
        String def = GeoReport.definition(Format.XML, GeoReport.ServiceDefinition.of(CATALOG.service("ngap-nuoc").orElseThrow()));
        assertTrue(def.contains("<attributes><attribute><variable>false</variable><code>CANH_BAO</code>"), def);
        assertTrue(def.contains("<values><value><key>mat-ca</key><name>"), def);
        assertTrue(def.contains("<order>1</order><description>Có người gặp nguy hiểm: gọi 114 / if anyone is in danger call 114</description></attribute>"),
                "no values for an attribute that is not a list: " + def);
        // nulls as the specification writes them: an empty element, a JSON null
        String created = GeoReport.serviceRequests(Format.XML, List.of(new GeoReport.Created("X-1", null, "n", null)));
        assertTrue(created.contains("<account_id/>") && !created.contains("<token"), created);
        assertTrue(GeoReport.serviceRequests(Format.JSON, List.of(new GeoReport.Created("X-1", null, "n", null)))
                .contains("\"account_id\":null"));
    }

    @Test
    void theFormatComesFromThePathThenTheQueryThenAcceptAndIsXmlByDefault() {
        assertEquals(Format.JSON, Format.of("/open311/v2/services.json", null, "text/xml"));
        assertEquals(Format.XML, Format.of("/open311/v2/services.xml", "json", "application/json"));
        assertEquals(Format.XML, Format.of("/open311/v2/services", null, null));
        assertEquals(Format.XML, Format.of("/open311/v2/services", null, "*/*"));
        assertEquals(Format.JSON, Format.of("/open311/v2/services", "json", null));
        assertEquals(Format.JSON, Format.of("/open311/v2/requests/1022-X", null, "application/json, text/plain"));
        assertEquals(Format.XML, Format.of("/open311/v2/requests/1022-X", null, "text/xml, application/json"));
        assertEquals("1022-20261120-ABCDEFGH", Format.strip("1022-20261120-ABCDEFGH.xml"));
        assertEquals("ngap-nuoc", Format.strip("ngap-nuoc.JSON"));
        assertEquals("ngap-nuoc", Format.strip("ngap-nuoc"));
    }

    static RequestQuery query(Map<String, String> params, Instant now) throws RequestQuery.Invalid {
        return RequestQuery.parse(params::get, now);
    }

    @Test
    void requestFiltersDefaultToTheLast90DaysAndAThousandResults() throws Exception {
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        RequestQuery q = query(Map.of(), now);
        assertEquals(now, q.end());
        assertEquals(now.minus(Duration.ofDays(90)), q.start());
        assertEquals(1000, q.pageSize());
        assertEquals(1, q.page());
        assertTrue(q.matches("a", "rac-thai", "open", now.minus(Duration.ofDays(89))));
        assertTrue(!q.matches("a", "rac-thai", "open", now.minus(Duration.ofDays(91))), "older than 90 days");

        // a '+' sent unencoded arrives as a space; a date is midnight in the city
        RequestQuery window = query(Map.of("start_date", "2026-12-01T00:00:00 07:00", "end_date", "2026-12-03"), now);
        assertEquals(Instant.parse("2026-11-30T17:00:00Z"), window.start());
        assertEquals(Instant.parse("2026-12-02T17:00:00Z"), window.end());

        RequestQuery filtered = query(Map.of("service_code", "rac-thai,ngap-nuoc", "status", "closed", "page", "2", "page_size", "10"), now);
        assertTrue(filtered.matches("a", "ngap-nuoc", "closed", now));
        assertTrue(!filtered.matches("a", "ngap-nuoc", "open", now));
        assertTrue(!filtered.matches("a", "o-nhiem", "closed", now));
        assertEquals(10, filtered.offset());

        // service_request_id overrides every other filter
        RequestQuery ids = query(Map.of("service_request_id", "b, a", "status", "open", "start_date", "2020-01-01T00:00:00Z"), now);
        assertEquals(List.of("b", "a"), ids.ids());
        assertTrue(ids.matches("a", "x", "closed", null));
    }

    @Test
    void badRequestFiltersAreRefusedWithWhatIsWrong() {
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        Map<String, String> bad = new HashMap<>();
        bad.put("status", "pending");
        assertTrue(assertThrows(RequestQuery.Invalid.class, () -> query(bad, now)).getMessage().contains("pending"));
        assertTrue(assertThrows(RequestQuery.Invalid.class, () -> query(Map.of("start_date", "2026-12-01T00:00:00"), now))
                .getMessage().contains("zone"), "a datetime without a zone");
        assertTrue(assertThrows(RequestQuery.Invalid.class, () -> query(Map.of("start_date", "2026-01-01T00:00:00Z",
                "end_date", "2026-12-01T00:00:00Z"), now)).getMessage().contains("90 days"));
        assertTrue(assertThrows(RequestQuery.Invalid.class, () -> query(Map.of("start_date", "2026-12-02T00:00:00Z",
                "end_date", "2026-12-01T00:00:00Z"), now)).getMessage().contains("before"));
        assertTrue(assertThrows(RequestQuery.Invalid.class, () -> query(Map.of("page_size", "5000"), now)).getMessage().contains("1..1000"));
        assertTrue(assertThrows(RequestQuery.Invalid.class, () -> query(Map.of("page", "first"), now)).getMessage().contains("whole number"));
    }

    static Map<String, List<String>> answers(String code, Map<String, List<String>> given) throws Rejection {
        return CitizenRequests.attributes(CATALOG.service(code).orElseThrow(), given);
    }

    @Test
    void attributesAreCheckedAgainstTheServiceDefinition() throws Exception {
        assertEquals(Map.of("MUC_NGAP", List.of("ngang-goi"), "BAT_DAU", List.of("2026-12-07T17:30:00+07:00")),
                answers("ngap-nuoc", Map.of("MUC_NGAP", List.of("ngang-goi"), "BAT_DAU", List.of("2026-12-07T17:30:00+07:00"))));
        assertEquals(Map.of("KHUNG_GIO", List.of("sang", "dem")), answers("o-nhiem", Map.of("KHUNG_GIO", List.of("sang", "dem"))));
        assertEquals(Map.of(), answers("ngap-nuoc", Map.of()), "all optional in the city's catalogue");

        record Bad(String code, Map<String, List<String>> given, RejectReason reason, String says) {}
        for (Bad b : List.of(
                new Bad("ngap-nuoc", Map.of("MUC_NGAP", List.of("to-the-roof")), RejectReason.OUT_OF_RANGE, "not one of the keys"),
                new Bad("ngap-nuoc", Map.of("MUC_NGAP", List.of("mat-ca", "tren-goi")), RejectReason.WRONG_TYPE, "one value"),
                new Bad("ngap-nuoc", Map.of("BAT_DAU", List.of("this morning")), RejectReason.WRONG_TYPE, "datetime"),
                new Bad("ngap-nuoc", Map.of("CANH_BAO", List.of("x")), RejectReason.OUT_OF_RANGE, "not in the definition"),
                new Bad("ngap-nuoc", Map.of("NO_SUCH", List.of("x")), RejectReason.OUT_OF_RANGE, "not in the definition"),
                new Bad("ha-tang-hu-hong", Map.of("KICH_THUOC_CM", List.of("big")), RejectReason.WRONG_TYPE, "number"),
                new Bad("an-toan-giao-thong", Map.of("NUT_GIAO", List.of("a\nb")), RejectReason.WRONG_TYPE, "line breaks"),
                new Bad("rac-thai", Map.of("ANY", List.of("x")), RejectReason.OUT_OF_RANGE, "not in the definition"))) {
            Rejection r = assertThrows(Rejection.class, () -> answers(b.code(), b.given()), b.toString());
            assertEquals(b.reason(), r.reason(), b.toString());
            assertTrue(r.detail().contains(b.says()), r.detail());
        }
    }

    @Test
    void aBadServiceDefinitionStopsTheStartWithOneLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String service = "{\"service_code\":\"s\",\"service_name\":\"S\",\"group\":\"g\",\"due_working_days\":2%s}";
        Map<String, String> bad = Map.of(
                ",\"type\":\"blackbox\"", "type blackbox",
                ",\"attributes\":[{\"variable\":true,\"code\":\"A\",\"datatype\":\"singlevaluelist\",\"order\":1}]", "needs values",
                ",\"attributes\":[{\"variable\":true,\"code\":\"A\",\"datatype\":\"colour\",\"order\":1}]", "datatype colour",
                ",\"attributes\":[{\"variable\":true,\"code\":\"A\",\"datatype\":\"string\",\"order\":1},"
                        + "{\"variable\":true,\"code\":\"B\",\"datatype\":\"string\",\"order\":1}]", "order must be",
                ",\"attributes\":[{\"variable\":false,\"required\":true,\"code\":\"A\",\"datatype\":\"text\",\"order\":1}]", "must be variable");
        for (var e : bad.entrySet()) {
            java.nio.file.Path f = dir.resolve("services.json");
            java.nio.file.Files.writeString(f, "{\"services\":[" + service.formatted(e.getKey()) + "]}");
            var ex = assertThrows(org.iocity.model.config.ConfigException.class, () -> ServiceCatalog.load(f), e.getKey());
            assertTrue(ex.getMessage().contains(e.getValue()) && !ex.getMessage().contains("\n"), ex.getMessage());
        }
    }

    @Test
    void aReceivedEventKeepsTheAnswersAndTheAccountThroughItsJson() throws Exception {
        CitizenRequests requests = new CitizenRequests(CATALOG, CitizenRequestsTest.CALENDAR, CitizenRequestsTest.REGISTRY, 2000);
        ComplaintEvent e = requests.received(RequestFields.parse("application/x-www-form-urlencoded", ("service_code=o-nhiem"
                + "&address_string=Le+Loi&description=on&account_id=acc-1&attribute[KHUNG_GIO][]=dem&attribute[KHUNG_GIO][]=sang"
                + "&attribute[LOAI_O_NHIEM]=tieng-on").getBytes(java.nio.charset.StandardCharsets.UTF_8)), "app", Instant.parse("2026-11-20T03:00:00Z"));
        String json = org.iocity.model.records.Json.toString(e);
        assertTrue(json.contains("\"attributes\":[{\"code\":\"LOAI_O_NHIEM\",\"values\":[\"tieng-on\"]},"
                + "{\"code\":\"KHUNG_GIO\",\"values\":[\"dem\",\"sang\"]}]"), "in the definition's order: " + json);
        ComplaintEvent back = org.iocity.model.records.Json.fromBytes(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), ComplaintEvent.class);
        assertEquals(e, back);
        assertEquals("acc-1", back.contact().accountId());
        assertEquals(List.of("dem", "sang"), back.attributeAnswers().get("KHUNG_GIO"));
    }

    @Test
    void aRequiredAttributeMustBeAnswered() {
        ServiceCatalog.Service flood = CATALOG.service("ngap-nuoc").orElseThrow();
        List<ServiceCatalog.Attribute> required = flood.attributes().stream().map(a -> a.code().equals("MUC_NGAP")
                ? new ServiceCatalog.Attribute(true, a.code(), a.datatype(), true, null, a.order(), a.description(), a.values()) : a).toList();
        ServiceCatalog.Service strict = new ServiceCatalog.Service(flood.code(), flood.name(), flood.group(), flood.description(),
                flood.dueWorkingDays(), flood.keywords(), flood.type(), required);
        Rejection r = assertThrows(Rejection.class, () -> CitizenRequests.attributes(strict, Map.of("MUC_NGAP", List.of(" "))));
        assertEquals(RejectReason.MISSING_FIELD, r.reason());
        assertTrue(r.detail().startsWith("attribute[MUC_NGAP] is required"), r.detail());
    }

    @Test
    void theSpecificationsExamplePostReadsIntoFieldsAndAttributes() throws Exception {
        RequestFields f = RequestFields.parse("application/x-www-form-urlencoded; charset=utf-8",
                GeoReportShape.example("post-request.form").strip().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("123456", f.get("account_id"));
        assertEquals("city.gov", f.get("jurisdiction_id"));
        assertEquals(Map.of("WHISPAWN", List.of("123456"), "WHISDORN", List.of("COISL001")), f.attributes());
        RequestFields multi = RequestFields.parse("application/x-www-form-urlencoded",
                "attribute%5BKHUNG_GIO%5D%5B%5D=sang&attribute[KHUNG_GIO][]=dem".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(Map.of("KHUNG_GIO", List.of("sang", "dem")), multi.attributes());
        RequestFields json = RequestFields.parse("application/json",
                "{\"attribute\":{\"KHUNG_GIO\":[\"sang\",\"dem\"],\"LOAI_O_NHIEM\":\"mui\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(Map.of("KHUNG_GIO", List.of("sang", "dem"), "LOAI_O_NHIEM", List.of("mui")), json.attributes());
    }

    @Test
    void theViewListsNewestFirstPagesAndFindsTokens() {
        ComplaintView view = new ComplaintView(100);
        Instant t0 = Instant.parse("2026-12-01T01:00:00Z");
        for (int i = 0; i < 5; i++) {
            view.apply(new ComplaintEvent("ev-" + i, "r-" + i, ComplaintEvent.RECEIVED, t0.plus(Duration.ofHours(i)), i % 2 == 0 ? "rac-thai" : "ngap-nuoc",
                    "environment", "sai-gon", null, null, null, null, "a", "d", null, "app", null, null, null), 0, i);
        }
        view.apply(new ComplaintEvent("ev-9", "r-1", ComplaintEvent.RESOLVED, t0.plus(Duration.ofDays(1)), null, null, null,
                "UBND", null, null, null, null, null, null, "bo", "xong", null, null), 0, 9);
        Instant now = t0.plus(Duration.ofDays(2));
        ComplaintView.Page all = view.query(new RequestQuery(List.of(), Set.of(), Set.of(), now.minus(Duration.ofDays(90)), now, 1, 2));
        assertEquals(5, all.total());
        assertEquals(List.of("r-4", "r-3"), all.items().stream().map(ComplaintView.Status::requestId).toList());
        ComplaintView.Page third = view.query(new RequestQuery(List.of(), Set.of(), Set.of(), now.minus(Duration.ofDays(90)), now, 3, 2));
        assertEquals(List.of("r-0"), third.items().stream().map(ComplaintView.Status::requestId).toList());
        ComplaintView.Page closed = view.query(new RequestQuery(List.of(), Set.of(), Set.of("closed"), now.minus(Duration.ofDays(90)), now, 1, 10));
        assertEquals(List.of("r-1"), closed.items().stream().map(ComplaintView.Status::requestId).toList());
        assertEquals("xong", closed.items().get(0).statusNotes());
        assertEquals(t0.plus(Duration.ofHours(1)), closed.items().get(0).requested(), "requested stays the received time");
        assertEquals("r-3", view.requestIdOfToken("ev-3").orElseThrow());
        assertTrue(view.requestIdOfToken("ev-9").isEmpty(), "only received events issue tokens");
    }
}
