package org.iocity.ingest.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.iocity.ingest.IngestGateway;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;
import org.iocity.parts.Await;
import org.iocity.parts.LocalStack;
import org.iocity.testkit.TopicReader;

/**
 * MQTT → Kafka throughput of the gateway against Mosquitto's own QoS 1 pass-through in the same run, both fed by a
 * publisher in a separate JVM and read by the same number of connections in one shared subscription group, with the
 * same broker in-flight limit. Args: [messages=200000] [connections=2] [in flight per connection=1000]
 * [warm-up messages=50000]. Each path first takes the warm-up messages, not counted, so that both are measured with
 * their code compiled (a cold JVM spends more CPU compiling than forwarding in a 200,000-message run). Zero loss is
 * proven by sequence numbers: every (camera, seq) the publisher sent is read back from Kafka.
 */
public final class IngestBenchmark {
    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int inflight = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int warmupArg = args.length > 3 ? Integer.parseInt(args[3]) : 50_000;
        try (LocalStack stack = LocalStack.builder().parts(LocalStack.Part.KAFKA, LocalStack.Part.MOSQUITTO)
                .mqttMaxInflight(inflight).start()) {
            IocConfig config = stack.config();
            String registry = config.string("registry.file");
            List<Registry.Device> cameras = Registry.load(Path.of(registry)).devices("camera");
            int warmup = warmupArg / cameras.size() * cameras.size(); // whole rounds: sequences run on into the measured ones
            Cpu cpu = new Cpu(stack);
            double mosquittoRate = passThrough(stack.mosquitto().url(), n, warmup, connections, inflight, registry, cpu);
            String passThroughCpu = cpu.perMessage(n);

            // The gateway: publisher process → Mosquitto → gateway → Kafka (acks=all), acks to MQTT after Kafka's.
            long seqStart = 1_000_000;
            long warmupSeqStart = seqStart - warmup / cameras.size();
            Map<String, String> gateway = new HashMap<>(Map.of("mqtt.client.id", "bench-ingest",
                    "ingest.mqtt.connections", String.valueOf(connections), "mqtt.receive.maximum", String.valueOf(inflight),
                    "ingest.report.interval", "10s"));
            // -Dioc.<key>=... tries other gateway settings, e.g. -Dioc.kafka.producer.linger.ms=10
            gateway.putAll(IocConfig.systemOverrides());
            try (IngestGateway gw = IngestGateway.start(config.with(gateway))) {
                if (warmup > 0) {
                    Process w = publisher(stack.mosquitto().url(), warmup, warmupSeqStart, registry);
                    Await.until(Duration.ofMinutes(10), "gateway warm-up " + warmup, () -> gw.metrics().forwardedCount() >= warmup);
                    w.waitFor();
                }
                cpu.perMessage(n); // start counting for the gateway
                long t1 = System.nanoTime();
                Process p2 = publisher(stack.mosquitto().url(), n, seqStart, registry);
                Await.until(Duration.ofMinutes(10), "gateway forwarded " + n, () -> gw.metrics().forwardedCount() >= warmup + n);
                double gatewayRate = n / ((System.nanoTime() - t1) / 1e9);
                String gatewayCpu = cpu.perMessage(n);
                p2.waitFor();
                String loss = lossBySequence(config, n, warmup, seqStart, cameras);
                System.out.printf(Locale.ROOT, "messages: %d (after %d warm-up messages on each path), %d MQTT connections (shared subscription), %d in flight each%n",
                        n, warmup, connections, inflight);
                System.out.printf(Locale.ROOT, "mosquitto pass-through: %.0f msg/s%n", mosquittoRate);
                System.out.printf(Locale.ROOT, "gateway MQTT->Kafka:    %.0f msg/s%n", gatewayRate);
                System.out.printf(Locale.ROOT, "ratio gateway/mosquitto: %.2f%n", gatewayRate / mosquittoRate);
                System.out.println("CPU per message, pass-through: " + passThroughCpu);
                System.out.println("CPU per message, gateway:      " + gatewayCpu);
                System.out.printf(Locale.ROOT, "machine load average at the end: %.1f (%d cores)%n",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
                System.out.println("in Kafka: " + loss);
                System.out.println("gateway metrics: duplicates " + gw.metrics().duplicateCount() + ", gaps "
                        + gw.metrics().gapCount() + ", rejected " + gw.metrics().rejectedTotal());
            }
        }
    }

    /**
     * CPU time per message of this JVM (subscribers or gateway), Mosquitto and the Kafka broker since the last call:
     * unlike rates, it hardly depends on what else the machine runs.
     */
    static final class Cpu {
        private final List<ProcessHandle> parts;
        private final List<String> names = List.of("this JVM", "mosquitto", "kafka broker");
        private long[] last;

