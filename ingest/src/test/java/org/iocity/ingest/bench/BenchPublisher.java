package org.iocity.ingest.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.iocity.model.kafka.Topics;
import org.iocity.model.registry.Registry;

/** Benchmark publisher, run in its own JVM: N ~200-byte camera messages at QoS 1. Args: url count seqStart registryFile. */
public final class BenchPublisher {
    private BenchPublisher() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int n = Integer.parseInt(args[1]);
        long seqStart = Long.parseLong(args[2]);
        List<Registry.Device> cams = Registry.load(Path.of(args[3])).devices("camera");
        int inflight = 1000;
        MqttAsyncClient c = new MqttAsyncClient(url, "bench-pub-" + ProcessHandle.current().pid(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(inflight);
        c.connect(o).waitForCompletion(10_000);
        Semaphore window = new Semaphore(inflight - 10);
        IMqttActionListener release = new IMqttActionListener() {
            @Override public void onSuccess(IMqttToken t) { window.release(); }
            @Override public void onFailure(IMqttToken t, Throwable e) { window.release(); System.err.println("publish failed: " + e); }
        };
        String ts = Instant.now().toString();
        for (int i = 0; i < n; i++) {
            Registry.Device cam = cams.get(i % cams.size());
            long seq = seq(i, cams.size(), seqStart);
            String json = "{\"v\":1,\"deviceId\":\"" + cam.id() + "\",\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"segmentId\":\""
                    + cam.segmentId() + "\",\"intervalSec\":10,\"intensity\":12,\"byClass\":{\"motorbike\":9,\"car\":3},"
                    + "\"averageVehicleSpeed\":23.5,\"occupancy\":0.21}";
            window.acquire();
            c.publish(Topics.mqttCameraCounts(cam.id()), json.getBytes(StandardCharsets.UTF_8), 1, false, null, release);
        }
        window.acquire(inflight - 10);
        c.disconnect().waitForCompletion(10_000);
        c.close();
    }

    /** The sequence number of message {@code i}: cameras take turns, each counting up from {@code seqStart}. */
    static long seq(int i, int cameras, long seqStart) {
        return seqStart + i / cameras;
    }
}
