package org.iocity.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Micrometer meters count and scrape under the names of {@link IngestMetrics}; the no-op counts nothing. */
class IngestMetricsTest {
    private static void record(IngestMetrics m) {
        m.received();
        m.received();
        m.forwarded("ioc.env.readings");
        m.rejected("MALFORMED_JSON");
        m.duplicate();
        m.gap(3);
        m.kafkaLatency(2_000_000);
        m.open311Response(201);
    }

    @Test
    void micrometerCountsAndScrapesUnderTheNames() {
        IngestMetrics m = new MicrometerIngestMetrics();
        record(m);
        assertEquals(2, m.receivedCount());
        assertEquals(1, m.forwardedCount("ioc.env.readings"));
        assertEquals(1, m.forwardedCount());
        assertEquals(1, m.rejectedCount("MALFORMED_JSON"));
        assertEquals(1, m.duplicateCount());
        assertEquals(3, m.gapCount());
        assertEquals(Duration.ofMillis(2), m.kafkaLatencyMean());
        String text = m.scrape();
        assertTrue(text.contains(IngestMetrics.RECEIVED.replace('.', '_')), text);
        assertTrue(text.contains(IngestMetrics.OPEN311_RESPONSES.replace('.', '_')), text);
    }

    @Test
    void theNoOpCountsNothing() {
        record(IngestMetrics.NOOP);
        assertEquals(0, IngestMetrics.NOOP.receivedCount());
        assertEquals(0, IngestMetrics.NOOP.rejectedTotal());
        assertEquals("", IngestMetrics.NOOP.scrape());
    }
}
