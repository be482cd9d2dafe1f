package org.iocity.ingest.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.records.ComplaintEvent;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;
import org.iocity.model.registry.Registry;
import org.iocity.model.registry.WorkingCalendar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The framework-free core of the intake, called directly. */
class CitizenRequestsTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final ServiceCatalog CATALOG = ServiceCatalog.load(ROOT.resolve("config/open311-services.json"));
    static final Registry REGISTRY = Registry.load(ROOT.resolve("config/registry.json"));
    static final WorkingCalendar CALENDAR = Open311Server.calendar(ROOT.resolve("config/holidays-vn.json"));
    final CitizenRequests requests = new CitizenRequests(CATALOG, CALENDAR, REGISTRY, 2000);
    static final Instant NOW = Instant.parse("2026-11-20T03:00:00Z"); // Friday 10:00 in Ho Chi Minh City

    @Test
    void aComplaintBeforeTetIsDueAfterTheHolidayWeek() throws Rejection {
        // Thursday 12 Feb 2026 15:30 in the city, 5 working days: Fri 13 (1); 14-15 weekend; 16-20 Tết; 21-22 weekend;
        // Mon 23 (2), Tue 24 (3), Wed 25 (4), Thu 26 (5) -> Thursday 26 Feb 15:30 (08:30 UTC)
        ComplaintEvent e = requests.received(RequestFields.of(Map.of("service_code", "ha-tang-hu-hong",
                "address_string", "Lê Lợi", "description", "Ổ gà")), "app", Instant.parse("2026-02-12T08:30:00Z"));
        assertEquals(Instant.parse("2026-02-26T08:30:00Z"), e.dueTime());
    }

    @Test
    void holidaysNextToAWeekendAreSkipped() throws Rejection {
        // Wednesday 29 Apr 2026 16:00, 2 working days: 30 Apr and 1 May holidays, 2-3 May weekend; Mon 4 (1), Tue 5 (2)
        ComplaintEvent e = requests.received(RequestFields.of(Map.of("service_code", "rac-thai",
                "address_string", "Nguyễn Huệ", "description", "Rác")), "app", Instant.parse("2026-04-29T09:00:00Z"));
        assertEquals(Instant.parse("2026-05-05T09:00:00Z"), e.dueTime());
        // received on the holiday itself (Thursday 30 Apr 20:00), 1 working day: counting starts Monday 4 May 00:00,
        // so it is due Tuesday 5 May 00:00 in the city (Monday 17:00 UTC)
        ComplaintEvent onHoliday = requests.received(RequestFields.of(Map.of("service_code", "ket-xe",
                "address_string", "Cộng Hòa", "description", "Kẹt xe")), "app", Instant.parse("2026-04-30T13:00:00Z"));
        assertEquals(Instant.parse("2026-05-04T17:00:00Z"), onHoliday.dueTime());
    }

    @Test
    void aBadHolidaysFileIsOneLineNamingTheSetting(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("holidays.json");
        Files.writeString(f, "{\"holidays\":[{\"date\":\"30/04/2026\"}]}");
        ConfigException e = assertThrows(ConfigException.class, () -> Open311Server.calendar(f));
        assertTrue(e.getMessage().contains("30/04/2026") && e.getMessage().contains("IOC_CALENDAR_HOLIDAYS_FILE")
                && !e.getMessage().contains("\n"), e.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> Open311Server.calendar(dir.resolve("none.json")));
        assertFalse(missing.getMessage().contains("\n"), missing.getMessage());
    }

    @Test
    void aRequestWithCoordinatesGetsTheNearestWardAndItsDueTime() throws Rejection {
        ComplaintEvent e = requests.received(RequestFields.of(Map.of("service_code", "ha-tang-hu-hong", "lat", "10.772",
                "long", "106.7042", "description", "Ổ gà lớn")), "app", NOW);
        assertEquals("sai-gon", e.ward());
        assertEquals("construction-order", e.category());
        assertEquals(Instant.parse("2026-11-27T03:00:00Z"), e.dueTime());
        assertTrue(e.requestId().matches("1022-20261120-[A-Z2-9]{8}"), e.requestId());
    }

    @Test
    void farFromEveryRegistryPointTheWardStaysUnknown() throws Rejection {
        ComplaintEvent e = requests.received(RequestFields.of(Map.of("service_code", "khac", "lat", "10.40",
                "long", "106.95", "description", "Cần Giờ")), "app", NOW);
        assertEquals(null, e.ward());
    }

    @Test
    void refusalsCarryTheirReason() {
        assertEquals(RejectReason.MISSING_FIELD, assertThrows(Rejection.class, () -> requests.received(RequestFields.of(
                Map.of("service_code", "khac", "description", "no location")), "app", NOW)).reason());
        assertEquals(RejectReason.MISSING_FIELD, assertThrows(Rejection.class, () -> requests.received(RequestFields.of(
                Map.of("service_code", "khac", "lat", "10.8", "description", "lat without long")), "app", NOW)).reason());
        assertEquals(RejectReason.WRONG_TYPE, assertThrows(Rejection.class, () -> requests.received(RequestFields.of(
                Map.of("service_code", "khac", "lat", "north", "long", "106.7", "description", "d")), "app", NOW)).reason());
        assertEquals(RejectReason.OUT_OF_RANGE, assertThrows(Rejection.class, () -> requests.received(RequestFields.of(
                Map.of("service_code", "khac", "address_string", "a", "ward", "hoan-kiem", "description", "d")), "app", NOW)).reason());
        assertEquals(RejectReason.WRONG_TYPE, assertThrows(Rejection.class, () -> requests.received(RequestFields.of(
                Map.of("service_code", "khac", "address_string", "a", "media_url", "file:///etc/passwd", "description", "d")), "app", NOW)).reason());
        assertEquals(RejectReason.OUT_OF_RANGE, assertThrows(Rejection.class, () -> requests.lifecycle("1022-x",
                RequestFields.of(Map.of("type", "closed-forever")), Optional.empty(), "bo", NOW)).reason());
        assertEquals(RejectReason.MISSING_FIELD, assertThrows(Rejection.class, () -> requests.lifecycle("1022-x",
                RequestFields.of(Map.of("type", "assigned")), Optional.empty(), "bo", NOW)).reason());
        assertEquals(RejectReason.MISSING_FIELD, assertThrows(Rejection.class, () -> requests.dossier(RequestFields.of(
                Map.of("dossier_id", "HS-1", "procedure_code", "p", "ward", "tan-dinh", "agency", "a", "type", "submitted")),
                "bo", NOW)).reason(), "a submitted dossier needs its due time");
    }

    @Test
    void lifecycleTypesAreNormalised() throws Rejection {
        ComplaintEvent e = requests.lifecycle("1022-x", RequestFields.of(Map.of("type", "In-Progress")), Optional.empty(), "bo", NOW);
        assertEquals(ComplaintEvent.IN_PROGRESS, e.type());
        assertEquals("open", e.status());
    }

    @Test
    void deadLettersNeverKeepTheApiKey() {
        String form = new String(RequestFields.redacted("service_code=x&api_key=s3cret&description=d".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        assertEquals("service_code=x&api_key=REDACTED&description=d", form);
        String json = new String(RequestFields.redacted("{\"api_key\" : \"s3\\\"cret\",\"a\":1".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        assertFalse(json.contains("s3"), json);
    }

    @Test
    void anEncodedKeyNameIsRedactedToo() {
        assertEquals("service_code=x&api%5Fkey=REDACTED&api%5fkey=REDACTED&description=api_key",
                redacted("service_code=x&api%5Fkey=s3cret&api%5fkey=s3cret&description=api_key"));
        assertEquals("{\"api\\u005fkey\" : \"REDACTED\",\"description\":\"s3cret\"}",
                redacted("{\"api\\u005fkey\" : \"s3cret\",\"description\":\"s3cret\"}"), "a value elsewhere is not a key");
        assertEquals("{\"api_key\":\"REDACTED\",\"api_key\":\"REDACTED\",\"n\":1}",
                redacted("{\"api_key\":\"s3cret\",\"api_key\":42,\"n\":1}"));
        String truncated = redacted("{\"a\":1,\"api_key\":\"s3cr");
        assertFalse(truncated.contains("s3"), truncated);
        assertEquals("description=d", redacted("description=d"));
    }

    private static String redacted(String body) {
        return new String(RequestFields.redacted(body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void onlyFormAndJsonBodiesAreRead() throws Rejection {
        byte[] form = "service_code=khac".getBytes(StandardCharsets.UTF_8);
        for (String type : new String[] {"text/xml", "multipart/form-data; boundary=x", "text/plain", "application/jsonp"}) {
            assertEquals(RejectReason.UNSUPPORTED_MEDIA_TYPE, assertThrows(Rejection.class, () -> RequestFields.parse(type, form))
                    .reason(), type);
        }
        assertEquals("khac", RequestFields.parse("application/x-www-form-urlencoded; charset=UTF-8", form).get("service_code"));
        assertEquals("khac", RequestFields.parse(null, form).get("service_code"));
        byte[] json = "{\"service_code\":\"khac\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals("khac", RequestFields.parse("application/merge-patch+json", json).get("service_code"));
        assertEquals("khac", RequestFields.parse("", json).get("service_code"));
    }

    @Test
    void jsonWithTextAfterItOrAFieldTwiceIsMalformed() {
        for (String body : new String[] {"{\"service_code\":\"khac\"} {\"service_code\":\"rac-thai\"}",
                "{\"service_code\":\"khac\"} trailing", "{\"service_code\":\"khac\",\"service_code\":\"rac-thai\"}"}) {
            assertEquals(RejectReason.MALFORMED_JSON, assertThrows(Rejection.class,
                    () -> RequestFields.parse("application/json", body.getBytes(StandardCharsets.UTF_8))).reason(), body);
        }
    }

    @Test
    void backOfficeEventsDatedAheadOrDueBeforeTheyHappenAreOutOfRange() throws Rejection {
        Rejection ahead = assertThrows(Rejection.class, () -> requests.lifecycle("1022-x", RequestFields.of(Map.of("type",
                "resolved", "time", NOW.plusSeconds(3600).toString())), Optional.empty(), "bo", NOW));
        assertEquals(RejectReason.OUT_OF_RANGE, ahead.reason());
        assertTrue(ahead.detail().contains("ahead"), ahead.detail());
        assertEquals(NOW.plusSeconds(60), requests.lifecycle("1022-x", RequestFields.of(Map.of("type", "resolved", "time",
                NOW.plusSeconds(60).toString())), Optional.empty(), "bo", NOW).eventTime(), "a clock a minute ahead is fine");
        Map<String, String> dossier = Map.of("dossier_id", "HS-1", "procedure_code", "p", "ward", "tan-dinh", "agency", "a",
                "type", "submitted", "event_time", NOW.toString());
        assertEquals(RejectReason.OUT_OF_RANGE, assertThrows(Rejection.class, () -> requests.dossier(RequestFields.of(
                with(dossier, "event_time", NOW.plus(java.time.Duration.ofDays(2)).toString(), "due_time", NOW.plus(java.time.Duration.ofDays(9)).toString())),
                "bo", NOW)).reason());
        assertEquals(RejectReason.OUT_OF_RANGE, assertThrows(Rejection.class, () -> requests.dossier(RequestFields.of(
                with(dossier, "due_time", NOW.minusSeconds(86_400).toString())), "bo", NOW)).reason());
        assertEquals(NOW.plusSeconds(86_400), requests.dossier(RequestFields.of(with(dossier, "due_time",
                NOW.plusSeconds(86_400).toString())), "bo", NOW).dueTime());
        assertEquals("resolved", requests.dossier(RequestFields.of(with(dossier, "type", "resolved", "due_time",
                NOW.minusSeconds(86_400).toString())), "bo", NOW).type(), "resolved after its due time: late, not wrong");
    }

    private static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new java.util.HashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void keysFileProblemsAreOneLine(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        Files.writeString(keys, ApiKeys.hash("k") + " superuser someone\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ApiKeys.load(keys));
        assertTrue(e.getMessage().contains("line 1") && !e.getMessage().contains("\n"), e.getMessage());
        Files.writeString(keys, ApiKeys.hash("k") + " backoffice one-stop shop\n");
        assertEquals("one-stop shop", ApiKeys.load(keys).authenticate("k").orElseThrow().name());
        assertTrue(ApiKeys.load(keys).authenticate("other").isEmpty());
        ConfigException unset = assertThrows(ConfigException.class, () -> Open311Settings.from(IocConfig.of(Map.of())));
        assertTrue(unset.getMessage().contains("IOC_INGEST_OPEN311_KEYS_FILE"), unset.getMessage());
    }
}
