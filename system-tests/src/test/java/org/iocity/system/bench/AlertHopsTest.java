package org.iocity.system.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.Alert;
import org.iocity.model.records.Json;
import org.junit.jupiter.api.Test;

/** How the bench matches a probe event's records and frame, and splits its latency into hops. */
class AlertHopsTest {
    private static final long T0 = 1_764_640_000_000L;
    private final AlertHops hops = new AlertHops(new AlertProbes(2, 1));

    private static ConsumerRecord<String, byte[]> record(String topic, long createTime) {
        return new ConsumerRecord<>(topic, 0, 0L, createTime, TimestampType.CREATE_TIME, 0, 0, "k", new byte[0],
                new RecordHeaders(), Optional.empty());
    }

    private static String iso(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }

    private static JsonNode reading(String device, long ts, long receivedAt) {
        return Json.mapper().createObjectNode().put("deviceId", device).put("eventTime", iso(ts))
                .put("receivedAt", iso(receivedAt)).put("kind", "water");
    }

    private static JsonNode alert(String entity, String state, long at) {
        return Json.mapper().createObjectNode().put("kind", Alert.FLOOD).put("entity", entity).put("state", state)
                .put("at", iso(at));
    }

    private static JsonNode frame(String entity, boolean open, long time) {
        ObjectNode v = Json.mapper().createObjectNode().put("kind", Alert.FLOOD).put("entity", entity)
                .put("status", open ? "open" : "cleared");
        return open ? v.put("since", iso(time)) : v.put("since", iso(time - 1500)).put("clearedAt", iso(time));
    }

    /** The reading at t, read by ingest +2, produced +3, read by the bench +10; its alert +20, committed +21, framed +25. */
    private void event(String device, boolean raise, long t) {
        hops.onUncommitted(record(Topics.ENV_READINGS, t + 3), reading(device, t, t + 2), t + 10);
        JsonNode a = alert(device, raise ? Alert.RAISED : Alert.CLEARED, t);
        hops.onUncommitted(record(Topics.ALERTS, t), a, t + 20);
        hops.onCommitted(record(Topics.ALERTS, t), a, t + 21);
        hops.frame(frame(device, raise, t), t + 25);
    }

    @Test
    void aProbeEventIsTimedAtEveryHopByItsDeviceAndEventTime() {
        hops.measure(true);
        event("probe-wl-01", true, T0);
        event("probe-wl-02", true, T0 + 40);
        event("probe-wl-01", false, T0 + 1500);
        List<String> report = hops.report();
        assertTrue(report.get(0).contains("3 of 3 framed events seen at every hop"), report.get(0));
        assertEquals("  flood alert raised   n=2    | mqtt 2 / 2 / 2 | ingest 1 / 1 / 1 | raw kafka 7 / 7 / 7 | flink 10 / 10 / 10"
                + " | commit 1 / 1 / 1 | dashboard 4 / 4 / 4 | total 25 / 25 / 25", report.get(1));
        assertTrue(report.get(2).startsWith("  flood alert cleared  n=1 "), report.get(2));
        assertTrue(report.get(4).endsWith("25 = 2 + 1 + 7 + 10 + 1 + 4"), report.get(4));
    }

    @Test
    void aFrameWhoseRecordsWereNotAllSeenIsCountedButNotTimed() {
        hops.measure(true);
        hops.frame(frame("probe-wl-01", true, T0), T0 + 25);
        hops.onUncommitted(record(Topics.ENV_READINGS, T0 + 3), reading("probe-wl-02", T0, T0 + 2), T0 + 10);
        hops.frame(frame("probe-wl-02", true, T0), T0 + 25); // no alert record seen
        assertTrue(hops.report().get(0).contains("0 of 2 framed events"), hops.report().get(0));
    }

    @Test
    void framesOutsideTheMeasuredWindowAndOtherDevicesAreLeftOut() {
        event("probe-wl-01", true, T0); // not measuring yet
        hops.measure(true);
        event("wl-0001", true, T0 + 100); // a sensor of the city, not a probe
        hops.measure(false);
        event("probe-wl-02", true, T0 + 200);
        assertTrue(hops.report().get(0).contains("0 of 0 framed events"), hops.report().get(0));
    }
}
