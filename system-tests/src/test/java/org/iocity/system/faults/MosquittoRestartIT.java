package org.iocity.system.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.iocity.ingest.IngestGateway;
import org.iocity.parts.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mosquitto restarted (stopped and started on the same port and data, persistence on) mid-stream; the cameras and the
 * gateway reconnect by themselves. Mosquitto 2.0.11 restores a persistent session's plain subscriptions and queued
 * messages, but not its shared ({@code $share/...}) subscriptions: with one, what devices publish between the
 * restart and the gateway's new SUBSCRIBE matches no one and is dropped, though acknowledged to the device.
 */
@Timeout(300)
class MosquittoRestartIT {
    private static final Logger LOG = LoggerFactory.getLogger(MosquittoRestartIT.class);

    /**
     * A gateway on a plain subscription ({@code ingest.shared.group=none}), with a backlog in Mosquitto when it goes
     * down (Kafka stopped first, so a thousand acknowledged messages wait for the gateway): nothing acknowledged is
     * lost, and any extra copy (what was in flight when the broker went down, sent again) is marked as a duplicate.
     */
    @Test
    void aPlainSubscriptionKeepsItsBacklogAndLosesNothingAcrossARestart() throws Exception {
        try (FaultScenario scenario = FaultScenario.start("mosquitto-restart-plain", Map.of("ingest.shared.group", IngestGateway.PLAIN_SUBSCRIPTION));
             IngestGateway gateway = IngestGateway.start(scenario.config)) {
            String conf = Files.readString(scenario.stack.dir().resolve("mosquitto/mosquitto.conf"));
            assertTrue(conf.contains("persistence true"), "Mosquitto persists sessions and queued messages: " + conf);
            try (NumberedCameras cameras = scenario.camerasPastRound(20)) {

                // a backlog for the gateway: Kafka away, so the gateway acknowledges nothing and Mosquitto queues
                scenario.stack.kafka().stop();
                Await.until(FaultScenario.WAIT, "a thousand messages queued for the gateway",
                        () -> cameras.acked() - gateway.metrics().forwardedCount() >= 1000);
                long queued = cameras.acked() - gateway.metrics().forwardedCount();
                long stoppedAt = System.nanoTime();
                scenario.stack.mosquitto().stop();
                scenario.stack.mosquitto().start();
                long downMs = (System.nanoTime() - stoppedAt) / 1_000_000;
                Await.until(FaultScenario.WAIT, "the cameras reconnected by themselves", cameras::connected);
                scenario.stack.kafka().start();
                long up = System.nanoTime();
                Await.until(FaultScenario.WAIT, "the gateway reconnected by itself", gateway::mqttConnected);
                long gatewayMs = (System.nanoTime() - up) / 1_000_000;

                cameras.awaitAcked(FaultScenario.ROUNDS, FaultScenario.WAIT);
                FaultScenario.RawTally raw = scenario.rawTally(cameras.ackedSequences());
                LOG.info("mosquitto-restart-plain: {} messages sent, {} acknowledged; {} queued for the gateway when Mosquitto "
                                + "stopped, down {} ms; gateway connected {} ms after Kafka was back; {} publishes sent again for want "
                                + "of a PUBACK; gateway duplicates {}; raw: {}", cameras.published(), cameras.acked(), queued,
                        downMs, gatewayMs, cameras.resent(), gateway.metrics().duplicateCount(), raw);
                assertEquals(0, raw.missing(), "every acknowledged message in Kafka: " + raw);
                assertEquals(0, raw.unmarkedDuplicates(), "any extra copy is marked: " + raw);
                assertEquals((long) FaultScenario.ROUNDS * FaultScenario.CAMERAS, raw.distinct(), raw.toString());
            }
        }
    }

    /**
     * A gateway on the default shared subscription: after the restart nothing delivers to it until it subscribes
     * again. Every message acknowledged before the broker stopped or after the gateway subscribed again is in Kafka;
     * what is missing was acknowledged in between (the figures say how much).
     */
    @Test
    void aSharedSubscriptionLosesOnlyWhatDevicesPublishBeforeTheGatewaySubscribesAgain() throws Exception {
        try (FaultScenario scenario = FaultScenario.start("mosquitto-restart-shared");
             IngestGateway gateway = IngestGateway.start(scenario.config)) {
            try (NumberedCameras cameras = scenario.camerasPastRound(20)) {
                long stoppedAt = System.nanoTime();
                scenario.stack.mosquitto().stop();
                scenario.stack.mosquitto().start();
                long up = System.nanoTime();
                Await.until(FaultScenario.WAIT, "the gateway lost its connection", () -> !gateway.mqttSubscribed());
                Await.until(FaultScenario.WAIT, "the gateway subscribed again", gateway::mqttSubscribed);
                long subscribedAgain = System.nanoTime();

                cameras.awaitAcked(FaultScenario.ROUNDS, FaultScenario.WAIT);
                FaultScenario.RawTally raw = scenario.rawTally(cameras.ackedSequences(),
                        cameras.ackedOutside(stoppedAt, subscribedAgain));
                // a message lost in the gap was acknowledged after the broker stopped, and its last copy was sent
                // before the gateway subscribed again (its PUBACK may reach the camera later, on a busy machine)
                List<String> outsideTheGap = raw.missingKeys().stream().filter(k ->
                        cameras.ackedAt(k) < stoppedAt || cameras.lastSentAt(k) > subscribedAgain).toList();
                LOG.info("mosquitto-restart-shared: {} messages sent, {} acknowledged; Mosquitto down {} ms, the gateway "
                                + "subscribed again {} ms after it was up; {} acknowledged in that gap and lost; raw: {}",
                        cameras.published(), cameras.acked(), (up - stoppedAt) / 1_000_000, (subscribedAgain - up) / 1_000_000,
                        raw.missing(), raw);
                assertEquals(List.of(), outsideTheGap, "lost only between the restart and the gateway's new subscription");
                assertEquals(0, raw.unmarkedDuplicates(), "any extra copy is marked: " + raw);
            }
        }
    }
}
