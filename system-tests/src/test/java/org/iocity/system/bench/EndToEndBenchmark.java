package org.iocity.system.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iocity.ingest.bench.IngestBenchmark;
import org.iocity.launcher.ServiceCommands;
import org.iocity.launcher.secrets.DemoSecrets;
import org.iocity.model.config.IocConfig;
import org.iocity.parts.ChildProcess;
import org.iocity.parts.LocalStack;
import org.iocity.parts.Ports;

/**
 * {@code ./ioc bench e2e [scale=1] [seconds=60] [warmup=30]}: the whole system as {@code ./ioc up} runs it (Kafka in its own JVM,
 * Mosquitto, InfluxDB, then the stream job, ingest and dashboard-api from {@link ServiceCommands}) on free loopback
 * ports in a temp folder, fed by the simulator in its own JVM in real time with a seeded city ({@code city --seed 42},
 * {@code scale} times its devices), and watched by a wall's WebSocket ({@link WallClient}). Prints, for one run:
 * <ul>
 * <li>time from start to the first congestion record on {@code GET /api/v1/congestion};</li>
 * <li>device messages and events per second end to end in the measured window, and loss by (device, seq) against what
 * the simulator got PUBACKs for ({@link SequenceAudit});</li>
 * <li>per-event latency, device time → alert frame, of flood and offline alerts ({@link AlertProbes}); windowed
 * latency, window end → congestion frame;</li>
 * <li>Mosquitto's pass-through and Kafka's producer/consumer rates on the same brokers once the services are stopped,
 * as the limits the end-to-end rates are a share of;</li>
 * <li>CPU seconds and RSS per process over the measured window, and the stack's total RSS.</li>
 * </ul>
 * Real time, not load mode: latency is device time to wall time, so the devices must stamp the present. Everything it
 * started is stopped at the end, also on failure. Settings for the services: {@code -Dioc.key=value} (e.g.
 * {@code -Dioc.flink.checkpoint.interval=1s}); extra JVM options for them: {@code -Dbench.jvm.opts="-XX:+UseSerialGC"}
 * ({@code {service}} in them becomes the service's name: {@code -XX:StartFlightRecording=filename=/tmp/{service}.jfr}
 * records each on its own).
 */
public final class EndToEndBenchmark {
    static final int WATER_PROBES = 20;
    static final int OFFLINE_PROBES = 10;
    static final Duration START_DEADLINE = Duration.ofMinutes(5);
    private static final Pattern ACKED = Pattern.compile("acked (\\d+) failed (\\d+)");
    private static final Pattern PUBLISHED = Pattern.compile("published (\\d+) failed (\\d+)");

    private final int scale;
    private final int seconds;
    private final int warmup;
    private final Path root = LocalStack.repoRoot();
    private final List<AutoCloseable> started = new ArrayList<>();
    private final ProcessUsage usage = new ProcessUsage();
    private final Map<String, ChildProcess> services = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path dir;
    private Path stackData;

    private EndToEndBenchmark(int scale, int seconds, int warmup) {
        this.scale = scale;
        this.seconds = seconds;
        this.warmup = warmup;
    }

    public static void main(String[] args) throws Exception {
        int scale = args.length > 0 ? bounded(args[0], "scale", 1, 20) : 1;
        int seconds = args.length > 1 ? bounded(args[1], "seconds", 30, 3600) : 60; // windows slide every 30 s
        // the measured window starts this long after the first data: a window's every path (early, final, areas,
        // confirmations, history) has run once and the JIT compiler has seen it, as on a wall that runs for days
        int warmup = args.length > 2 ? bounded(args[2], "warmup", 0, 600) : 30;
        EndToEndBenchmark bench = new EndToEndBenchmark(scale, seconds, warmup);
        try {
            bench.run();
        } finally {
            bench.stopAll();
        }
    }

    private static int bounded(String arg, String what, int min, int max) {
        try {
            int v = Integer.parseInt(arg);
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // below
        }
        System.err.printf("ioc bench e2e: %s must be a whole number %d..%d, was %s%n", what, min, max, arg);
        System.exit(2);
        return min;
    }

