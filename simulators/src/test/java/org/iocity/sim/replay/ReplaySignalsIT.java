package org.iocity.sim.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.iocity.ingest.IngestGateway;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.DeadLetter;
import org.iocity.model.records.Json;
import org.iocity.model.records.SignalEventBatch;
import org.iocity.sim.SimulatorMain;
import org.iocity.parts.LocalStack;
import org.iocity.parts.MqttAuth;
import org.iocity.testkit.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ioc-sim replay-signals} against real Mosquitto (per-device passwords and ACLs, the simulators' user), the
 * real gateway and a real Kafka broker: a small log of a few cycles of one controller with vendor codes and params
 * above 255, written by the test in local time, replayed; every event reaches {@code ioc.signal.events}, in batches
 * with seq from 1, none is dead-lettered; {@code --print-bins} prints the bins of the controller's intersection it
 * finds in {@code ioc.signal.performance}.
 */
@Timeout(180)
class ReplaySignalsIT {
    static final ZoneId HCMC = ZoneId.of("Asia/Ho_Chi_Minh");
    static LocalStack stack;
    static IngestGateway gateway;

    @BeforeAll
    static void start() {
        stack = LocalStack.builder().parts(LocalStack.Part.KAFKA, LocalStack.Part.MOSQUITTO).mqttAuth().start();
        KafkaClients.ensureTopics(stack.config(), Topics.all());
        gateway = IngestGateway.start(stack.config().with(Map.of("mqtt.client.id", "ingest-replay-it",
                "registry.file", LocalStack.repoRoot().resolve("config/registry.json").toString())));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        if (stack != null) stack.close();
    }

    /** Four 60 s cycles of phases 2 and 4 from {@code start}, with detector actuations and MAXTIME vendor events. */
    static List<String> log(LocalDateTime start) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.S", Locale.ROOT);
        List<String> lines = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            LocalDateTime t = start.plusSeconds(60L * c);
            int[][] events = { // offset in tenths of a second, code, param
                    {0, 1, 2}, {0, 131, 3}, {5, 82, 5}, {12, 81, 5}, {80, 82, 5}, {90, 81, 5}, {250, 4, 2}, {250, 8, 2},
                    {280, 10, 2}, {300, 11, 2}, {300, 1, 4}, {301, 301, 1000}, {302, 318, 60}, {310, 90, 4}, {450, 45, 4},
                    {520, 5, 4}, {520, 8, 4}, {550, 10, 4}, {570, 400, 7}, {580, 503, 256}, {600, 11, 4}};
            for (int[] e : events) lines.add(f.format(t.plusNanos(e[0] * 100_000_000L)) + ",sig-0001," + e[1] + "," + e[2]);
        }
        return lines;
    }

    @Test
    void aReplayedLogReachesKafkaEveryEventNoneDeadLetteredAndItsBinsArePrinted() throws Exception {
        Instant begin = Instant.now().minus(Duration.ofMinutes(10));
        List<String> lines = log(LocalDateTime.ofInstant(begin, HCMC).withNano(0));
        Path csv = stack.dir().resolve("hires.csv");
        Files.writeString(csv, "timestamp,device,code,param\n" + String.join("\n", lines) + "\n");
        Path detectors = stack.dir().resolve("detectors.csv");
        Files.writeString(detectors, "device,channel,phase,type\nsig-0001,5,2,advance count\n");

        // a bin of the intersection, as the signal job writes it (the job itself is not run here)
        Instant binStart = PerformanceBins.floor(begin);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(KafkaClients.producer(stack.config(), "it-bins"))) {
            p.send(new ProducerRecord<>(Topics.SIGNAL_PERFORMANCE, "x-le-loi-nguyen-hue", ("{\"kind\":\"bin\",\"intersectionId\":"
                    + "\"x-le-loi-nguyen-hue\",\"binStart\":\"" + binStart + "\",\"phases\":[{\"phase\":2,\"cycles\":4,"
                    + "\"meanCycleS\":60.0,\"greenS\":100.0,\"percentArrivalsOnGreen\":50.0}]}").getBytes())).get();
        }

        IocConfig simulator = stack.config().with(Map.of("mqtt.username", MqttAuth.SIMULATOR,
                "mqtt.password", stack.mosquitto().auth().password(MqttAuth.SIMULATOR)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SimulatorMain.execute(simulator, new PrintWriter(out), new PrintWriter(err), "replay-signals",
                csv.toString(), detectors.toString(), "--registry", LocalStack.repoRoot().resolve("config/registry.json").toString(),
                "--print-bins", "--bins-wait", "20s");
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().contains(lines.size() + " events, 1 devices"), out.toString());
        assertTrue(out.toString().contains("1 detector rows read"), out.toString());

        List<SignalEventBatch> batches;
        try (TopicReader reader = new TopicReader(stack.config(), Topics.SIGNAL_EVENTS)) {
            batches = reader.until(Duration.ofSeconds(60), rs -> rs.stream().filter(r -> "sig-0001".equals(r.key()))
                            .mapToInt(r -> Json.fromBytes(r.value(), SignalEventBatch.class).events().size()).sum() >= lines.size())
                    .stream().filter(r -> "sig-0001".equals(r.key())).map(r -> Json.fromBytes(r.value(), SignalEventBatch.class)).toList();
        }
        assertEquals(lines.size(), batches.stream().mapToInt(b -> b.events().size()).sum(), "every event forwarded");
        assertEquals(java.util.stream.LongStream.rangeClosed(1, batches.size()).boxed().toList(),
                batches.stream().map(SignalEventBatch::seq).toList(), "seq from 1, in order");
        assertTrue(batches.stream().allMatch(b -> b.events().get(b.events().size() - 1).ts().equals(b.eventTime())),
                "a batch's ts is its last event's time");
        assertEquals(16, batches.stream().flatMap(b -> b.events().stream()).filter(e -> e.code() > 255).count(), "vendor codes kept");
        assertTrue(batches.stream().flatMap(b -> b.events().stream()).anyMatch(e -> e.code() == 301 && e.param() == 1000));
        assertEquals(4, gateway.metrics().unknownCodeCount(301));

        List<ConsumerRecord<String, byte[]>> dead;
        try (TopicReader reader = new TopicReader(stack.config(), Topics.DEADLETTER)) {
            dead = reader.toEnd(Duration.ofSeconds(30));
        }
        assertEquals(List.of(), dead.stream().map(r -> Json.fromBytes(r.value(), DeadLetter.class))
                .filter(d -> "sig-0001".equals(d.deviceId())).toList(), "nothing dead-lettered");

        String table = out.toString();
        String binLine = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(HCMC).format(binStart)
                + "  x-le-loi-nguyen-hue";
        assertTrue(table.contains("15-minute measures of [x-le-loi-nguyen-hue]"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith(binLine) && l.matches(".* 2 +4 +60\\.0 .*")), table);
    }
}
