package org.iocity.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kit's device messages are the contract's JSON, fields in the order set, values as given. */
class DeviceMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void cameraCountsCarryTheEnvelopeAndTheCounts() throws Exception {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        String json = DeviceMessages.cameraCounts(7).ts(t.atOffset(ZoneOffset.ofHours(7))).vehicles("motorbike", 16, "car", 4).json();
        assertEquals("{\"v\":1,\"deviceId\":\"cam-0001\",\"seq\":7,\"ts\":\"2026-01-01T07:00+07:00\",\"segmentId\":\"seg-nguyen-hue-a\","
                + "\"intervalSec\":10,\"intensity\":20,\"byClass\":{\"motorbike\":16,\"car\":4},\"averageVehicleSpeed\":30.0,"
                + "\"occupancy\":0.1}", json);
    }

    @Test
    void signalEventsSensorReadingsAndStatusesAreValidJson() throws Exception {
        JsonNode sig = JSON.readTree(DeviceMessages.signalEvents("sig-0001", 3,
                List.of(DeviceMessages.event(1000L, 1, 2), DeviceMessages.event(2000L, 8, 2))).ts(3000L).bytes());
        assertEquals(2, sig.get("events").size());
        assertEquals(8, sig.get("events").get(1).get("code").asInt());
        assertEquals(3000L, sig.get("ts").asLong());
        JsonNode air = JSON.readTree(DeviceMessages.sensorReading("aq-0001", 1, "pm25", 41.5).json());
        assertEquals(41.5, air.get("pm25").asDouble());
        JsonNode status = JSON.readTree(DeviceMessages.status("cam-0002", 2, "online").with("firmware", "1.2.\"3\"").json());
        assertEquals("1.2.\"3\"", status.get("firmware").asText());
        assertEquals("online", status.get("state").asText());
    }
}
