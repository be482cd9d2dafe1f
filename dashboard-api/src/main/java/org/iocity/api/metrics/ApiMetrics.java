package org.iocity.api.metrics;

import java.util.function.Supplier;

/**
 * What the dashboard API counts. {@link #NOOP} for tests and embedders that do not care; {@link MicrometerMetrics}
 * for {@code /metrics}. Every method is cheap and callable from any thread.
 */
public interface ApiMetrics {
    void httpRequest(String method, String route, int status);

    /** A gauge of connected live clients per transport ({@code websocket}, {@code sse}). */
    void liveClients(String transport, Supplier<Number> count);

    void messagesPushed(String transport, int n);

    void updatesCoalesced(String transport, int n);

    void clientClosedTooSlow(String transport);

    /** Gauges read from the consumers' own counters (the live consumer's applied records, the writer's points). */
    void consumerCounters(Supplier<Number> recordsApplied, Supplier<Number> pointsWritten, Supplier<Number> writesFailed);

    /** A plan sent (outcome {@code published}) or not ({@code mqtt-unavailable}, …). */
    void signalPlan(String outcome);

    /** The Prometheus text exposition, or null when metrics are off. */
    default String scrape() {
        return null;
    }

    ApiMetrics NOOP = new ApiMetrics() {
        @Override public void httpRequest(String method, String route, int status) {}
        @Override public void liveClients(String transport, Supplier<Number> count) {}
        @Override public void messagesPushed(String transport, int n) {}
        @Override public void updatesCoalesced(String transport, int n) {}
        @Override public void clientClosedTooSlow(String transport) {}
        @Override public void consumerCounters(Supplier<Number> a, Supplier<Number> w, Supplier<Number> f) {}
        @Override public void signalPlan(String outcome) {}
    };
}
