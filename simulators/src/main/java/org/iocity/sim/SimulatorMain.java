package org.iocity.sim;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iocity.model.ConfigException;
import org.iocity.model.DeviceMessage;
import org.iocity.model.IocConfig;
import org.iocity.model.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The camera simulator's command line: loads the registry, connects to the broker, and publishes every camera's
 * counts each interval until a limit is reached or the process is stopped. Every option also reads from the
 * configuration ({@code --interval} from {@code sim.interval} / {@code IOC_SIM_INTERVAL}, {@code --mqtt-url} from
 * {@code mqtt.url} / {@code IOC_MQTT_URL}, {@code --registry} from {@code registry.file} / {@code IOC_REGISTRY_FILE});
 * the command line wins. Bad options, a bad registry or an unreachable broker: one line on stderr, exit code 2.
 */
@Command(name = "ioc-sim", mixinStandardHelpOptions = true, subcommands = {CityCommand.class}, sortOptions = false, usageHelpAutoWidth = true,
        version = "ioc-sim 0.1.0 (device contract v" + DeviceMessage.SCHEMA_VERSION + ")",
        description = "Simulates the city's traffic cameras and publishes their counts on ioc/v1/camera/{id}/counts "
                + "over MQTT (QoS 1). Options default to the configuration (config/ioc.properties, IOC_* variables).")
