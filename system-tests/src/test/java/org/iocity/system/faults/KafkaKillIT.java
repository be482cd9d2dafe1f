package org.iocity.system.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.iocity.ingest.IngestGateway;
import org.iocity.parts.Await;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka broker killed with SIGKILL under load and started again on the same ports and data, while cameras publish
 * ({@link FaultScenario}: 400 messages/s) through Mosquitto and the gateway and the congestion job reads and writes
 * with transactions. Every (camera, seq) Mosquitto acknowledged is in the raw topic, no copy unmarked, and
 * {@code ioc.congestion} holds every window exactly once with the fault-free vehicles.
 */
@Timeout(300)
class KafkaKillIT {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaKillIT.class);

    @RegisterExtension
    static final MiniClusterExtension FLINK = FaultScenario.miniCluster();

    @Test
    void aBrokerKilledUnderLoadLosesNothingAcknowledgedAndTheResultsStayExactlyOnce() throws Exception {
        try (FaultScenario scenario = FaultScenario.start("kafka-kill");
             IngestGateway gateway = IngestGateway.start(scenario.config)) {
            scenario.startJob();
            // mid-stream, once windows are being written (the out-of-orderness is 48 rounds)
            try (NumberedCameras cameras = scenario.camerasPastRound(60)) {
                long pid = scenario.stack.kafka().pid();
                long forwardedAtKill = gateway.metrics().forwardedCount();
                long killedAt = System.nanoTime();
                scenario.stack.kafka().kill();
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the broker is gone");
                // devices go on publishing: Mosquitto holds what the gateway cannot forward
                Await.until(FaultScenario.WAIT, "ten rounds published while Kafka is down",
                        () -> cameras.acked() >= 70L * FaultScenario.CAMERAS);
                long backlog = cameras.acked() - forwardedAtKill;
                scenario.stack.kafka().start();
                long outageMs = (System.nanoTime() - killedAt) / 1_000_000;
                long back = System.nanoTime();
                long ackedAtReturn = cameras.acked();
                Await.until(FaultScenario.WAIT, "the gateway forwarded what Mosquitto held",
                        () -> gateway.metrics().forwardedCount() >= ackedAtReturn);
                long drainedMs = (System.nanoTime() - back) / 1_000_000;

                cameras.awaitAcked(FaultScenario.ROUNDS, FaultScenario.WAIT);
                FaultScenario.RawTally raw = scenario.rawTally(cameras.ackedSequences());
                LOG.info("kafka-kill: {} messages sent, {} acknowledged; broker down {} ms (kill to answering again), "
                                + "{} messages behind at the restart, gateway caught up {} ms after; raw: {}", cameras.published(),
                        cameras.acked(), outageMs, backlog, drainedMs, raw);
                assertEquals(0, raw.missing(), "every acknowledged message in Kafka: " + raw);
                assertEquals(0, raw.unmarkedDuplicates(), "any extra copy is marked: " + raw);
                assertTrue(gateway.mqttConnected());

                scenario.assertFaultFreeResults(cameras);
                LOG.info("kafka-kill: the job restarted {} times", FaultScenario.jobRestarts());
            }
        }
    }
}
