package org.iocity.ingest.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.iocity.model.records.ComplaintEvent;
import org.iocity.model.records.Rejection;

/** Any body and any field values give an event or a {@link Rejection} with a reason; never another exception. */
class CitizenRequestsPropertiesTest {
    final CitizenRequests requests = new CitizenRequests(CitizenRequestsTest.CATALOG, CitizenRequestsTest.CALENDAR,
            CitizenRequestsTest.REGISTRY, 2000);

    interface Call {
        Object run() throws Rejection;
    }

    static void eventOrRejection(Call call) {
        try {
            assertNotNull(call.run());
        } catch (Rejection r) {
            assertNotNull(r.reason());
        }
    }

    @Property(tries = 400)
    void anyBodyIsEventOrRejection(@ForAll("contentTypes") String contentType, @ForAll("bodies") String body) {
        eventOrRejection(() -> {
            RequestFields f = RequestFields.parse(contentType, body.getBytes(StandardCharsets.UTF_8));
            eventOrRejection(() -> requests.received(f, "app", CitizenRequestsTest.NOW));
            eventOrRejection(() -> requests.lifecycle("1022-x", f, Optional.empty(), "bo", CitizenRequestsTest.NOW));
            return requests.dossier(f, "bo", CitizenRequestsTest.NOW);
        });
    }

    @Property(tries = 400)
    void anyFieldValueIsEventOrRejection(@ForAll("fields") String name, @ForAll("values") String value) {
        Map<String, String> base = new java.util.HashMap<>(Map.of("service_code", "ha-tang-hu-hong", "address_string", "Lê Lợi",
                "description", "Ổ gà", "type", "assigned", "agency", "a", "dossier_id", "HS-1", "procedure_code", "p",
                "ward", "tan-dinh", "due_time", "2026-11-30T09:00:00+07:00"));
        base.put(name, value);
        RequestFields f = RequestFields.of(base);
        eventOrRejection(() -> requests.received(f, "app", CitizenRequestsTest.NOW));
        eventOrRejection(() -> requests.lifecycle(value, f, Optional.empty(), "bo", CitizenRequestsTest.NOW));
        eventOrRejection(() -> requests.dossier(f, "bo", CitizenRequestsTest.NOW));
    }

    /** A valid complaint at any point of the city keeps its coordinates and description. */
    @Property(tries = 200)
    void validComplaintsKeepTheirValues(@ForAll @DoubleRange(min = CitizenRequests.MIN_LAT, max = CitizenRequests.MAX_LAT) double lat,
                                        @ForAll @DoubleRange(min = CitizenRequests.MIN_LON, max = CitizenRequests.MAX_LON) double lon,
                                        @ForAll @Size(min = 1, max = 200) String description) throws Rejection {
        net.jqwik.api.Assume.that(!description.isBlank());
        ComplaintEvent e = requests.received(RequestFields.of(Map.of("service_code", "ha-tang-hu-hong", "lat", Double.toString(lat),
                "long", Double.toString(lon), "description", description)), "app", CitizenRequestsTest.NOW);
        assertEquals(lat, e.lat());
        assertEquals(lon, e.lon());
        assertEquals(description.strip(), e.description());
    }

    /** Times far in the past or future (and epoch seconds given for milliseconds) are out of range. */
    @Property(tries = 200)
    void timesOutsideTheCenturyAreRefused(@ForAll("farTimes") String time, @ForAll("timeFields") String field) {
        Rejection r = org.junit.jupiter.api.Assertions.assertThrows(Rejection.class,
                () -> RequestFields.of(Map.of(field, time)).time(field));
        assertEquals(org.iocity.model.records.RejectReason.OUT_OF_RANGE, r.reason(), r.getMessage());
    }

    @Provide
    Arbitrary<String> timeFields() {
        return Arbitraries.of("time", "due_time", "event_time");
    }

    @Provide
    Arbitrary<String> farTimes() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-999_999_999, 1999).map(y -> java.time.OffsetDateTime.of(y, 6, 1, 0, 0, 0, 0, java.time.ZoneOffset.ofHours(7)).toString()),
                Arbitraries.integers().between(2100, 999_999_999).map(y -> java.time.OffsetDateTime.of(y, 6, 1, 0, 0, 0, 0, java.time.ZoneOffset.ofHours(7)).toString()),
                Arbitraries.longs().between(0, 946_684_799_999L).map(String::valueOf),
                Arbitraries.longs().between(4_102_444_800_000L, Long.MAX_VALUE).map(String::valueOf));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of(null, "", "application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data");
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("{}[]\":,=&%0a ").ofMaxLength(60),
                Arbitraries.of("{\"lat\":{\"x\":1}}", "{\"lat\":[1]}", "[" .repeat(3000), "lat=%ZZ", "lat=1e999&long=NaN",
                        "{\"service_code\":\"ha-tang-hu-hong\",\"description\":\"x\",\"lat\":10.77,\"long\":106.7,\"lat\":99}"));
    }

    @Provide
    Arbitrary<String> fields() {
        return Arbitraries.of("service_code", "description", "lat", "long", "address_string", "ward", "media_url", "email",
                "phone", "first_name", "type", "time", "due_time", "event_time", "dossier_id", "agency", "note");
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(120),
                Arbitraries.of("NaN", "Infinity", "-0", "1e308", "0x1p3", "99999999999999999999999", "-1",
                        "+999999999-12-31T23:59:59+18:00", "'; DROP TABLE complaints; --", "<script>alert(1)</script>",
                        "javascript:alert(1)", "http://", "http://[::1", "\u0000\u202e", "a".repeat(5000), "a@" + "b".repeat(250)),
                Arbitraries.longs().map(String::valueOf));
    }
}
