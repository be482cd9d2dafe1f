package org.iocity.sim.replay;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.registry.Registry;
import org.iocity.sim.MqttPublisher;
import org.iocity.sim.SimulatorMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ioc-sim replay-signals LOG.csv [DETECTORS.csv]}: publishes a controller hi-res log over MQTT as its
 * controllers would have sent it ({@link SignalReplay}), prints what it sent per device, and with
 * {@code --print-bins} the 15-minute measures the job computed from it ({@link PerformanceBins}).
 */
@Command(name = "replay-signals", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Replays a hi-res controller log (CSV timestamp,device,code,param, the usual ATSPM export) over MQTT "
                + "as controllers send it: 10-second batches per device in time order, seq from 1, QoS 1, with the "
                + "simulators' MQTT credentials (mqtt.username/mqtt.password). Prints batches and events per device.")
public final class ReplaySignalsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    SimulatorMain parent;

    @Parameters(index = "0", paramLabel = "LOG.csv", description = "Hi-res log: timestamp,device,code,param (a header line is optional)")
    Path log;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DETECTORS.csv",
            description = "Detector configuration of the log's controllers (CSV with a header); read and counted, the "
                    + "registry's detectors are the ones the job uses")
    Path detectors;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "Asia/Ho_Chi_Minh",
            description = "Zone of timestamps written without an offset. Default: ${DEFAULT-VALUE}")
    String zone;

    @Option(names = "--device", paramLabel = "LOG_ID=REGISTRY_ID", split = ",",
            description = "Publish a log device as a controller of the registry, e.g. 7115=sig-0001 (repeatable)")
    List<String> deviceMap;

    @Option(names = "--rate", paramLabel = "BATCHES/S", defaultValue = "0",
            description = "Batches a second, all devices together; 0 as fast as the broker takes them. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--batch", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds of events in a batch, 1..300. Default: ${DEFAULT-VALUE}")
    int batchSec;

    @Option(names = "--max-payload-bytes", paramLabel = "N", defaultValue = "65536",
            description = "The gateway's payload limit (ingest.max.payload.bytes); a fuller window is cut. Default: ${DEFAULT-VALUE}")
    int maxPayloadBytes;

    @Option(names = "--mqtt-url", paramLabel = "URL", defaultValue = "tcp://127.0.0.1:1883",
            description = "MQTT broker (mqtt.url, IOC_MQTT_URL). Default: ${DEFAULT-VALUE}")
    String mqttUrl;

    @Option(names = "--registry", paramLabel = "FILE", defaultValue = "config/registry.json",
            description = "Registry the devices must be signal controllers of (registry.file). Default: ${DEFAULT-VALUE}")
    Path registryFile;

    @Option(names = "--client-id", paramLabel = "ID", defaultValue = "ioc-replay-signals",
            description = "MQTT client id. Default: ${DEFAULT-VALUE}")
    String clientId;

    @Option(names = "--print-bins", description = "After the replay, read the 15-minute measures of the replayed "
            + "intersections from Kafka (ioc.signal.performance) and print them as a table")
    boolean printBins;

    @Option(names = "--bins-wait", paramLabel = "DURATION", defaultValue = "2m", converter = SimulatorMain.DurationConverter.class,
            description = "How long --print-bins waits for every bin of the log's span. Default: ${DEFAULT-VALUE}")
    Duration binsWait;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "Kafka for --print-bins. Default: kafka.bootstrap (IOC_KAFKA_BOOTSTRAP)")
    String kafka;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        IocConfig config = parent == null ? IocConfig.of(Map.of()) : parent.config();
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw bad("--zone " + zone + " is not a time zone, e.g. Asia/Ho_Chi_Minh or +07:00");
        }
        if (batchSec < 1 || batchSec > 300) throw bad("--batch must be 1..300 seconds, was " + batchSec);
        if (!(rate >= 0)) throw bad("--rate must be 0 or more, was " + rate);
        if (maxPayloadBytes < 1024) throw bad("--max-payload-bytes must be at least 1024, was " + maxPayloadBytes);
        Map<String, String> rename = new LinkedHashMap<>();
        for (String m : deviceMap == null ? List.<String>of() : deviceMap) {
            String[] kv = m.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) throw bad("--device takes LOG_ID=REGISTRY_ID, e.g. 7115=sig-0001; was " + m);
            rename.put(kv[0].strip(), kv[1].strip());
        }
        if (!Files.isRegularFile(log)) throw new ConfigException("hi-res log " + log + " does not exist");
        if (!Files.isRegularFile(registryFile)) throw new ConfigException("registry file " + registryFile + " does not exist (--registry)");
        Registry registry = Registry.load(registryFile);

        HiResLog.Read read;
        try {
            read = HiResLog.read(log, zoneId);
        } catch (IllegalArgumentException | IOException e) {
            throw new ConfigException("cannot read hi-res log " + log + ": " + SimulatorMain.oneLine(e.getMessage()));
        }
        for (HiResLog.BadLine b : read.bad().stream().limit(10).toList()) err.println("ioc-sim: " + log + " line " + b.line() + " skipped: " + b.reason());
        if (read.bad().size() > 10) err.println("ioc-sim: " + (read.bad().size() - 10) + " more lines skipped");
        if (read.events().isEmpty()) throw new ConfigException("hi-res log " + log + " has no event to replay");

        List<SignalReplay.Batch> batches = SignalReplay.batches(read.events(), rename, Duration.ofSeconds(batchSec), maxPayloadBytes);
        Set<String> intersections = new LinkedHashSet<>();
        for (SignalReplay.DeviceSummary d : SignalReplay.summary(batches)) {
            Registry.Device dev = registry.device(d.device()).filter(x -> "signal".equals(x.type())).orElseThrow(() -> new ConfigException(
                    "device " + d.device() + " of the log is not a signal controller of the registry " + registryFile
                            + "; publish it as one with --device " + d.device() + "=<controller id>"));
            if (dev.intersectionId() != null) intersections.add(dev.intersectionId());
        }
        Instant oldest = read.events().stream().map(HiResLog.Event::ts).min(Instant::compareTo).orElseThrow();
        Instant newest = read.events().stream().map(HiResLog.Event::ts).max(Instant::compareTo).orElseThrow();
        if (newest.isAfter(Instant.now().plus(DeviceContract.MAX_CLOCK_AHEAD))) {
            err.println("ioc-sim: the log reaches " + newest + ", in the future: the gateway refuses events more than "
                    + DeviceContract.MAX_CLOCK_AHEAD.toMinutes() + " min ahead of its clock");
        }
        String detectorNote = detectors == null ? null : detectorRows(detectors);

        MqttPublisher publisher = MqttPublisher.connect(new MqttPublisher.Settings(mqttUrl, clientId, 200,
                Duration.ofSeconds(10), Duration.ofSeconds(30)), config.string("mqtt.username", null), config.string("mqtt.password", null));
        long taken;
        boolean idle;
        long started = System.nanoTime();
        try {
            taken = SignalReplay.publish(batches, publisher, rate);
            idle = publisher.awaitIdle(Duration.ofSeconds(60));
        } finally {
            publisher.close();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        long events = batches.stream().mapToLong(b -> b.events().size()).sum();
        out.printf(Locale.ROOT, "replayed %s to %s: %d batches, %d events, %d devices in %.1f s; acknowledged %d, failed %d%s%n",
                log, mqttUrl, batches.size(), events, SignalReplay.summary(batches).size(), seconds, publisher.published(),
                publisher.failed() + (batches.size() - taken), idle ? "" : " (some still unacknowledged after 60 s)");
        if (!read.bad().isEmpty()) out.printf(Locale.ROOT, "skipped %d unreadable lines (listed on stderr)%n", read.bad().size());
        if (detectorNote != null) out.println(detectorNote);
        DateTimeFormatter t = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(zoneId);
        out.printf(Locale.ROOT, "%-16s %8s %9s %8s  %-23s  %-23s%n", "device", "batches", "events", "vendor", "first (" + zoneId + ")", "last");
        for (SignalReplay.DeviceSummary d : SignalReplay.summary(batches)) {
            out.printf(Locale.ROOT, "%-16s %8d %9d %8d  %-23s  %-23s%n", d.device(), d.batches(), d.events(), d.vendorEvents(),
                    t.format(d.first()), t.format(d.last()));
        }
        out.flush();
        if (printBins) {
            String bootstrap = kafka != null ? kafka : config.string("kafka.bootstrap", "127.0.0.1:9092");
            PerformanceBins bins = new PerformanceBins(intersections, oldest, newest);
            bins.read(config.with(Map.of("kafka.bootstrap", bootstrap)), binsWait);
            out.printf(Locale.ROOT, "%n15-minute measures of %s from %s (%d bins%s)%n", intersections, bootstrap, bins.count(),
                    bins.complete() ? "" : "; not every bin of the log's span within " + binsWait.toSeconds() + " s");
            bins.print(out, zoneId);
        }
        return publisher.failed() + (batches.size() - taken) == 0 ? 0 : 1;
    }

    /** A one-line account of the detector configuration: rows, and devices when a device column is named. */
    private String detectorRows(Path file) {
        if (!Files.isRegularFile(file)) throw new ConfigException("detector configuration " + file + " does not exist");
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList());
            int rows = Math.max(0, lines.size() - 1);
            return "detector configuration " + file + ": " + rows + " detector rows read (the job uses the registry's detectors)";
        } catch (IOException e) {
            throw new ConfigException("cannot read detector configuration " + file + ": " + SimulatorMain.oneLine(e.getMessage()));
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
