package org.iocity.ingest;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link BufferedSocketFactory} against the plain socket factory Paho uses otherwise, in one JMH run: one operation
 * reads one ~200-byte MQTT PUBLISH packet from a loopback TCP socket the way Paho v3's {@code MqttInputStream} reads
 * it (a {@link DataInputStream} over the socket's stream: the type byte, the remaining length byte by byte, then the
 * rest with {@code readFully}). A thread in the same JVM keeps the socket full, 64 KiB per write, as a broker
 * forwarding a busy topic does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(4)
@State(Scope.Thread)
public class BufferedSocketFactoryBench {
    @Param({"plain", "buffered"})
    public String sockets;

    private ServerSocket server;
    private Thread broker;
    private Socket socket;
    private DataInputStream in;
    private final byte[] packet = new byte[1024];

    @Setup
    public void connect() throws IOException {
        byte[] chunk = publishPackets(64 * 1024);
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        broker = new Thread(() -> {
            try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                while (!Thread.currentThread().isInterrupted()) out.write(chunk);
            } catch (IOException closed) {
                // the benchmark closed its end
            }
        }, "broker");
        broker.setDaemon(true);
        broker.start();
        SocketFactory factory = sockets.equals("buffered") ? new BufferedSocketFactory() : SocketFactory.getDefault();
        socket = factory.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        in = new DataInputStream(socket.getInputStream());
    }

    @TearDown
    public void close() throws IOException {
        broker.interrupt();
        socket.close();
        server.close();
    }

    @Benchmark
    public int readOnePublish() throws IOException {
        byte type = in.readByte();
        int length = 0, shift = 0;
        byte b;
        do {
            b = in.readByte();
            length |= (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        in.readFully(packet, 0, length);
        return type + length;
    }

    /** Whole QoS 1 PUBLISH packets of a camera message (topic, packet id, ~170 bytes of JSON), filling about n bytes. */
    static byte[] publishPackets(int n) {
        byte[] topic = "ioc/v1/camera/cam-0417/counts".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] json = ("{\"v\":1,\"deviceId\":\"cam-0417\",\"seq\":123456,\"ts\":\"2026-11-23T08:00:10+07:00\","
                + "\"segmentId\":\"seg-0042\",\"intervalSec\":10,\"intensity\":37,\"byClass\":{\"motorbike\":29,"
                + "\"car\":5,\"bus\":1,\"truck\":2,\"bicycle\":0},\"averageVehicleSpeed\":23.5,\"occupancy\":0.31}")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int remaining = 2 + topic.length + 2 + json.length;
        int packetBytes = 1 + (remaining < 128 ? 1 : 2) + remaining;
        ByteBuffer buf = ByteBuffer.allocate(n / packetBytes * packetBytes);
        while (buf.remaining() >= packetBytes) {
            buf.put((byte) 0x32); // PUBLISH, QoS 1
            if (remaining < 128) {
                buf.put((byte) remaining);
            } else {
                buf.put((byte) ((remaining & 0x7f) | 0x80)).put((byte) (remaining >> 7));
            }
            buf.putShort((short) topic.length).put(topic).putShort((short) 1).put(json);
        }
        return buf.array();
    }
}