    private void run() throws Exception {
        String loadBefore = loadAverage();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(tmp);
        dir = Files.createTempDirectory(tmp, "ioc-e2e-");
        Path city = dir.resolve("city.json");
        long g0 = System.nanoTime();
        generateCity(city);
        double cityGenerated = (System.nanoTime() - g0) / 1e9;
        AlertProbes probes = new AlertProbes(WATER_PROBES, OFFLINE_PROBES);
        Path registry = dir.resolve("registry.json");
        probes.writeRegistry(city, registry);

        long up0 = System.nanoTime();
        LocalStack stack = LocalStack.builder().parts(LocalStack.Part.KAFKA, LocalStack.Part.MOSQUITTO, LocalStack.Part.INFLUXDB)
                .mqttMaxInflight(1000).start();
        started.add(stack);
        stackData = stack.dir();
        usage.add("kafka", stack.kafka().pid());
        usage.add("mosquitto", stack.mosquitto().pid());
        usage.add("influxd", stack.influx().pid());
        int apiPort = Ports.free();
        int ingestPort = Ports.free();
        Map<String, String> tokens = DemoSecrets.demoTokens(dir.resolve("tokens"));
        Map<String, String> open311Keys = DemoSecrets.demoOpen311Keys(dir.resolve("open311-keys"));
        Map<String, String> env = serviceEnv(stack, registry, apiPort, ingestPort);
        for (String name : List.of(ServiceCommands.STREAM_JOBS, ServiceCommands.INGEST, ServiceCommands.DASHBOARD_API)) {
            start(name, env);
        }
        awaitHealthy("ingest", "http://127.0.0.1:" + ingestPort + "/health");
        Map<String, String> simEnv = new LinkedHashMap<>(env);
        simEnv.put("IOC_REGISTRY_FILE", city.toString()); // the simulator does not know the probes
        simEnv.putAll(ServiceCommands.simulatedCitizens(open311Keys, "http://127.0.0.1:" + env.get("IOC_INGEST_OPEN311_PORT")));
        ChildProcess simulator = start(ServiceCommands.SIMULATORS, simEnv);
        long sim0 = System.nanoTime();
        awaitHealthy("dashboard API", "http://127.0.0.1:" + apiPort + "/health");

        AlertHops hops = new AlertHops(probes);
        started.add(hops);
        hops.start(stack.config());
        WallClient wall = new WallClient(probes, hops);
        started.add(wall);
        wall.connect(apiPort, tokens.get("wall"));
        started.add(probes);
        probes.start(stack.mosquitto().url());
        awaitFirstCongestion(apiPort, tokens.get("wall"));
        double firstLive = (System.nanoTime() - up0) / 1e9;
        log("first congestion record on GET /api/v1/congestion %.1f s after the start; measuring %d s after %d s of warm-up",
                firstLive, seconds, warmup);
        long warm = System.nanoTime() + Duration.ofSeconds(warmup).toNanos();
        while (System.nanoTime() < warm) {
            services.values().forEach(ChildProcess::requireAlive);
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }

        usage.mark();
        wall.measure(true);
        hops.measure(true);
        long m0 = System.currentTimeMillis();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
            services.values().forEach(ChildProcess::requireAlive);
            usage.sampleRss();
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }
        wall.measure(false);
        hops.measure(false);
        long m1 = System.currentTimeMillis();
        List<ProcessUsage.Usage> used = usage.snapshot();
        String loadAfter = loadAverage();
        probes.close();
        String probeSummary = probes.summary();

        // a clean stop publishes every device's offline status, then the summary: on a big city and a busy machine that
        // takes longer than ChildProcess's grace period
        ProcessHandle.of(simulator.pid()).ifPresent(ProcessHandle::destroy);
        awaitWhileAlive("the simulator's clean stop", () -> !simulator.alive(), List.of());
        simulator.stop();
        double simSeconds = (System.nanoTime() - sim0) / 1e9;
        long[] ackedFailed = ackedAndFailed(simulator);
        SequenceAudit audit = new SequenceAudit(stack.config());
        started.add(audit);
        audit.window(m0, m1);
        audit.readUntil(ackedFailed[0], Duration.ofSeconds(90));

        wall.close();
        for (ChildProcess p : services.values()) p.stop();
        log("services stopped; now the parts alone on the same brokers");
        ProcessUsage parts = new ProcessUsage();
        parts.add("mosquitto", stack.mosquitto().pid());
        parts.add("kafka", stack.kafka().pid());
        int mqttMessages = 100_000;
        double passThrough = IngestBenchmark.passThrough(stack.mosquitto().url(), mqttMessages, 0, 2, 1000, city.toString());
        List<ProcessUsage.Usage> passThroughCpu = parts.snapshot();
        parts.mark();
        int kafkaRecords = 200_000;
        KafkaLoopback.Rates kafka = KafkaLoopback.measure(stack.config(), kafkaRecords);
        List<ProcessUsage.Usage> kafkaCpu = parts.snapshot();

