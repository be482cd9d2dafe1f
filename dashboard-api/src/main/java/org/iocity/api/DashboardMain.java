package org.iocity.api;

import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.TopicAdmin;
import org.iocity.model.kafka.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar target/ioc-dashboard-api.jar}: checks Kafka and its topics (a missing one stops it: {@code ./ioc topics} creates them), starts the API. A
 * configuration problem is one log line and exit status 2.
 */
public final class DashboardMain {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardMain.class);

    private DashboardMain() {}

    public static void main(String[] args) {
        DashboardApp app;
        String host;
        try {
            IocConfig config = IocConfig.load();
            host = DashboardApp.checkLocal(config).host();
            KafkaClients.requireReachable(config);
            TopicAdmin.requireTopics(config, Topics.all());
            app = DashboardApp.start(config);
        } catch (ConfigException e) {
            LOG.error("{}", e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "ioc-dashboard-shutdown"));
        String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port();
        LOG.info("dashboard-api ready at {} (wall: {}/wall?token=...)", base, base);
    }
}
