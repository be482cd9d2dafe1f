package org.iocity.model.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** {@link IsoInstants} gives what the JDK gives: the same instants parsed, the same refusals, the same text written. */
class IsoInstantsPropertiesTest {

    /** Any instant at any offset, written the way the JDK writes it, reads back as that instant. */
    @Property(tries = 2000)
    void readsWhatTheJdkWrites(@ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) long epochSecond,
                               @ForAll("nanos") int nano,
                               @ForAll @IntRange(min = -18 * 3600, max = 18 * 3600) int offsetSeconds) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetSeconds / 60 * 60);
        String text = Instant.ofEpochSecond(epochSecond, nano).atOffset(offset).toString();
        assertEquals(OffsetDateTime.parse(text).toInstant(), IsoInstants.parseOffsetDateTime(text), text);
    }

    /** Texts near the common shape (a character changed, dropped or doubled) are accepted or refused as the JDK does. */
    @Property(tries = 3000)
    void acceptsAndRefusesAsTheJdk(@ForAll("nearlyIso") String text) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException refused) {
            assertThrows(DateTimeParseException.class, () -> IsoInstants.parseOffsetDateTime(text), text);
            return;
        }
        assertEquals(expected, IsoInstants.parseOffsetDateTime(text), text);
    }

    @Property(tries = 2000)
    void writesWhatInstantToStringWrites(@ForAll @LongRange(min = -100_000_000_000L, max = 400_000_000_000L) long epochSecond,
                                         @ForAll("nanos") int nano) {
        Instant t = Instant.ofEpochSecond(epochSecond, nano);
        assertEquals(t.toString(), IsoInstants.format(t));
        assertEquals(t.plusNanos(1).toString(), IsoInstants.format(t.plusNanos(1)), "the same second again");
    }

    @Example
    void invalidDatesAndTimesAreRefused() {
        for (String s : List.of("2026-02-29T08:00:00Z", "2026-11-31T08:00:00+07:00", "2026-11-23T24:00:00Z",
                "2026-11-23T08:60:00Z", "2026-11-23T08:00:60Z", "2026-11-23T08:00:00+19:00",
                "2026-11-23T08:00:00.1234567890Z", "2026-11-23T08:00:00", "2026-11-23 08:00:00Z")) {
            assertThrows(DateTimeParseException.class, () -> IsoInstants.parseOffsetDateTime(s), s);
        }
        assertEquals(Instant.parse("2028-02-29T01:00:00Z"), IsoInstants.parseOffsetDateTime("2028-02-29T08:00:00+07:00"));
    }

    @Provide
    Arbitrary<Integer> nanos() {
        return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(us -> us * 1000), Arbitraries.integers().between(0, 999_999_999));
    }

    @Provide
    Arbitrary<String> nearlyIso() {
        Arbitrary<String> valid = Arbitraries.of("2026-11-23T08:00:00+07:00", "2026-11-23T01:00:00Z", "2026-11-23T08:00:00.5-03:30",
                "2024-02-29T23:59:59.123456789Z", "2026-11-23T08:00+07:00", "2026-11-23t08:00:00z", "2026-11-23T08:00:00+0700",
                "2026-11-23T08:00:00+07", "2026-11-23T08:00:00+07:00:30", "2026-11-23T08:00:00-00:00", "0000-01-01T00:00:00Z");
        Arbitrary<Character> chars = Arbitraries.of('0', '1', '2', '3', '5', '9', '-', ':', '.', '+', 'T', 'Z', 'x', ' ');
        return Arbitraries.oneOf(valid, valid.flatMap(s -> Arbitraries.integers().between(0, s.length() - 1)
                .flatMap(i -> Arbitraries.integers().between(0, 2).flatMap(kind -> chars.map(c -> switch (kind) {
                    case 0 -> s.substring(0, i) + c + s.substring(i + 1);
                    case 1 -> s.substring(0, i) + s.substring(i + 1);
                    default -> s.substring(0, i) + s.charAt(i) + s.substring(i);
                })))));
    }
}
