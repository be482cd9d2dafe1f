package org.iocity.system.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.iocity.model.records.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices whose alerts the benchmark times, driven from the bench JVM beside the simulator's load:
 * <ul>
 * <li>water probes (copies of the city's first water sensor): each alternates a dry reading and one over the flood
 * threshold every {@link #STEP_MS}, stamped with the current time ({@code ts}), so every other reading raises or
 * clears a flood alert;</li>
 * <li>offline probes (copies of the first noise sensor): each connects with a last will, says {@code online},
 * then drops its connection without DISCONNECT (the broker publishes the will, {@code offline}) and reconnects, every
 * {@link #STEP_MS}; the drop time is kept for {@link WallClient}.</li>
 * </ul>
 * The probes are added to the registry the services read, not to the simulator's: their sequence numbers are their
 * own, and the loss check by sequence numbers leaves them out ({@link #isProbe}).
 */
final class AlertProbes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertProbes.class);
    static final String PREFIX = "probe-";
    static final long STEP_MS = 1_500;
    static final double DRY_CM = 2;
    static final double FLOODED_CM = 18;

    private final List<String> water;
    private final List<String> offline;
    private final Map<String, Long> dropped = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> seq = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "alert-probes");
        t.setDaemon(true);
        return t;
    });
    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private String url;

    AlertProbes(int waterProbes, int offlineProbes) {
        water = ids("wl", waterProbes);
        offline = ids("node", offlineProbes);
    }

    private static List<String> ids(String kind, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) ids.add(String.format(Locale.ROOT, "%s%s-%02d", PREFIX, kind, i));
        return ids;
    }

    /** Writes {@code to}: the registry {@code from} plus the probe devices, each a copy of a sensor of the city. */
    void writeRegistry(Path from, Path to) throws IOException {
        ObjectNode registry = (ObjectNode) Json.mapper().readTree(from.toFile());
        ArrayNode devices = (ArrayNode) registry.get("devices");
        JsonNode waterTemplate = sensorMeasuring(devices, "water");
        JsonNode noiseTemplate = sensorMeasuring(devices, "noise");
        for (String id : water) devices.add(((ObjectNode) waterTemplate.deepCopy()).put("id", id).put("name", "Bench " + id));
        for (String id : offline) devices.add(((ObjectNode) noiseTemplate.deepCopy()).put("id", id).put("name", "Bench " + id));
        Files.write(to, Json.mapper().writeValueAsBytes(registry));
    }

    private static JsonNode sensorMeasuring(ArrayNode devices, String kind) {
        for (JsonNode d : devices) {
            if ("sensor".equals(d.path("type").asText()) && d.path("measures").toString().contains("\"" + kind + "\"")) return d;
        }
        throw new IllegalStateException("the city has no " + kind + " sensor to copy for the probes");
    }

    /** Starts every probe against the broker at {@code mqttUrl}, spread evenly over one step. */
    void start(String mqttUrl) throws MqttException {
        this.url = mqttUrl;
        MqttAsyncClient w = new MqttAsyncClient(mqttUrl, "bench-water-probes", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(1000);
        w.connect(o).waitForCompletion(10_000);
        clients.add(w);
        for (int i = 0; i < water.size(); i++) {
            String id = water.get(i);
            AtomicLong step = new AtomicLong();
            timer.scheduleAtFixedRate(() -> publishReading(w, id, step.getAndIncrement() % 2 == 1),
                    i * STEP_MS / water.size(), STEP_MS, TimeUnit.MILLISECONDS);
        }
        for (int i = 0; i < offline.size(); i++) {
            String id = offline.get(i);
            MqttAsyncClient c = new MqttAsyncClient(mqttUrl, "bench-" + id, new MemoryPersistence());
            clients.add(c);
            AtomicLong step = new AtomicLong();
            timer.scheduleAtFixedRate(() -> cycleConnection(c, id, step.getAndIncrement() % 2 == 0),
                    i * STEP_MS / offline.size(), STEP_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void publishReading(MqttAsyncClient c, String id, boolean flooded) {
        String json = "{\"v\":1,\"deviceId\":\"" + id + "\",\"seq\":" + nextSeq(id) + ",\"ts\":" + System.currentTimeMillis()
                + ",\"waterLevelCm\":" + (flooded ? FLOODED_CM : DRY_CM) + "}";
        publish(c, "ioc/v1/sensor/" + id + "/water", json, false);
    }

    /** Up (connect with a will, retained {@code online}) on even steps, down (no DISCONNECT: the will) on odd ones. */
    private void cycleConnection(MqttAsyncClient c, String id, boolean up) {
        String statusTopic = "ioc/v1/sensor/" + id + "/status";
        try {
            if (up) {
                MqttConnectOptions o = new MqttConnectOptions();
                o.setCleanSession(true);
                o.setWill(statusTopic, ("{\"v\":1,\"deviceId\":\"" + id + "\",\"state\":\"offline\"}").getBytes(StandardCharsets.UTF_8),
                        1, true);
                c.connect(o).waitForCompletion(5_000);
                publish(c, statusTopic, "{\"v\":1,\"deviceId\":\"" + id + "\",\"seq\":" + nextSeq(id) + ",\"ts\":"
                        + System.currentTimeMillis() + ",\"state\":\"online\"}", true);
            } else if (c.isConnected()) {
                dropped.put(id, System.currentTimeMillis());
                c.disconnectForcibly(0, 1_000, false);
            }
        } catch (MqttException | RuntimeException e) {
            failures.incrementAndGet();
            LOG.debug("probe {}: {}", id, e.toString());
        }
    }

    private long nextSeq(String id) {
        return seq.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
    }

    private void publish(MqttAsyncClient c, String topic, String json, boolean retained) {
        try {
            c.publish(topic, json.getBytes(StandardCharsets.UTF_8), 1, retained);
            published.incrementAndGet();
        } catch (MqttException | RuntimeException e) {
            failures.incrementAndGet();
        }
    }

    boolean isWaterProbe(String id) {
        return water.contains(id);
    }

    boolean isOfflineProbe(String id) {
        return offline.contains(id);
    }

    static boolean isProbe(String deviceId) {
        return deviceId.startsWith(PREFIX);
    }

    /** When the probe last dropped its connection (epoch ms), 0 if never. */
    long droppedAt(String id) {
        return dropped.getOrDefault(id, 0L);
    }

    String summary() {
        return String.format(Locale.ROOT, "%d water probes, %d offline probes on %s, step %d ms: %d messages, %d failures",
                water.size(), offline.size(), url, STEP_MS, published.get(), failures.get());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (MqttAsyncClient c : clients) {
            try {
                if (c.isConnected()) c.disconnect().waitForCompletion(5_000);
                c.close(true);
            } catch (MqttException e) {
                LOG.debug("closing a probe: {}", e.toString());
            }
        }
    }
}
