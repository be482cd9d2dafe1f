package org.iocity.api.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.iocity.api.auth.Role;
import org.iocity.api.auth.Tokens;
import org.iocity.api.metrics.ApiMetrics;
import org.iocity.model.records.Json;
import org.junit.jupiter.api.Test;

/** A slow client gets the urgent channels' updates (alerts, devices) ahead of the congestion updates waiting for it. */
class LiveHubLanesTest {
    /** A connection whose buffer is full until the test frees it. */
    private static final class SlowTransport implements LiveTransport {
        boolean full;
        final List<String> written = new ArrayList<>();

        @Override
        public String kind() {
            return "websocket";
        }

        @Override
        public boolean writeQueueFull() {
            return full;
        }

        @Override
        public void write(LiveMessage message) {
            try {
                written.add(Json.mapper().readTree(message.text).get("channel").asText());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close(boolean policy, String reason) {}
    }

    private final LiveHub hub = new LiveHub(channel -> Json.mapper().createArrayNode(), Duration.ofSeconds(30), 10_000,
            ApiMetrics.NOOP, 120, Instant::now);
    private final SlowTransport t = new SlowTransport();
    private final LiveHub.Client c = hub.accept(t, new Tokens.Principal("wall-1", Role.WALL));

    @Test
    void anAlertHeldForASlowClientGoesOutAheadOfTheCongestionHeldBeforeIt() {
        hub.subscribe(c, Set.of(LiveProtocol.CONGESTION, LiveProtocol.ALERTS));
        t.written.clear(); // the snapshots
        t.full = true;
        hub.batched(() -> {
            for (int i = 0; i < 50; i++) hub.broadcast(LiveProtocol.CONGESTION, "seg-" + i, () -> "{\"id\":1}");
        });
        hub.broadcast(LiveProtocol.ALERTS, "flood:wl-001", () -> "{\"id\":\"flood:wl-001\"}");
        assertEquals(List.of(), t.written, "all held while the buffer is full");
        t.full = false;
        c.flush();
        assertEquals(51, t.written.size());
        assertEquals(LiveProtocol.ALERTS, t.written.get(0), "the alert first: " + t.written.subList(0, 3));
        assertEquals(LiveProtocol.CONGESTION, t.written.get(50));
        assertEquals(0, c.pending());
    }

    @Test
    void aBatchPushesTheUrgentChannelsFirst() {
        hub.subscribe(c, Set.of(LiveProtocol.CONGESTION, LiveProtocol.DEVICES));
        t.written.clear(); // the snapshots
        hub.batched(() -> {
            hub.broadcast(LiveProtocol.CONGESTION, "seg-1", () -> "{\"id\":1}");
            hub.broadcast(LiveProtocol.DEVICES, "cam-0001", () -> "{\"id\":\"cam-0001\"}");
        });
        assertEquals(List.of(LiveProtocol.DEVICES, LiveProtocol.CONGESTION), t.written);
    }
}