public final class SimulatorMain implements Callable<Integer> {
    static {
        // on SIGTERM our shutdown hook closes the client and logs the final summary: logging must outlive it
        if (System.getProperty("log4j2.shutdownHookEnabled") == null) System.setProperty("log4j2.shutdownHookEnabled", "false");
    }

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorMain.class);
    static final int EXIT_BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    /** The process configuration: {@code mqtt.username} / {@code mqtt.password} (never on the command line). */
    IocConfig config = IocConfig.of(Map.of());

    @Option(names = "--mqtt-url", paramLabel = "URL", defaultValue = "tcp://127.0.0.1:1883",
            description = "MQTT broker (mqtt.url, IOC_MQTT_URL). Default: ${DEFAULT-VALUE}")
    String mqttUrl;

    @Option(names = "--registry", paramLabel = "FILE", defaultValue = "config/registry.json",
            description = "City registry of wards, segments and cameras (registry.file, IOC_REGISTRY_FILE). Default: ${DEFAULT-VALUE}")
    Path registryFile;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds counted by each camera message, 1..3600 (sim.interval, IOC_SIM_INTERVAL). Default: ${DEFAULT-VALUE}")
    int intervalSec;

    @Option(names = "--cameras", paramLabel = "N",
            description = "Simulate only the first N cameras of the registry (sim.cameras). Default: all")
    Integer cameras;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long, e.g. 90s, 30m, 2h (sim.duration). Default: run until stopped")
    Duration duration;

    @Option(names = "--count", paramLabel = "N",
            description = "Stop after N messages in all (sim.count). Default: no limit")
    Long count;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the traffic model: same seed, same traffic (sim.seed). Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--start", paramLabel = "TIME", converter = StartConverter.class,
            description = "Event time of the first round, ISO-8601 (2026-11-23T06:00:00+07:00, or local time in "
                    + "Asia/Ho_Chi_Minh without offset), within the last 7 days (sim.start). Default: now")
    Instant start;

    @Option(names = "--speedup", paramLabel = "FACTOR", defaultValue = "1",
            description = "Simulated seconds per second, 1..10000, from --start until the simulated clock catches up "
                    + "with the real one (sim.speedup). Default: ${DEFAULT-VALUE}")
    double speedup;

    @Option(names = "--incidents", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Inject incidents: a segment's capacity drops for 10-50 min (sim.incidents). Default: off")
    boolean incidents;

    @Option(names = "--incident-rate", paramLabel = "P", defaultValue = "0.05",
            description = "With --incidents, the chance per segment and hour that one starts, 0..1 (sim.incident.rate). Default: ${DEFAULT-VALUE}")
    double incidentRate;

    @Option(names = "--client-id", paramLabel = "ID", defaultValue = "ioc-sim-cameras",
            description = "MQTT client id; keep it stable so the broker resumes the session (sim.client.id). Default: ${DEFAULT-VALUE}")
    String clientId;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "500",
            description = "Messages published and not yet acknowledged, at most, 1..32000 (sim.max.in.flight). Default: ${DEFAULT-VALUE}")
    int maxInFlight;

    @Option(names = "--report-every", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How often to log a summary line (sim.report.every). Default: ${DEFAULT-VALUE}")
    Duration reportEvery;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs with the process configuration and the standard streams; returns the exit code. */
    public static int execute(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        IocConfig config;
        try {
            config = IocConfig.load();
        } catch (ConfigException e) {
            err.println("ioc-sim: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        return execute(config, out, err, args);
    }

    /** Runs with the given configuration and streams; returns the exit code (0 done, 2 bad input or no broker). */
    public static int execute(IocConfig config, PrintWriter out, PrintWriter err, String... args) {
        SimulatorMain main = new SimulatorMain();
        main.config = config;
        CommandLine cmd = new CommandLine(main);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setDefaultValueProvider(new ConfigDefaults(config));
        cmd.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("ioc-sim: " + oneLine(ex.getMessage()) + " (see --help)");
            return EXIT_BAD_INPUT;
        });
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof ConfigException || ex instanceof MqttPublisher.ConnectException) {
                c.getErr().println("ioc-sim: " + oneLine(ex.getMessage()));
                return EXIT_BAD_INPUT;
            }
            LOG.error("simulator failed", ex);
            c.getErr().println("ioc-sim: " + oneLine(String.valueOf(ex)));
            return 1;
        });
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public Integer call() throws Exception {
        validate();
        if (!Files.isRegularFile(registryFile)) {
            throw new ConfigException("registry file " + registryFile + " does not exist (--registry, IOC_REGISTRY_FILE)");
        }
        Registry registry = Registry.load(registryFile);
        List<Registry.Device> chosen = CameraSimulator.cameras(registry, cameras == null ? Integer.MAX_VALUE : cameras);
        if (chosen.isEmpty()) throw new ConfigException("registry " + registryFile + " has no camera on a known segment");
        CityTrafficModel model = new CityTrafficModel(registry.segments(), seed, incidents ? incidentRate : 0);

        MqttPublisher publisher = MqttPublisher.connect(new MqttPublisher.Settings(mqttUrl, clientId, maxInFlight,
                Duration.ofSeconds(10), Duration.ofSeconds(Math.max(1, Math.min(intervalSec, 10)))),
                config.string("mqtt.username", null), config.string("mqtt.password", null));
        CameraSimulator sim = new CameraSimulator(chosen, new CameraMessageFactory(model), publisher, intervalSec);
        CameraSimulator.RunPlan plan = new CameraSimulator.RunPlan(start, speedup, duration, count == null ? 0 : count,
                reportEvery.isZero() ? null : reportEvery);
        LOG.info("simulating {} cameras of {} every {} s ({} msg/s) to {} as {}; seed {}, incidents {}; {}{}",
                chosen.size(), registry.city(), intervalSec, String.format(Locale.ROOT, "%.1f", sim.messagesPerSecond()),
                mqttUrl, clientId, seed, incidents ? "at " + incidentRate + " per segment-hour" : "off",
                start == null ? "live" : "from " + CameraMessageFactory.timestamp(start) + " at " + speedup + "x",
                limits());
        if (speedup > 1 && start == null) LOG.warn("--speedup without --start runs live: the simulated clock is already now");

        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            sim.stop();
            try {
                closed.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ioc-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        CameraSimulator.RunResult result;
        try {
            result = sim.run(plan);
        } finally {
            sim.close();
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what stopped us
            }
        }
        LOG.info("stopped after {} rounds: published {} failed {}{}", result.rounds(), publisher.published(), publisher.failed(),
                result.lastEventTime() == null ? "" : "; last event time " + CameraMessageFactory.timestamp(result.lastEventTime()));
        return 0;
    }

    private String limits() {
        StringBuilder sb = new StringBuilder();
        if (count != null) sb.append(", stopping after ").append(count).append(" messages");
        if (duration != null) sb.append(count == null ? ", stopping after " : " or ").append(duration.toString().substring(2).toLowerCase(Locale.ROOT));
        return sb.toString();
    }

    private void validate() {
        if (intervalSec < 1 || intervalSec > 3600) bad("--interval must be 1..3600 seconds, was " + intervalSec);
        if (cameras != null && cameras < 1) bad("--cameras must be at least 1, was " + cameras);
        if (count != null && count < 1) bad("--count must be at least 1, was " + count);
        if (duration != null && duration.isZero()) bad("--duration must be longer than 0");
        if (!(speedup >= 1 && speedup <= 10_000)) bad("--speedup must be 1..10000, was " + speedup);
        if (!(incidentRate >= 0 && incidentRate <= 1)) bad("--incident-rate must be 0..1, was " + incidentRate);
        if (maxInFlight < 1 || maxInFlight > 32_000) bad("--max-in-flight must be 1..32000, was " + maxInFlight);
        if (clientId.isBlank() || clientId.length() > 128) bad("--client-id must be 1..128 characters");
        if (!mqttUrl.matches("(tcp|ssl|ws|wss)://.+")) bad("--mqtt-url must look like tcp://host:1883, was " + mqttUrl);
        if (reportEvery.isNegative()) bad("--report-every must not be negative");
        if (start != null) {
            Instant now = Instant.now();
            if (start.isAfter(now)) bad("--start " + CameraMessageFactory.timestamp(start) + " is in the future");
            if (start.isBefore(now.minus(DeviceMessage.MAX_AGE).plusSeconds(60))) {
                bad("--start must be within the last " + DeviceMessage.MAX_AGE.toDays() + " days: the gateway refuses older readings");
            }
        }
    }

    private void bad(String message) {
        throw new ParameterException(spec.commandLine(), message);
    }

    static String oneLine(String s) {
        if (s == null) return "error";
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Option defaults from the configuration: {@code --mqtt-url} is {@code mqtt.url}, {@code --interval} is {@code sim.interval}. */
    static final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
        private static final Map<String, String> KEYS = Map.of("--mqtt-url", "mqtt.url", "--registry", "registry.file");
        private final IocConfig config;

        ConfigDefaults(IocConfig config) {
            this.config = config;
        }

        static String key(String option) {
            return KEYS.getOrDefault(option, "sim." + option.substring(2).replace('-', '.'));
        }

        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec o) || o.usageHelp() || o.versionHelp()) return null;
            String key = key(o.longestName());
            return config.has(key) ? config.string(key) : null;
        }
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return IocConfig.of(Map.of("d", value)).duration("d", null);
            } catch (ConfigException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 500ms, 30s, 5m, 2h or PT30S");
            }
        }
    }

    static final class StartConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException withoutOffset) {
                try {
                    return LocalDateTime.parse(value).atZone(CityTrafficModel.ZONE).toInstant();
                } catch (DateTimeParseException e) {
                    throw new CommandLine.TypeConversionException("'" + value + "' is not a time such as 2026-11-23T06:00:00+07:00");
                }
            }
        }
    }
}
