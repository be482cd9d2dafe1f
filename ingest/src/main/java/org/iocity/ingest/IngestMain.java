package org.iocity.ingest;

import java.util.concurrent.CountDownLatch;
import org.iocity.ingest.open311.Open311Server;
import org.iocity.model.ConfigException;
import org.iocity.model.IocConfig;
import org.iocity.model.KafkaClients;
import org.iocity.model.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the ingest gateway until the process is stopped. Bad configuration: one line, exit code 2. */
public final class IngestMain {
    private static final Logger LOG = LoggerFactory.getLogger(IngestMain.class);

    private IngestMain() {}

    public static void main(String[] args) throws InterruptedException {
        IngestGateway gateway;
        Open311Server open311;
        try {
            IocConfig config = IocConfig.load();
            KafkaClients.requireReachable(config);
            KafkaClients.ensureTopics(config, Topics.all());
            gateway = IngestGateway.start(config);
            open311 = Open311Server.start(config);
        } catch (ConfigException e) {
            LOG.error("ingest cannot start: {}", e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            open311.close();
            gateway.close();
            stopped.countDown();
        }, "ingest-shutdown"));
        stopped.await();
    }
}
