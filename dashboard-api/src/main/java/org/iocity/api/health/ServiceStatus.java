package org.iocity.api.health;

import java.util.Map;

/** What {@code /health} reports about the background parts: the live state consumer and the history writer. */
public interface ServiceStatus {

    /** True while the live congestion consumer runs: the health check answers 200 then. */
    boolean liveRunning();

    Map<String, Object> live();

    Map<String, Object> historyWriter();

    /** A fixed status, for a server fed without Kafka (tests). */
    static ServiceStatus fixed(boolean liveRunning) {
        return new ServiceStatus() {
            @Override
            public boolean liveRunning() {
                return liveRunning;
            }

            @Override
            public Map<String, Object> live() {
                return Map.of("state", liveRunning ? "running" : "stopped");
            }

            @Override
            public Map<String, Object> historyWriter() {
                return Map.of("state", "none");
            }
        };
    }
}
