package org.iocity.ingest.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.iocity.ingest.IngestGateway;
import org.iocity.model.IocConfig;
import org.iocity.model.KafkaClients;
import org.iocity.model.Topics;
import org.iocity.stack.Await;
import org.iocity.stack.LocalStack;

/**
 * MQTT → Kafka throughput of the gateway against Mosquitto's own QoS 1 pass-through, both fed by a publisher in a
 * separate JVM. Args: [messages=200000] [gateway connections=2] [in flight per connection=100]. Prints the results.
 */
public final class IngestBenchmark {
    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int inflight = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        try (LocalStack stack = LocalStack.start(LocalStack.Part.KAFKA, LocalStack.Part.MOSQUITTO)) {
            IocConfig config = stack.config();
            String registry = config.string("registry.file");

            // 1. Mosquitto pass-through: publisher process → plain Paho subscriber.
            AtomicLong got = new AtomicLong();
            MqttAsyncClient sub = new MqttAsyncClient(stack.mosquitto().url(), "bench-sub", new MemoryPersistence());
            sub.setCallback(new MqttCallback() {
                @Override public void connectionLost(Throwable cause) { }
                @Override public void messageArrived(String topic, MqttMessage message) { got.incrementAndGet(); }
                @Override public void deliveryComplete(IMqttDeliveryToken token) { }
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setMaxInflight(1000);
            sub.connect(o).waitForCompletion(10_000);
            sub.subscribe(Topics.MQTT_CAMERA_COUNTS, 1).waitForCompletion(10_000);
            long t0 = System.nanoTime();
            Process p = publisher(stack.mosquitto().url(), n, 1, registry);
            Await.until(Duration.ofMinutes(10), "pass-through of " + n, () -> got.get() >= n);
            double mosquittoRate = n / ((System.nanoTime() - t0) / 1e9);
            p.waitFor();
            sub.disconnect().waitForCompletion(10_000);
            sub.close();

            // 2. The gateway: publisher process → Mosquitto → gateway → Kafka (acks=all), zero loss checked in Kafka.
            try (IngestGateway gw = IngestGateway.start(config.with(Map.of("mqtt.client.id", "bench-ingest",
                    "ingest.mqtt.connections", String.valueOf(connections), "mqtt.receive.maximum", String.valueOf(inflight),
                    "ingest.report.interval", "10s")))) {
                long t1 = System.nanoTime();
                Process p2 = publisher(stack.mosquitto().url(), n, 1_000_000, registry);
                Await.until(Duration.ofMinutes(10), "gateway forwarded " + n, () -> gw.metrics().forwardedCount() >= n);
                double gatewayRate = n / ((System.nanoTime() - t1) / 1e9);
                p2.waitFor();
                long inKafka = recordsIn(config, Topics.TRAFFIC_OBSERVATIONS);
                System.out.printf(Locale.ROOT, "messages: %d (gateway: %d MQTT connections, %d in flight each)%n", n, connections, inflight);
                System.out.printf(Locale.ROOT, "mosquitto pass-through: %.0f msg/s%n", mosquittoRate);
                System.out.printf(Locale.ROOT, "gateway MQTT->Kafka:    %.0f msg/s (records in Kafka: %d, %s)%n", gatewayRate, inKafka,
                        inKafka == n ? "zero loss" : "MISMATCH");
                System.out.printf(Locale.ROOT, "ratio gateway/mosquitto: %.2f%n", gatewayRate / mosquittoRate);
                System.out.println("duplicates marked: " + gw.metrics().duplicateCount() + ", rejected: " + gw.metrics().rejectedTotal());
            }
        }
    }

    static Process publisher(String url, int n, long seqStart, String registry) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), BenchPublisher.class.getName(),
                url, String.valueOf(n), String.valueOf(seqStart), registry).inheritIO().start();
    }

    static long recordsIn(IocConfig config, String topic) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaClients.consumer(config, "bench-count", "bench-count"))) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(pi -> new TopicPartition(topic, pi.partition())).toList();
            return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
