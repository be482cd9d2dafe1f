package org.iocity.ingest.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.iocity.ingest.AgeLimits;
import org.iocity.ingest.Decision;
import org.iocity.ingest.MessageRouter;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.DeadLetter;
import org.iocity.model.records.Json;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;
import org.iocity.model.records.SignalEvent;
import org.iocity.model.records.SignalEventBatch;
import org.iocity.model.registry.Registry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real controller logs: vendor codes and params up to 65535 pass, a bad event is refused alone and its neighbours go
 * on, and the age limit (a setting per stream) is checked on every event. The gateway's clock is {@link #NOW}, passed in.
 */
class SignalEventsPerEventTest {
    static final Instant NOW = Instant.parse("2026-11-23T01:00:30Z");
    static final String TOPIC = "ioc/v1/signal/sig-0001/events";
    static Registry registry;

    @BeforeAll
    static void loadRegistry() {
        registry = Registry.load(Path.of("../config/registry.json"));
    }

    /** A batch of sig-0001 stamped {@code batchTs}; events as {ts (epoch ms), code, param} triples. */
    static byte[] batch(Instant batchTs, long[]... events) {
        StringBuilder sb = new StringBuilder("{\"v\":1,\"deviceId\":\"sig-0001\",\"seq\":7,\"ts\":" + batchTs.toEpochMilli() + ",\"events\":[");
        for (int i = 0; i < events.length; i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"ts\":").append(events[i][0]).append(",\"code\":").append(events[i][1]).append(",\"param\":").append(events[i][2]).append('}');
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static long[] ev(Instant ts, long code, long param) {
        return new long[] {ts.toEpochMilli(), code, param};
    }

    static MessageRouter router(AgeLimits ages) {
        return new MessageRouter(MessageRouter.allStreams(ages), registry, 1 << 20);
    }

    @Test
    void vendorCodesAndLargeParamsPassWholeAndAreListedForCounting() throws Rejection {
        Instant t = NOW.minusSeconds(10);
        byte[] json = batch(NOW, ev(t, 1, 2), ev(t.plusMillis(100), 301, 1000), ev(t.plusMillis(200), 400, 3),
                ev(t.plusMillis(300), 503, 65_535), ev(t.plusMillis(400), 82, 1000));
        SignalEvents.Read r = SignalEvents.read(json, "sig-0001", registry, 1 << 20, NOW, DeviceContract.MAX_AGE_SIGNAL);
        assertEquals(List.of(), r.refused());
        assertEquals(5, r.batch().events().size());
        assertEquals(new SignalEvent(t.plusMillis(100), 301, 1000), r.batch().events().get(1));
        assertEquals(List.of(301, 400, 503), r.vendorCodes());

        Decision d = router(AgeLimits.DEFAULTS).route(TOPIC, json, NOW);
        assertEquals(1, d.records().size());
        assertEquals(Topics.SIGNAL_EVENTS, d.kafkaTopic());
        assertEquals(List.of(301, 400, 503), d.vendorCodes());
        assertEquals(7, d.seq());
    }

    @Test
    void oneBadCodeIsDeadLetteredAloneWithItsIndexFieldAndRawEventAndTheOthersGoOn() {
        Instant t = NOW.minusSeconds(10);
        byte[] json = batch(NOW, ev(t, 1, 2), ev(t.plusMillis(100), 70_000, 1), ev(t.plusMillis(200), 8, 2));
        Decision d = router(AgeLimits.DEFAULTS).route(TOPIC, json, NOW);

        assertEquals(2, d.records().size());
        Decision.Out forwarded = d.records().get(0);
        assertEquals(Topics.SIGNAL_EVENTS, forwarded.kafkaTopic());
        SignalEventBatch b = Json.fromBytes(forwarded.value(), SignalEventBatch.class);
        assertEquals(List.of(new SignalEvent(t, 1, 2), new SignalEvent(t.plusMillis(200), 8, 2)), b.events());
        assertEquals(7, b.seq());
        assertEquals(7, d.seq());

        Decision.Out dead = d.deadLetters().get(0);
        assertEquals(1, d.deadLetters().size());
        assertEquals(Topics.DEADLETTER, dead.kafkaTopic());
        assertEquals("sig-0001", dead.key());
        DeadLetter dl = Json.fromBytes(dead.value(), DeadLetter.class);
        assertEquals(RejectReason.OUT_OF_RANGE, dl.reason());
        assertEquals("events[1].code = 70000 is outside 0..65535", dl.detail());
        assertEquals("{\"ts\":" + t.plusMillis(100).toEpochMilli() + ",\"code\":70000,\"param\":1}",
                new String(dl.payload(), StandardCharsets.UTF_8));
        assertEquals(TOPIC, dl.topic());
    }

    @Test
    void aBatchStampedNowCarryingAYearOldEventRefusesThatEventAlone() {
        Instant yearAgo = NOW.minus(Duration.ofDays(365));
        Instant t = NOW.minusSeconds(5);
        byte[] json = batch(NOW, ev(yearAgo, 1, 2), ev(t, 1, 4), ev(t.plusMillis(10), 8, 4));
        Decision d = router(AgeLimits.DEFAULTS).route(TOPIC, json, NOW);

        SignalEventBatch b = Json.fromBytes(d.records().get(0).value(), SignalEventBatch.class);
        assertEquals(List.of(new SignalEvent(t, 1, 4), new SignalEvent(t.plusMillis(10), 8, 4)), b.events());
        DeadLetter dl = Json.fromBytes(d.deadLetters().get(0).value(), DeadLetter.class);
        assertEquals(RejectReason.OUT_OF_RANGE, dl.reason());
        assertTrue(dl.detail().startsWith("events[0].ts " + yearAgo + " is more than 30 days old"), dl.detail());
    }

    @Test
    void aTwoWeekOldControllerLogIsNormalInputButAnOldCameraReadingIsNot() {
        Instant twoWeeks = NOW.minus(Duration.ofDays(14));
        Decision signal = router(AgeLimits.DEFAULTS).route(TOPIC, batch(twoWeeks, ev(twoWeeks.minusSeconds(9), 1, 2),
                ev(twoWeeks, 8, 2)), NOW);
        assertEquals(List.of(), signal.deadLetters());
        assertEquals(2, Json.fromBytes(signal.value(), SignalEventBatch.class).events().size());

        // the same log under a one-day signal limit: the batch ts is refused, so the whole message
        Decision strict = router(new AgeLimits(Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(1)))
                .route(TOPIC, batch(twoWeeks, ev(twoWeeks, 1, 2)), NOW);
        assertTrue(strict.rejected());
        assertTrue(Json.fromBytes(strict.value(), DeadLetter.class).detail().contains("more than 1 days old"));
    }

    @Test
    void eventsOutOfOrderAreRefusedAloneAgainstTheLastAcceptedEvent() {
        Instant t = NOW.minusSeconds(10);
        byte[] json = batch(NOW, ev(t, 1, 2), ev(t.minusSeconds(1), 8, 2), ev(t.plusSeconds(1), 8, 2));
        Decision d = router(AgeLimits.DEFAULTS).route(TOPIC, json, NOW);
        assertEquals(2, Json.fromBytes(d.value(), SignalEventBatch.class).events().size());
        DeadLetter dl = Json.fromBytes(d.deadLetters().get(0).value(), DeadLetter.class);
        assertEquals(RejectReason.OUT_OF_ORDER, dl.reason());
        assertTrue(dl.detail().startsWith("events[1].ts"), dl.detail());
    }

    @Test
    void aBatchWhoseEveryEventIsBadIsRefusedWholeWithItsRawBytes() {
        Instant t = NOW.minusSeconds(10);
        byte[] json = batch(NOW, ev(t, 70_000, 1), ev(t, 1, 70_000));
        Decision d = router(AgeLimits.DEFAULTS).route(TOPIC, json, NOW);
        assertTrue(d.rejected());
        assertEquals(1, d.records().size());
        DeadLetter dl = Json.fromBytes(d.value(), DeadLetter.class);
        assertEquals("every event of the batch was refused (2), the first: events[0].code = 70000 is outside 0..65535", dl.detail());
        assertEquals(new String(json, StandardCharsets.UTF_8), new String(dl.payload(), StandardCharsets.UTF_8));
    }

    @Test
    void strictParseStillRefusesOnTheFirstBadEvent() {
        Instant t = NOW.minusSeconds(10);
        Rejection r = assertThrows(Rejection.class, () -> SignalEvents.parse(batch(NOW, ev(t, 1, 1), ev(t, 65_536, 1)),
                "sig-0001", registry, 1 << 20, NOW));
        assertEquals("events[1].code = 65536 is outside 0..65535", r.detail());
    }

    @Test
    void ageLimitsAreReadPerStreamAndABadValueIsAOneLineConfigError() {
        AgeLimits defaults = AgeLimits.from(IocConfig.of(Map.of()));
        assertEquals(new AgeLimits(Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(30)), defaults);
        AgeLimits set = AgeLimits.from(IocConfig.of(Map.of("ingest.max.age.signal", "90d", "ingest.max.age.camera", "12h")));
        assertEquals(new AgeLimits(Duration.ofHours(12), Duration.ofDays(7), Duration.ofDays(90)), set);

        ConfigException bad = assertThrows(ConfigException.class,
                () -> AgeLimits.from(IocConfig.of(Map.of("ingest.max.age.signal", "a month"))));
        assertTrue(bad.getMessage().contains("ingest.max.age.signal"), bad.getMessage());
        assertEquals(1, bad.getMessage().lines().count());
        ConfigException zero = assertThrows(ConfigException.class,
                () -> AgeLimits.from(IocConfig.of(Map.of("ingest.max.age.sensor", "0s"))));
        assertTrue(zero.getMessage().startsWith("ingest.max.age.sensor=0s"), zero.getMessage());
        assertEquals(1, zero.getMessage().lines().count());
    }
}
