package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.iocity.api.history.HistoryMeasure;
import org.iocity.api.history.HistoryQuery;
import org.iocity.api.live.LiveProtocol;
import org.iocity.api.views.CongestionFilter;
import org.iocity.api.web.Problem;
import org.iocity.model.registry.Registry;

/** The dashboard's query parsing: any values give a query or a 4xx {@link Problem}, never another exception. */
class QueryParsingPropertiesTest {
    static final Registry REGISTRY = TestData.registry();

    @Property(tries = 500)
    void anyHistoryParametersAreAQueryOrA4xx(@ForAll HistoryMeasure measure, @ForAll("entities") String entity, @ForAll("times") String from,
                                              @ForAll("times") String to, @ForAll("steps") String step) {
        try {
            HistoryQuery q = HistoryQuery.parse(measure, entity, from, to, step, REGISTRY, 10_000);
            assertTrue(q.from().isBefore(q.to()));
            assertTrue(Duration.between(q.from(), q.to()).compareTo(HistoryQuery.MAX_RANGE) <= 0);
            assertTrue(HistoryQuery.buckets(Duration.between(q.from(), q.to()), q.step()) <= 10_000 || step == null || step.isBlank());
        } catch (Problem p) {
            assertTrue(p.status() == 400 || p.status() == 404, p.getMessage());
        }
    }

    /** A valid range and step keep their values. */
    @Property(tries = 300)
    void validHistoryQueriesKeepTheirValues(@ForAll @LongRange(min = 946_684_800L, max = 4_000_000_000L) long fromSec,
                                             @ForAll @LongRange(min = 1, max = 31 * 86_400L) long rangeSec,
                                             @ForAll @IntRange(min = -12, max = 14) int offsetHours,
                                             @ForAll @IntRange(min = 1, max = 1000) int stepMinutes) {
        Instant from = Instant.ofEpochSecond(fromSec);
        Instant to = from.plusSeconds(rangeSec);
        ZoneOffset off = ZoneOffset.ofHours(offsetHours);
        long buckets = HistoryQuery.buckets(Duration.ofSeconds(rangeSec), Duration.ofMinutes(stepMinutes));
        String f = from.atOffset(off).toString(), t = to.atOffset(off).toString(), s = stepMinutes + "m";
        if (buckets > 10_000) {
            assertEquals(400, assertThrows(Problem.class, () -> HistoryQuery.parse(HistoryMeasure.CONGESTION, "seg-le-loi-a", f, t, s, REGISTRY, 10_000)).status());
            return;
        }
        HistoryQuery q = HistoryQuery.parse(HistoryMeasure.CONGESTION, "seg-le-loi-a", f, t, s, REGISTRY, 10_000);
        assertEquals(from, q.from());
        assertEquals(to, q.to());
        assertEquals(Duration.ofMinutes(stepMinutes), q.step());
    }

    /** Times the history store cannot hold (InfluxDB: 1677..2262) are a 400, not a failed query upstream. */
    @Property(tries = 200)
    void timesFarInThePastOrFutureAreA400(@ForAll("farYears") int year) {
        String from = OffsetDateTime.of(year, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toString();
        String to = OffsetDateTime.of(year, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC).toString();
        assertEquals(400, assertThrows(Problem.class, () -> HistoryQuery.parse(HistoryMeasure.CONGESTION, "seg-le-loi-a", from, to, "1h", REGISTRY, 10_000)).status());
    }

    @Property(tries = 300)
    void anyCongestionFilterIsAFilterOrA400(@ForAll("lists") List<String> wards, @ForAll("lists") List<String> los) {
        try {
            assertNotNull(CongestionFilter.parse(wards, los, REGISTRY));
        } catch (Problem p) {
            assertEquals(400, p.status(), p.getMessage());
        }
    }

    @Property(tries = 300)
    void anyLiveMessageIsARequestOrAnError(@ForAll("liveMessages") String text) {
        LiveProtocol.Request r = LiveProtocol.parse(text);
        assertNotNull(r.type());
        if ("error".equals(r.type())) assertNotNull(r.error());
    }

    @Provide
    Arbitrary<Integer> farYears() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-999_999_998, 1999), Arbitraries.integers().between(2100, 999_999_998));
    }

    @Provide
    Arbitrary<String> entities() {
        return Arbitraries.oneOf(Arbitraries.of(null, "", " ", "seg-le-loi-a", " seg-le-loi-a ", "seg-nguyen-hue-a",
                "seg-le-loi-a' OR 1=1 --", "seg-le-loi-a\"; DROP MEASUREMENT congestion", "<script>"), Arbitraries.strings().ofMaxLength(60));
    }

    @Provide
    Arbitrary<String> times() {
        return Arbitraries.oneOf(Arbitraries.of(null, "", "2025-07-01T08:00:00+07:00", "2025-07-01T09:00:00 07:00",
                        "2025-07-01T02:00:00Z", "2025-08-15T00:00:00Z", "2025-07-01T08:00:00", "now", "1751331600000",
                        "+999999999-12-31T23:59:59-18:00", "-999999999-01-01T00:00:00+18:00", "2025-02-30T00:00:00Z"),
                Arbitraries.strings().withChars("0123456789-:T+Z. ").ofMaxLength(30),
                Arbitraries.longs().between(-40_000_000_000L, 40_000_000_000L).map(s -> Instant.ofEpochSecond(s).toString()));
    }

    @Provide
    Arbitrary<String> steps() {
        return Arbitraries.oneOf(Arbitraries.of(null, "", "1s", "5m", "1h", "1d", "999999d", "0m", "-5m", "5x", "5 m", "1e3s",
                "99999999999999999999m"), Arbitraries.strings().withChars("0123456789smhd-").ofMaxLength(12));
    }

    @Provide
    Arbitrary<List<String>> lists() {
        return Arbitraries.oneOf(Arbitraries.of("", "ben-thanh", "sai-gon", "a,b", "A,b,F", "G", ",", "ı", "ß", "Ａ", "a, c ,E"),
                Arbitraries.strings().ofMaxLength(20)).list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> liveMessages() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(100),
                Arbitraries.of("{\"type\":\"subscribe\",\"channels\":[\"congestion\"]}", "{\"type\":\"subscribe\",\"channels\":[1]}",
                        "{\"type\":\"subscribe\",\"channels\":\"congestion\"}", "{\"type\":null}", "[]", "null", "",
                        "{\"type\":\"subscribe\",\"channels\":[" + "[".repeat(3000) + "]".repeat(3000) + "]}"));
    }
}
