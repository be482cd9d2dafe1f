package org.iocity.system.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.iocity.ingest.IngestGateway;
import org.iocity.stack.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mosquitto restarted (stopped and started on the same port and data) mid-stream while it holds a backlog for the
 * gateway's persistent session: Kafka is stopped first, so a thousand acknowledged messages wait in Mosquitto when it
 * goes down. Its persistence keeps them; the cameras and the gateway reconnect by themselves; once Kafka is back every
 * (camera, seq) Mosquitto acknowledged is in the raw topic, and any extra copy (what was in flight when the broker
 * went down, sent again) is marked as a duplicate.
 */
@Timeout(300)
class MosquittoRestartIT {
    private static final Logger LOG = LoggerFactory.getLogger(MosquittoRestartIT.class);

    @Test
    void aRestartedBrokerKeepsTheGatewaysBacklogAndEveryoneReconnects() throws Exception {
        try (FaultScenario scenario = FaultScenario.start("mosquitto-restart");
             IngestGateway gateway = IngestGateway.start(scenario.config)) {
            String conf = Files.readString(scenario.stack.dir().resolve("mosquitto/mosquitto.conf"));
            assertTrue(conf.contains("persistence true"), "Mosquitto persists sessions and queued messages: " + conf);
            try (NumberedCameras cameras = scenario.cameras()) {
                cameras.start(FaultScenario.ROUNDS, FaultScenario.ROUND_EVERY);
                Await.until(FaultScenario.WAIT, "round 20 acknowledged", () -> cameras.acked() >= 20L * FaultScenario.CAMERAS);

                // a backlog for the gateway: Kafka away, so the gateway acknowledges nothing and Mosquitto queues
                scenario.stack.kafka().stop();
                Await.until(FaultScenario.WAIT, "a thousand messages queued for the gateway",
                        () -> cameras.acked() - gateway.metrics().forwardedCount() >= 1000);
                long queued = cameras.acked() - gateway.metrics().forwardedCount();
                long stoppedAt = System.nanoTime();
                scenario.stack.mosquitto().stop();
                scenario.stack.mosquitto().start();
                long downMs = (System.nanoTime() - stoppedAt) / 1_000_000;
                long up = System.nanoTime();
                Await.until(FaultScenario.WAIT, "cameras and gateway reconnected by themselves",
                        () -> cameras.connected() && gateway.mqttConnected());
                long reconnectMs = (System.nanoTime() - up) / 1_000_000;
                scenario.stack.kafka().start();

                cameras.awaitAcked(FaultScenario.ROUNDS, FaultScenario.WAIT);
                FaultScenario.RawTally raw = scenario.rawTally(cameras.ackedSequences());
                LOG.info("mosquitto-restart: {} messages sent, {} acknowledged; {} queued for the gateway when Mosquitto "
                                + "stopped, down {} ms, cameras and gateway reconnected {} ms after it was up; gateway duplicates {}; raw: {}",
                        cameras.published(), cameras.acked(), queued, downMs, reconnectMs,
                        gateway.metrics().duplicateCount(), raw);
                assertEquals(0, raw.missing(), "every acknowledged message in Kafka: " + raw);
                assertEquals(0, raw.unmarkedDuplicates(), "any extra copy is marked: " + raw);
                assertEquals((long) FaultScenario.ROUNDS * FaultScenario.CAMERAS, raw.distinct(), raw.toString());
            }
        }
    }
}
