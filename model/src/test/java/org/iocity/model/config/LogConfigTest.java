package org.iocity.model.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The services' log configuration (log4j2.xml) as every process reads it. */
class LogConfigTest {
    static final String FLINK_METRICS = "org.apache.flink.metrics.MetricGroup";

    @Test
    void flinksTwoKnownDuplicateGaugeWarningsAreDroppedAndAnyOtherCollisionStillShows() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        LoggerConfig config = ctx.getConfiguration().getLoggerConfig(FLINK_METRICS);
        assertEquals(FLINK_METRICS, config.getName(), "log4j2.xml has a logger of its own for Flink's metric groups");
        List<String> seen = new CopyOnWriteArrayList<>();
        AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                seen.add(event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        config.addAppender(capture, Level.ALL, null);
        ctx.updateLoggers();
        try {
            Logger log = LoggerFactory.getLogger(FLINK_METRICS);
            String scope = ". Metric will not be reported.[, taskmanager, tm-1, ioc-analytics, alerts-to-kafka: Writer, 0]";
            log.warn("Name collision: Group already contains a Metric with the name 'currentSendTime'" + scope);
            log.warn("Name collision: Group already contains a Metric with the name 'pendingCommittables'" + scope);
            log.warn("Name collision: Group already contains a Metric with the name 'numRecordsIn'" + scope);
            log.info("an info line below the logger's level");
            assertEquals(List.of("Name collision: Group already contains a Metric with the name 'numRecordsIn'" + scope), seen);
        } finally {
            config.removeAppender("capture");
            ctx.updateLoggers();
        }
    }
}
