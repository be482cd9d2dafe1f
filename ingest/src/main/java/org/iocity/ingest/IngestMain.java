package org.iocity.ingest;

import java.util.concurrent.CountDownLatch;
import org.iocity.ingest.open311.Open311Server;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.TopicAdmin;
import org.iocity.model.kafka.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the ingest gateway until the process is stopped. Bad configuration: one line, exit code 2. */
public final class IngestMain {
    private static final Logger LOG = LoggerFactory.getLogger(IngestMain.class);

    private IngestMain() {}

    public static void main(String[] args) throws InterruptedException {
        IngestGateway gateway;
        IngestHttp http;
        Open311Server open311;
        try {
            IocConfig config = IocConfig.load();
            KafkaClients.requireReachable(config);
            TopicAdmin.requireTopics(config, Topics.all());
            gateway = IngestGateway.start(config);
            try {
                open311 = Open311Server.start(config, gateway.metrics());
            } catch (ConfigException e) {
                gateway.close();
                throw e;
            }
            try {
                // one HTTP stack: /health and /metrics on the intake's Vert.x instance, on their own port
                http = IngestHttp.start(config, gateway, open311.vertx(), open311.calendar());
            } catch (ConfigException e) {
                open311.close();
                gateway.close();
                throw e;
            }
        } catch (ConfigException e) {
            LOG.error("ingest cannot start: {}", e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.close();
            open311.close();
            gateway.close();
            stopped.countDown();
        }, "ingest-shutdown"));
        stopped.await();
    }
}
