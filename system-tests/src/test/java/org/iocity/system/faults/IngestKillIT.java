package org.iocity.system.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.iocity.ingest.IngestGateway;
import org.iocity.parts.Await;
import org.iocity.parts.MosquittoBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of two ingest processes (the built jar, sharing the MQTT subscription) killed with SIGKILL mid-stream and
 * started again with the same client id, while the congestion job runs. Every (camera, seq) Mosquitto acknowledged is
 * in the raw topic; the only extra copies are of messages in flight to the killed instance (received before the kill,
 * at most Mosquitto's in-flight limit), sent again by Mosquitto; and the job, which drops repeated (device, seq), still
 * writes every window exactly once with the fault-free vehicles.
 */
@Timeout(300)
class IngestKillIT {
    private static final Logger LOG = LoggerFactory.getLogger(IngestKillIT.class);

    @RegisterExtension
    static final MiniClusterExtension FLINK = FaultScenario.miniCluster();

    @Test
    void aKilledInstanceLosesNothingAndItsRedeliveredCopiesDoNotChangeTheResults() throws Exception {
        try (FaultScenario scenario = FaultScenario.start("ingest-kill");
             IngestProcess a = IngestProcess.start(scenario, "ingest-kill-a");
             IngestProcess b = IngestProcess.start(scenario, "ingest-kill-b")) {
            scenario.startJob();
            try (NumberedCameras cameras = scenario.camerasPastRound(60)) {
                long pid = a.pid();
                long killed = System.nanoTime();
                a.kill();
                Instant killedAt = Instant.now(); // gone: SIGKILL takes effect a little after it is sent
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "instance a is gone");
                long startMs = a.start();
                long downMs = (System.nanoTime() - killed) / 1_000_000;

                cameras.awaitAcked(FaultScenario.ROUNDS, FaultScenario.WAIT);
                FaultScenario.RawTally raw = scenario.rawTally(cameras.ackedSequences());
                List<String> notRedeliveries = new ArrayList<>();
                raw.copies().forEach((key, copies) -> {
                    if (copies.size() > 1 && !(receivedAt(copies.get(0)).isBefore(killedAt)
                            && copies.subList(1, copies.size()).stream().allMatch(c -> receivedAt(c).isAfter(killedAt)))) {
                        notRedeliveries.add(key + " received at " + copies.stream().map(IngestKillIT::receivedAt).toList());
                    }
                });
                LOG.info("ingest-kill: {} messages sent, {} acknowledged; instance a killed, down {} ms (its restart took {} ms "
                        + "to subscribe); raw: {}", cameras.published(), cameras.acked(), downMs, startMs, raw);
                assertEquals(0, raw.missing(), "every acknowledged message in Kafka: " + raw);
                assertEquals(List.of(), notRedeliveries, "extra copies only of messages the killed instance had received");
                assertTrue(raw.duplicates() <= MosquittoBroker.DEFAULT_MAX_INFLIGHT,
                        "at most what Mosquitto had in flight to the killed connection: " + raw);

                scenario.assertFaultFreeResults(cameras);
                LOG.info("ingest-kill: the job restarted {} times", FaultScenario.jobRestarts());
            }
        }
    }

    static Instant receivedAt(ConsumerRecord<String, byte[]> r) {
        return Instant.parse(new String(r.headers().lastHeader(IngestGateway.HEADER_RECEIVED_AT).value(), StandardCharsets.UTF_8));
    }
}