        Cpu(LocalStack stack) {
            parts = List.of(ProcessHandle.current(), ProcessHandle.of(stack.mosquitto().pid()).orElseThrow(),
                    ProcessHandle.of(stack.kafka().pid()).orElseThrow());
            last = now();
        }

        private long[] now() {
            return parts.stream().mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).toArray();
        }

        String perMessage(int n) {
            long[] t = now();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < t.length; i++) {
                sb.append(String.format(Locale.ROOT, "%s%s %.1f us", i == 0 ? "" : ", ", names.get(i), (t[i] - last[i]) / 1e3 / n));
            }
            last = t;
            return sb.toString();
        }
    }

    /** {@link #passThrough(String, int, int, int, int, String, Cpu)} for callers that count CPU themselves. */
    public static double passThrough(String url, int n, int warmup, int connections, int inflight, String registry)
            throws Exception {
        return passThrough(url, n, warmup, connections, inflight, registry, null);
    }

    /**
     * Publisher process → Mosquitto → {@code connections} plain Paho subscribers in one shared group (auto acks): the
     * rate of {@code n} messages after {@code warmup} more, CPU counted from the end of the warm-up (when {@code cpu}
     * is given).
     */
    static double passThrough(String url, int n, int warmup, int connections, int inflight, String registry, Cpu cpu)
            throws Exception {
        AtomicLong got = new AtomicLong();
        List<MqttAsyncClient> subs = new ArrayList<>();
        for (int i = 1; i <= connections; i++) {
            MqttAsyncClient sub = new MqttAsyncClient(url, "bench-sub-" + i, new MemoryPersistence());
            sub.setCallback(new MqttCallback() {
                @Override public void connectionLost(Throwable cause) { }
                @Override public void messageArrived(String topic, MqttMessage message) { got.incrementAndGet(); }
                @Override public void deliveryComplete(IMqttDeliveryToken token) { }
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setMaxInflight(inflight);
            sub.connect(o).waitForCompletion(10_000);
            sub.subscribe("$share/bench/" + Topics.MQTT_CAMERA_COUNTS, 1).waitForCompletion(10_000);
            subs.add(sub);
        }
        if (warmup > 0) {
            Process w = publisher(url, warmup, 1, registry);
            Await.until(Duration.ofMinutes(10), "pass-through warm-up " + warmup, () -> got.get() >= warmup);
            w.waitFor();
        }
        if (cpu != null) cpu.perMessage(n); // start counting
        long t0 = System.nanoTime();
        Process p = publisher(url, n, 1, registry);
        Await.until(Duration.ofMinutes(10), "pass-through of " + n, () -> got.get() >= warmup + n);
        double rate = n / ((System.nanoTime() - t0) / 1e9);
        p.waitFor();
        for (MqttAsyncClient sub : subs) {
            sub.disconnect().waitForCompletion(10_000);
            sub.close();
        }
        return rate;
    }

    static Process publisher(String url, int n, long seqStart, String registry) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), BenchPublisher.class.getName(),
                url, String.valueOf(n), String.valueOf(seqStart), registry).inheritIO().start();
    }

    /**
     * Reads the observations back and checks every camera's sequence numbers seqStart.. are there exactly once (the
     * warm-up's, below seqStart, are skipped).
     */
    static String lossBySequence(IocConfig config, int n, int warmup, long seqStart, List<Registry.Device> cameras) {
        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader reader = new TopicReader(config, Topics.TRAFFIC_OBSERVATIONS)) {
            records = reader.atLeast(warmup + n, Duration.ofMinutes(2));
        }
        Map<String, BitSet> seen = new HashMap<>();
        long duplicates = 0;
        for (ConsumerRecord<String, byte[]> r : records) {
            CameraObservation o = Json.fromBytes(r.value(), CameraObservation.class);
            if (o.seq() < seqStart) continue;
            BitSet b = seen.computeIfAbsent(o.deviceId(), k -> new BitSet());
            int i = (int) (o.seq() - seqStart);
            if (b.get(i)) duplicates++;
            b.set(i);
        }
        long missing = 0;
        for (int i = 0; i < n; i++) {
            BitSet b = seen.get(cameras.get(i % cameras.size()).id());
            if (b == null || !b.get((int) (BenchPublisher.seq(i, cameras.size(), seqStart) - seqStart))) missing++;
        }
        return String.format(Locale.ROOT, "%d records (%d of the warm-up), %d of %d (camera, seq) missing, %d duplicates -> %s",
                records.size(), warmup, missing, n, duplicates, missing == 0 ? "zero loss" : "LOSS");
    }
}
