package org.iocity.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.DeadLetter;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Any topic and any bytes give a forwarded record or a dead letter with a reason and the raw bytes; never an exception. */
class MessageRouterPropertiesTest {
    final MessageRouter router = new MessageRouter(MessageRouter.allStreams(),
            Registry.load(Path.of("../config/registry.json")), 4096);

    @Property(tries = 500)
    void anyTopicAndBytesAreForwardedOrDeadLettered(@ForAll("topics") String topic, @ForAll @Size(max = 5000) byte[] payload) {
        check(topic, payload);
    }

    @Property(tries = 500)
    void mutatedGoodMessagesAreForwardedOrDeadLettered(@ForAll("topics") String topic,
                                                      @ForAll @IntRange(min = 0, max = 400) int at, @ForAll byte value) {
        byte[] b = MessageRouterTest.GOOD.getBytes(StandardCharsets.UTF_8);
        b[at % b.length] = value;
        check(topic, b);
    }

    /** Good messages on their own topic are forwarded with the device's values; on another device's topic refused. */
    @Property(tries = 100)
    void goodMessageIsForwardedOnlyOnItsOwnDevicesTopic(@ForAll("devices") String topicDevice) {
        byte[] good = MessageRouterTest.GOOD.getBytes(StandardCharsets.UTF_8);
        Decision d = router.route("ioc/v1/camera/" + topicDevice + "/counts", good, MessageRouterTest.NOW);
        if (topicDevice.equals("cam-0003")) {
            assertFalse(d.rejected());
            CameraObservation o = Json.fromBytes(d.value(), CameraObservation.class);
            assertEquals(12, o.intensity());
            assertEquals(7, o.seq());
        } else {
            assertTrue(d.rejected());
            assertEquals("DEVICE_MISMATCH", d.reason());
        }
    }

    void check(String topic, byte[] payload) {
        Decision d = router.route(topic, payload, MessageRouterTest.NOW);
        assertNotNull(d.kafkaTopic());
        assertNotNull(d.key());
        if (d.rejected()) {
            assertEquals(Topics.DEADLETTER, d.kafkaTopic());
            DeadLetter dl = Json.fromBytes(d.value(), DeadLetter.class);
            assertNotNull(dl.reason());
            assertEquals(dl.reason().name(), d.reason());
            assertArrayEquals(payload, dl.payload());
        } else {
            assertEquals(topic.split("/")[3], d.key());
        }
    }

    @Provide
    Arbitrary<String> devices() {
        return Arbitraries.of("cam-0003", "cam-0001", "cam-9999", "sig-0001", "", "cam-0003 ", "CAM-0003", "+", "#");
    }

    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.oneOf(
                Arbitraries.of("ioc/v1/camera/cam-0003/counts", "ioc/v1/signal/sig-0001/events", "ioc/v1/sensor/aq-0001/air",
                        "ioc/v1/sensor/wl-0001/water", "ioc/v1/sensor/ns-0001/noise", "ioc/v1/camera/cam-0003/status",
                        "ioc/v1/sensor/aq-0001/smell", "ioc/v1/camera/cam-0003", "ioc/v1/camera//counts", "ioc/v1",
                        "", "/", "ioc/v2/camera/cam-0003/counts", "ioc/v1/camera/cam-0003/counts/extra"),
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withChars("/abc-01").ofMaxLength(30).map(s -> "ioc/v1/" + s));
    }
}
