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
import org.iocity.model.ComplaintEvent;
import org.iocity.model.ConfigException;
import org.iocity.model.IocConfig;
import org.iocity.model.Registry;
import org.iocity.model.RejectReason;
import org.iocity.model.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The framework-free core of the intake, called directly. */
class CitizenRequestsTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final ServiceCatalog CATALOG = ServiceCatalog.load(ROOT.resolve("config/open311-services.json"));
    static final Registry REGISTRY = Registry.load(ROOT.resolve("config/registry.json"));
    final CitizenRequests requests = new CitizenRequests(CATALOG, REGISTRY, 2000);
    static final Instant NOW = Instant.parse("2026-11-20T03:00:00Z"); // Friday 10:00 in Ho Chi Minh City

    @Test
    void workingDaysSkipTheWeekendInTheCityZone() {
        assertEquals(Instant.parse("2026-11-23T03:00:00Z"), ServiceCatalog.addWorkingDays(NOW, 1), "Friday + 1 = Monday");
        assertEquals(Instant.parse("2026-11-27T03:00:00Z"), ServiceCatalog.addWorkingDays(NOW, 5));
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
