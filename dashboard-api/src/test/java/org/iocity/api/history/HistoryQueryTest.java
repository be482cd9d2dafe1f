package org.iocity.api.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.iocity.api.TestData;
import org.iocity.api.web.Problem;
import org.iocity.model.registry.Registry;
import org.junit.jupiter.api.Test;

class HistoryQueryTest {
    private final Registry registry = TestData.registry();

    private HistoryQuery parse(String entity, String from, String to, String step) {
        return HistoryQuery.parse(HistoryMeasure.CONGESTION, entity, from, to, step, registry, 10_000);
    }

    private int status(String entity, String from, String to, String step) {
        return assertThrows(Problem.class, () -> parse(entity, from, to, step)).status();
    }

    @Test
    void parsesOffsetsAndSteps() {
        HistoryQuery q = parse("seg-le-loi-a", "2025-07-01T08:00:00+07:00", "2025-07-01T02:00:00Z", "5m");
        assertEquals("seg-le-loi-a", q.entity());
        assertEquals(Instant.parse("2025-07-01T01:00:00Z"), q.from());
        assertEquals(Instant.parse("2025-07-01T02:00:00Z"), q.to());
        assertEquals(Duration.ofMinutes(5), q.step());
        assertEquals("300s", q.influxStep());
        assertEquals("5m", q.stepText());
        assertEquals("1h", parse("seg-le-loi-a", "2025-07-01T00:00:00Z", "2025-07-02T00:00:00Z", "60m").stepText());
        assertEquals(Duration.ofSeconds(30), parse("seg-le-loi-a", "2025-07-01T00:00:00Z", "2025-07-01T01:00:00Z", "30s").step());
        assertEquals(Duration.ofDays(1), parse("seg-le-loi-a", "2025-07-01T00:00:00Z", "2025-07-20T00:00:00Z", "1d").step());
    }

    @Test
    void aPlusTurnedIntoASpaceByTheQueryStringStillParses() {
        HistoryQuery q = parse("seg-le-loi-a", "2025-07-01T08:00:00 07:00", "2025-07-01T09:00:00 07:00", "1m");
        assertEquals(Instant.parse("2025-07-01T01:00:00Z"), q.from());
    }

    @Test
    void stepDefaultsToTheSmallestThatFits() {
        assertEquals(Duration.ofMinutes(1), parse("seg-le-loi-a", "2025-07-01T00:00:00Z", "2025-07-02T00:00:00Z", null).step());
        assertEquals(Duration.ofMinutes(5), parse("seg-le-loi-a", "2025-07-01T00:00:00Z", "2025-07-31T00:00:00Z", "").step());
    }

    @Test
    void badValuesAre400AndAnUnknownSegment404() {
        String from = "2025-07-01T00:00:00Z";
        String to = "2025-07-01T01:00:00Z";
        assertEquals(400, status(null, from, to, "1m"));
        assertEquals(400, status(" ", from, to, "1m"));
        assertEquals(404, status("seg-nowhere", from, to, "1m"));
        assertEquals(400, status("seg-le-loi-a", null, to, "1m"));
        assertEquals(400, status("seg-le-loi-a", "yesterday", to, "1m"));
        assertEquals(400, status("seg-le-loi-a", "2025-07-01T00:00:00", to, "1m"), "an offset is required");
        assertEquals(400, status("seg-le-loi-a", "2025-13-01T00:00:00Z", to, "1m"));
        assertEquals(400, status("seg-le-loi-a", to, from, "1m"), "from after to");
        assertEquals(400, status("seg-le-loi-a", from, from, "1m"), "from equal to");
        assertEquals(400, status("seg-le-loi-a", "2025-07-01T00:00:00Z", "2025-08-01T00:00:01Z", "1d"), "over 31 days");
        for (String step : new String[] {"0m", "5", "m", "5min", "1w", "-1m", "5m) ; DROP", "1.5h", "9999999s"}) {
            assertEquals(400, status("seg-le-loi-a", from, to, step), step);
        }
        Problem tooMany = assertThrows(Problem.class,
                () -> parse("seg-le-loi-a", "2025-07-01T00:00:00Z", "2025-07-31T00:00:00Z", "1s"));
        assertTrue(tooMany.detail().contains("larger step"), tooMany.detail());
    }

    @Test
    void exactly31DaysIsAllowed() {
        assertEquals(Duration.ofHours(1),
                parse("seg-le-loi-a", "2025-07-01T00:00:00Z", "2025-08-01T00:00:00Z", "1h").step());
    }

    @Test
    void otherMeasuresTakeAnyEntityAndTheQueryBindsIt() {
        HistoryQuery q = HistoryQuery.parse(HistoryMeasure.SIGNAL_PERFORMANCE, "int-le-loi-pasteur",
                "2025-07-01T00:00:00Z", "2025-07-01T06:00:00Z", "15m", registry, 10_000);
        String raw = InfluxHistory.select(q, InfluxHistory.RAW);
        assertEquals("SELECT mean(\"cycles\") AS \"cycles\"", raw.substring(0, raw.indexOf(',')));
        assertTrue(raw.contains(" FROM \"raw\".\"signal_performance\" WHERE \"intersection\" = $entity AND time >= $from"
                + " AND time < $to GROUP BY time(900s), \"phase\" fill(none)"), raw);
        assertTrue(InfluxHistory.select(parse("seg-le-loi-a", "2025-07-01T00:00:00Z", "2025-07-01T01:00:00Z", "1m"),
                InfluxHistory.LONG).contains("last(\"los\") AS \"los\" FROM \"long\".\"congestion\" WHERE \"segment\" = $entity"));
        assertEquals(400, assertThrows(Problem.class, () -> HistoryQuery.parse(HistoryMeasure.KPI, "x".repeat(129),
                "2025-07-01T00:00:00Z", "2025-07-01T01:00:00Z", "1m", registry, 10_000)).status());
        assertEquals(400, assertThrows(Problem.class, () -> HistoryQuery.parse(HistoryMeasure.KPI, "",
                "2025-07-01T00:00:00Z", "2025-07-01T01:00:00Z", "1m", registry, 10_000)).status());
    }

    @Test
    void theLongPolicyIsReadForOldRangesAndCoarseStepsOverFinishedBuckets() {
        Instant now = Instant.parse("2025-07-20T00:00:00Z");
        Duration raw = Duration.ofDays(14);
        HistoryQuery recentFine = parse("seg-le-loi-a", "2025-07-19T00:00:00Z", "2025-07-20T00:00:00Z", "1m");
        HistoryQuery recentCoarse = parse("seg-le-loi-a", "2025-07-19T00:00:00Z", "2025-07-20T00:00:00Z", "5m");
        HistoryQuery pastCoarse = parse("seg-le-loi-a", "2025-07-18T00:00:00Z", "2025-07-19T00:00:00Z", "5m");
        HistoryQuery old = parse("seg-le-loi-a", "2025-07-01T00:00:00Z", "2025-07-02T00:00:00Z", "1m");
        assertTrue(!recentFine.readsLong(now, raw));
        assertTrue(!recentCoarse.readsLong(now, raw), "the newest buckets are not downsampled yet");
        assertTrue(pastCoarse.readsLong(now, raw));
        assertTrue(old.readsLong(now, raw), "raw no longer holds the start");
    }
}
