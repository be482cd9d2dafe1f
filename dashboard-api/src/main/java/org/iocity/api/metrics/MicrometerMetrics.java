package org.iocity.api.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** {@link ApiMetrics} on a Micrometer Prometheus registry; the meter names are in {@link MeterNames}. */
public final class MicrometerMetrics implements ApiMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Per-transport counters on the push path, looked up once (1,000 clients × 10 updates/s must not hit the registry). */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    MeterRegistry registry() {
        return registry;
    }

    @Override
    public void httpRequest(String method, String route, int status) {
        Counter.builder(MeterNames.HTTP_REQUESTS)
                .description("HTTP requests by route template, method and status")
                .tag(MeterNames.TAG_METHOD, method)
                .tag(MeterNames.TAG_ROUTE, route)
                .tag(MeterNames.TAG_STATUS, String.valueOf(status))
                .register(registry).increment();
    }

    @Override
    public void liveClients(String transport, Supplier<Number> count) {
        Gauge.builder(MeterNames.LIVE_CLIENTS, count).description("connected live clients")
                .tag(MeterNames.TAG_TRANSPORT, transport).register(registry);
    }

    @Override
    public void messagesPushed(String transport, int n) {
        transportCounter(MeterNames.LIVE_MESSAGES_PUSHED, "live messages written to clients", transport).increment(n);
    }

    @Override
    public void updatesCoalesced(String transport, int n) {
        transportCounter(MeterNames.LIVE_UPDATES_COALESCED,
                "updates replaced by a newer one before a slow client got them", transport).increment(n);
    }

    private Counter transportCounter(String name, String description, String transport) {
        return counters.computeIfAbsent(name + "/" + transport, k -> Counter.builder(name).description(description)
                .tag(MeterNames.TAG_TRANSPORT, transport).register(registry));
    }

    @Override
    public void clientClosedTooSlow(String transport) {
        Counter.builder(MeterNames.LIVE_CLIENTS_CLOSED_SLOW).description("live clients closed for being too slow")
                .tag(MeterNames.TAG_TRANSPORT, transport).register(registry).increment();
    }

    @Override
    public void consumerCounters(Supplier<Number> recordsApplied, Supplier<Number> pointsWritten,
                                 Supplier<Number> writesFailed) {
        FunctionCounter.builder(MeterNames.LIVE_RECORDS_APPLIED, recordsApplied, s -> s.get().doubleValue())
                .description("congestion records applied to the live state").register(registry);
        FunctionCounter.builder(MeterNames.HISTORY_POINTS_WRITTEN, pointsWritten, s -> s.get().doubleValue())
                .description("points the history writer wrote to InfluxDB").register(registry);
        FunctionCounter.builder(MeterNames.HISTORY_WRITES_FAILED, writesFailed, s -> s.get().doubleValue())
                .description("failed InfluxDB write attempts").register(registry);
    }

    @Override
    public void signalPlan(String outcome) {
        Counter.builder(MeterNames.SIGNAL_PLANS).description("timing plans requested, by outcome")
                .tag(MeterNames.TAG_OUTCOME, outcome).register(registry).increment();
    }

    @Override
    public String scrape() {
        return registry.scrape();
    }
}