        Report r = new Report();
        r.line("== IOC end to end: scale %d (%s), %d s measured from %d s after the first data ==", scale, cityCounts(city),
                seconds, warmup);
        r.line("machine: %d cores, load average (1/5/15 min) %s before, %s at the end of the window; %s",
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, System.getProperty("java.vm.name")
                        + " " + System.getProperty("java.version"));
        r.line("city generated in %.1f s (not counted below)", cityGenerated);
        r.line("start-up: brokers + services + simulator to the first congestion record on GET /api/v1/congestion: "
                + "%.1f s (aim < 60 s)", firstLive);
        double windowSec = (m1 - m0) / 1000.0;
        r.line("input: simulator in real time in its own JVM, %d acked, %d failed over %.0f s; in the measured window ingest "
                        + "received %.0f device messages/s = %.0f device events/s (a signal batch counts its hi-res events)",
                ackedFailed[0], ackedFailed[1], simSeconds, audit.windowMessages() / windowSec, audit.windowEvents() / windowSec);
        boolean zeroLoss = ackedFailed[1] == 0 && audit.holes() == 0 && audit.distinct() >= ackedFailed[0];
        r.line("loss by (device, seq) on the raw topics: %d distinct of %d acked%s, %d holes, %d duplicates -> %s",
                audit.distinct(), ackedFailed[0], ackedFailed[2] == 1 ? "" : " (by its last progress report: its clean stop"
                        + " outlasted its shutdown grace)", audit.holes(), audit.duplicates(), zeroLoss ? "ZERO LOSS" : "LOSS");
        r.line("  %s", audit.perTopic());
        r.line("  and over HTTP (Open311 intake, back office), the simulator's whole run: %s", citizens(simulator));
        r.line("per-event latency, device time -> WebSocket frame (aim p99 < 100 ms); probes: %s", probeSummary);
        r.line("  flood alert raised   %s", wall.floodRaise.summary());
        r.line("  flood alert cleared  %s", wall.floodClear.summary());
        r.line("  device offline       %s (from the moment the probe dropped its connection)", wall.offlineRaise.summary());
        hops.report().forEach(l -> r.line("%s", l));
        hops.writeCsv(dir.resolve("logs").resolve("alert-hops.csv"));
        r.line("  every event's times: %s", dir.resolve("logs").resolve("alert-hops.csv"));
        IocConfig settings = IocConfig.load().with(overrides());
        r.line("windowed latency, window end -> first congestion frame of the window (aim < 1 s): %s",
                wall.congestion.first.summary());
        r.line("  (the early result, sent %s after the window's end with the intervals in by then, at least once)",
                settings.string("congestion.live.delay", "300ms"));
        r.line("  window end -> final frame: %s", wall.congestion.last.summary());
        r.line("  (final when the watermark passes the end: out-of-orderness %s, cameras every 10 s; visible when the"
                        + " checkpoint every %s commits the exactly-once sink)",
                settings.string("watermark.out.of.orderness", "10s"), settings.string("flink.checkpoint.interval", "5s"));
        r.line("  %s", wall.congestion.agreement());
        r.line("  wards and city: window end -> first frame %s; -> final frame %s", wall.areas.first.summary(),
                wall.areas.last.summary());
        r.line("  %s", wall.areas.agreement());
        r.line("results out in the window: %.1f congestion frames/s, %d alert frames, %d device frames, %d unreadable frames",
                wall.congestion.frames() / windowSec, wall.alertFrames.get(), wall.deviceFrames.get(), wall.unreadable.get());
        double e2eMessages = audit.windowMessages() / windowSec;
        r.line("parts alone, same brokers, services stopped:");
        r.line("  Mosquitto QoS 1 pass-through (publisher JVM -> 2 subscribers): %.0f msg/s; end to end used %.1f %% of it",
                passThrough, 100 * e2eMessages / passThrough);
        r.line("    CPU per message: %s", perMessage(passThroughCpu, mqttMessages));
        r.line("  Kafka producer (acks=all, linger 5 ms, lz4): %.0f records/s, consumer %.0f records/s; raw records end to end "
                + "used %.1f %% of the producer", kafka.producerPerSecond(), kafka.consumerPerSecond(), 100 * e2eMessages / kafka.producerPerSecond());
        r.line("    CPU per record (produce + consume): %s", perMessage(kafkaCpu, kafkaRecords));
        r.line("per process over the measured window (CPU: seconds, share of one core, µs per device message; RSS now / peak):");
        long stackRss = 0;
        for (ProcessUsage.Usage u : used) {
            r.line("  %-14s pid %-7d CPU %6.1f s %5.1f %% %8.1f µs/msg   RSS %5d / %5d MiB", u.name(), u.pid(),
                    u.cpuSeconds(), 100 * u.cpuSeconds() / windowSec, 1e6 * u.cpuSeconds() / Math.max(1, audit.windowMessages()),
                    u.rssKib() / 1024, u.peakRssKib() / 1024);
            stackRss += u.peakRssKib();
        }
        r.line("  whole stack (sum of the peaks above, what ./ioc up runs but its launcher): %d MiB (aim < 4096 MiB)",
                stackRss / 1024);
        long benchRss = ProcessUsage.rssKib(ProcessHandle.current().pid());
        r.line("  bench JVM (wall WebSocket, probes, audit; the launcher's place): RSS %d MiB", benchRss / 1024);
        r.line("logs: %s/logs (the brokers' data and checkpoints are removed at the end)", dir);
        System.out.println(r);
    }

    /** {@code city --seed 42} with {@code scale} times the intersections, cameras and sensors (same 168 wards). */
    private void generateCity(Path out) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ChildProcess.java(), "-Xmx1g", "-jar", "simulators/target/ioc-simulators.jar",
                "city", "--seed", "42", "--out", out.toString()));
        Map<String, Integer> base = Map.of("--intersections", 2000, "--smart", 200, "--cameras", 900, "--air", 60,
                "--water", 40, "--noise", 40);
        base.forEach((option, n) -> cmd.addAll(List.of(option, String.valueOf(n * scale))));
        Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("city.log").toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("city generation failed; see " + dir.resolve("city.log"));
        }
    }

    private Map<String, String> serviceEnv(LocalStack stack, Path registry, int apiPort, int ingestPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("IOC_KAFKA_BOOTSTRAP", stack.kafka().bootstrap());
        env.put("IOC_MQTT_URL", stack.mosquitto().url());
        env.put("IOC_INFLUX_URL", stack.influx().url());
        env.put("IOC_REGISTRY_FILE", registry.toString());
        env.put("IOC_API_PORT", String.valueOf(apiPort));
        env.put("IOC_API_TOKENS_FILE", dir.resolve("tokens").toString());
        env.put("IOC_FLINK_UI_PORT", String.valueOf(Ports.free()));
        env.put("IOC_FLINK_CHECKPOINT_DIR", dir.resolve("checkpoints").toString());
        env.put("IOC_INGEST_HTTP_PORT", String.valueOf(ingestPort));
        env.put("IOC_KAFKA_CONNECT_TIMEOUT", "120s"); // a shared, busy machine: the broker answers, but slowly
        env.put("IOC_INGEST_OPEN311_PORT", String.valueOf(Ports.free()));
        env.put("IOC_INGEST_OPEN311_KEYS_FILE", dir.resolve("open311-keys").toString());
        overrides().forEach((k, v) -> env.put(IocConfig.envName(k), v));
        return env;
    }

    /** {@code -Dioc.key=value} on the bench JVM: settings for every service. */
    private static Map<String, String> overrides() {
        Map<String, String> o = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("ioc.")).sorted()
                .forEach(k -> o.put(k.substring(4), System.getProperty(k)));
        return o;
    }

    /** A service of {@link ServiceCommands} as {@code ./ioc up} starts it, plus {@code bench.jvm.opts}. */
    private ChildProcess start(String name, Map<String, String> env) {
        List<String> cmd = new ArrayList<>(ServiceCommands.all().get(name));
        cmd.set(0, ChildProcess.java());
        String opts = System.getProperty("bench.jvm.opts", "").trim().replace("{service}", name);
        if (!opts.isEmpty()) cmd.addAll(1, List.of(opts.split("\\s+")));
        if (name.equals(ServiceCommands.SIMULATORS)) {
            // a bigger city's devices and their models; the report every 10 s shows its pace in its log
            if (scale > 1) cmd.replaceAll(a -> a.startsWith("-Xmx") ? "-Xmx" + Math.min(512, 128 * scale) + "m" : a);
            cmd.addAll(List.of("--report-every", "10s", "--client-id", "ioc-sim-e2e"));
        }
        ChildProcess p = ChildProcess.start(name, cmd, root, env, dir.resolve("logs").resolve(name + ".log"));
        started.add(p);
        services.put(name, p);
        usage.add(name, p.pid());
        return p;
    }

    private void awaitHealthy(String what, String url) {
        awaitWhileAlive(what + " at " + url, () -> status(url, null) == 200);
    }

    private void awaitFirstCongestion(int apiPort, String token) {
        String url = "http://127.0.0.1:" + apiPort + "/api/v1/congestion";
        awaitWhileAlive("a congestion record on " + url, () -> {
            String body = body(url, token);
            return body != null && body.contains("\"Feature\"");
        });
    }

    /** Waits for {@code condition} up to {@link #START_DEADLINE}; fails at once, with its log, when a service dies. */
    private void awaitWhileAlive(String what, java.util.function.BooleanSupplier condition) {
        awaitWhileAlive(what, condition, services.values());
    }

    private static void awaitWhileAlive(String what, java.util.function.BooleanSupplier condition,
                                        java.util.Collection<ChildProcess> mustLive) {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            mustLive.forEach(ChildProcess::requireAlive);
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out after " + START_DEADLINE.toSeconds() + " s waiting for " + what);
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    private int status(String url, String token) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3));
            if (token != null) b.header("Authorization", "Bearer " + token);
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String body(String url, String token) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Acked and failed publishes: the simulator's summary ("acked N failed M") when it stopped cleanly, else its last
     * progress report ("published N failed M"; on a big city and a busy machine the clean stop, which sends every
     * device's offline status, can outlast its 20 s shutdown grace, and what it sent after the report is not counted).
     * The third value is 1 when the figure is the summary.
     */
    private static long[] ackedAndFailed(ChildProcess simulator) throws IOException {
        Matcher summary = null;
        Matcher progress = null;
        for (String line : Files.readAllLines(simulator.log())) {
            Matcher m = ACKED.matcher(line);
            if (m.find()) summary = m;
            Matcher p = PUBLISHED.matcher(line);
            if (p.find()) progress = p;
        }
        Matcher last = summary != null ? summary : progress;
        if (last == null) throw new IllegalStateException("the simulator reported no publishes; see " + simulator.log());
        return new long[] {Long.parseLong(last.group(1)), Long.parseLong(last.group(2)), summary != null ? 1 : 0};
    }

    /** The simulator's last count of its citizens stream ("citizens complaints N dossiers N steps N refused N"). */
    private static String citizens(ChildProcess simulator) throws IOException {
        String last = "no citizens stream in the simulator's log";
        for (String line : Files.readAllLines(simulator.log())) {
            Matcher m = CITIZENS.matcher(line);
            if (m.find()) last = m.group();
        }
        return last;
    }

    private static final Pattern CITIZENS = Pattern.compile("citizens complaints \\d+ dossiers \\d+ steps \\d+ refused \\d+");

    private static String cityCounts(Path city) throws IOException {
        var devices = org.iocity.model.records.Json.mapper().readTree(city.toFile()).path("devices");
        Map<String, Integer> byType = new LinkedHashMap<>();
        devices.forEach(d -> byType.merge(d.path("type").asText(), 1, Integer::sum));
        return byType.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static String perMessage(List<ProcessUsage.Usage> used, int n) {
        StringBuilder sb = new StringBuilder();
        for (ProcessUsage.Usage u : used) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f µs", u.name(), 1e6 * u.cpuSeconds() / n));
        }
        return sb.toString();
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "ioc bench e2e: " + format + "%n", args);
    }

    private void stopAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log("while stopping: %s", e);
            }
        }
        started.clear();
        // the brokers' data and the checkpoints (hundreds of MB a run) go; the logs stay
        for (Path data : new Path[] {stackData, dir == null ? null : dir.resolve("checkpoints")}) {
            if (data == null || !Files.exists(data)) continue;
            try (var paths = Files.walk(data)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                log("could not remove %s: %s", data, e);
            }
        }
    }

    /** The report's lines, printed together at the end. */
    private static final class Report {
        private final StringBuilder text = new StringBuilder();

        void line(String format, Object... args) {
            text.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
