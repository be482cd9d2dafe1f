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
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.contract.DeviceContract;
import org.iocity.model.registry.Registry;
import org.iocity.sim.replay.ReplaySignalsCommand;
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
@Command(name = "ioc-sim", mixinStandardHelpOptions = true, subcommands = {CityCommand.class, ReplaySignalsCommand.class}, sortOptions = false, usageHelpAutoWidth = true,
        version = "ioc-sim 0.1.0 (device contract v" + DeviceContract.SCHEMA_VERSION + ")",
        description = "Simulates the city's traffic cameras (and with --streams its signal controllers, sensors and citizens) "
                + "and publishes over MQTT (QoS 1) and HTTP. Options default to the configuration (config/ioc.properties, "
                + "IOC_* variables). 'ioc-sim city --help' writes a seeded city registry; 'ioc-sim replay-signals --help' replays a "
                + "hi-res controller log.")
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

    @Option(names = "--scenario", paramLabel = "N/WINDOW",
            description = "Scenario mode: instead of the traffic model, every camera counts exactly N vehicles in every "
                    + "WINDOW (e.g. 120/60s, a whole number of --interval); the first round is aligned to a window (sim.scenario)")
    String scenario;

    @Option(names = "--load", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Load mode: as fast as possible from --start (default 6 days ago) until the simulated clock "
                    + "reaches now (sim.load). Default: off")
    boolean load;

    @Option(names = "--streams", paramLabel = "LIST", split = ",", defaultValue = "cameras",
            description = "What to simulate: cameras, signals (smart controllers' hi-res events; they take plans from "
                    + "ioc/v1/signal/{id}/plan/set), sensors (air, water, noise), citizens (complaints and dossiers over "
                    + "HTTP to the Open311 intake) (sim.streams). Default: ${DEFAULT-VALUE}")
    List<String> streams;

    @Option(names = "--open311-url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8091",
            description = "With --streams citizens: the Open311 intake (sim.open311.url). Default: ${DEFAULT-VALUE}")
    String open311Url;

    @Option(names = "--intake-key", paramLabel = "KEY",
            description = "With --streams citizens: an intake API key (sim.intake.key, IOC_SIM_INTAKE_KEY); or @FILE to read it from a file")
    String intakeKey;

    @Option(names = "--backoffice-key", paramLabel = "KEY",
            description = "With --streams citizens: a back-office API key (sim.backoffice.key, IOC_SIM_BACKOFFICE_KEY); or @FILE")
    String backofficeKey;

    @Option(names = "--services", paramLabel = "FILE", defaultValue = "config/open311-services.json",
            description = "The intake's service catalogue, for the complaint categories (sim.services). Default: ${DEFAULT-VALUE}")
    Path servicesFile;

    @Option(names = "--complaints-per-day", paramLabel = "N", defaultValue = "600",
            description = "Citizens' complaints per day, city-wide (sim.complaints.per.day). Default: ${DEFAULT-VALUE}")
    double complaintsPerDay;

    @Option(names = "--dossiers-per-day", paramLabel = "N", defaultValue = "1500",
            description = "Administrative dossiers per working day (sim.dossiers.per.day). Default: ${DEFAULT-VALUE}")
    double dossiersPerDay;

    @Option(names = "--on-time", paramLabel = "P", defaultValue = "0.96",
            description = "Share of complaints and dossiers resolved by their due time, 0..1 (sim.on.time). Default: ${DEFAULT-VALUE}")
    double onTime;

    @Option(names = "--signal-batch", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds of controller events per message, 1..300 (sim.signal.batch). Default: ${DEFAULT-VALUE}")
    int signalBatchSec;

    @Option(names = "--sensor-interval", paramLabel = "SECONDS", defaultValue = "60",
            description = "Seconds between sensor readings, 1..3600 (sim.sensor.interval). Default: ${DEFAULT-VALUE}")
    int sensorIntervalSec;

    @Option(names = "--duplicates", paramLabel = "P", defaultValue = "0",
            description = "Chance that a message is sent twice, 0..1 (sim.duplicates). Default: ${DEFAULT-VALUE}")
    double duplicates;

    @Option(names = "--late", paramLabel = "P", defaultValue = "0",
            description = "Chance that a message is held back one round, arriving late and out of order, 0..1 (sim.late). Default: ${DEFAULT-VALUE}")
    double late;

    @Option(names = "--silent", paramLabel = "DEVICE@AFTER", split = ",",
            description = "Devices that go silent (status offline, nothing more sent) this long after --start, e.g. cam-0001@10m (sim.silent)")
    List<String> silent;

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
        if (!streams.equals(List.of("cameras")) || duplicates > 0 || late > 0 || silent != null) return runCity(registry);
        List<Registry.Device> chosen = CameraSimulator.cameras(registry, cameras == null ? Integer.MAX_VALUE : cameras);
        if (chosen.isEmpty()) throw new ConfigException("registry " + registryFile + " has no camera on a known segment");
        CameraMessageFactory.TrafficSource model = traffic(registry);

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

        CameraSimulator.RunResult result = runStoppable(sim::stop, sim::close, () -> sim.run(plan));
        LOG.info("stopped after {} rounds: published {} failed {}{}", result.rounds(), publisher.published(), publisher.failed(),
                result.lastEventTime() == null ? "" : "; last event time " + CameraMessageFactory.timestamp(result.lastEventTime()));
        return 0;
    }

    /** A key given on the command line or in the configuration; {@code @FILE} reads the file's first line. */
    private String key(String value, String option) {
        if (value == null || value.isBlank()) bad("--streams citizens needs " + option + " (or @FILE)");
        if (!value.startsWith("@")) return value;
        try {
            return Files.readAllLines(Path.of(value.substring(1))).stream().map(String::strip).filter(l -> !l.isEmpty())
                    .findFirst().orElseThrow(() -> new ConfigException(option + " file " + value.substring(1) + " is empty"));
        } catch (java.io.IOException e) {
            throw new ConfigException("cannot read " + option + " file " + value.substring(1) + ": " + oneLine(e.getMessage()));
        }
    }

    /** The traffic model, or the scenario's fixed counts with {@code --scenario}. */
    private CameraMessageFactory.TrafficSource traffic(Registry registry) {
        if (scenarioWindowSec > 0) return new ScenarioTraffic(registry.segments(), scenarioVehicles, scenarioWindowSec);
        return new CityTrafficModel(registry.segments(), seed, incidents ? incidentRate : 0);
    }

    /** Runs {@code run}; SIGTERM calls {@code stop} and waits (up to 20 s) for {@code close}, which always follows. */
    private static CameraSimulator.RunResult runStoppable(Runnable stop, Runnable close,
                                                          java.util.function.Supplier<CameraSimulator.RunResult> run) {
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.run();
            try {
                closed.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ioc-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run.get();
        } finally {
            close.run();
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what stopped us
            }
        }
    }

    /** Several streams and device faults through {@link CitySimulator}. */
    private int runCity(Registry registry) throws Exception {
        Instant simStart = start == null ? Instant.now() : start;
        List<CitySimulator.DeviceStream> chosen = new java.util.ArrayList<>();
        CitySimulator.SignalStream signals = null;
        EnvironmentModel weather = new EnvironmentModel(seed, true);
        for (String s : streams) {
            switch (s) {
                case "cameras" -> {
                    List<Registry.Device> cams = CameraSimulator.cameras(registry, cameras == null ? Integer.MAX_VALUE : cameras);
                    if (cams.isEmpty()) throw new ConfigException("registry " + registryFile + " has no camera on a known segment");
                    CameraMessageFactory.TrafficSource traffic = traffic(registry);
                    if (traffic instanceof CityTrafficModel m) m.withRain(weather::rainAt);
                    chosen.add(CitySimulator.cameras(cams, new CameraMessageFactory(traffic), intervalSec));
                }
                case "signals" -> {
                    List<Registry.Device> smart = registry.devices("signal").stream().filter(d -> d.intersectionId() != null
                            && registry.intersection(d.intersectionId()).map(Registry.Intersection::smart).orElse(false)).toList();
                    if (smart.isEmpty()) throw new ConfigException("registry " + registryFile + " has no controller at a smart intersection");
                    signals = (CitySimulator.SignalStream) CitySimulator.signals(smart, d -> SignalController.of(
                            registry.intersection(d.intersectionId()).orElseThrow(), d.id(), seed, simStart), signalBatchSec);
                    chosen.add(signals);
                }
                case "sensors" -> {
                    List<Registry.Device> sensors = registry.devices("sensor");
                    if (sensors.isEmpty()) throw new ConfigException("registry " + registryFile + " has no sensor");
                    chosen.add(CitySimulator.sensors(sensors, weather, sensorIntervalSec));
                }
                case "citizens" -> {
                    String intake = key(intakeKey, "--intake-key");
                    String backoffice = key(backofficeKey, "--backoffice-key");
                    CitizenModel citizens = new CitizenModel(seed, CitizenStream.categories(servicesFile),
                            CitizenStream.places(registry, registryFile), complaintsPerDay, dossiersPerDay, onTime,
                            org.iocity.model.registry.WorkingCalendar.weekdaysOnly());
                    chosen.add(new CitizenStream(citizens, java.net.URI.create(open311Url), intake, backoffice, 60));
                }
                default -> bad("--streams takes cameras, signals, sensors and citizens, not " + s);
            }
        }
        java.util.Map<String, Instant> silentFrom = new java.util.LinkedHashMap<>();
        for (String s : silent == null ? List.<String>of() : silent) {
            String[] parts = s.split("@", 2);
            if (parts.length != 2 || registry.device(parts[0]).isEmpty()) bad("--silent takes DEVICE@AFTER with a device of the registry, e.g. cam-0001@10m; was " + s);
            silentFrom.put(parts[0], simStart.plus(new DurationConverter().convert(parts[1])));
        }
        MqttPublisher publisher = MqttPublisher.connect(new MqttPublisher.Settings(mqttUrl, clientId, maxInFlight,
                Duration.ofSeconds(10), Duration.ofSeconds(5)), config.string("mqtt.username", null), config.string("mqtt.password", null));
        CitySimulator sim = new CitySimulator(chosen, publisher, new CitySimulator.Faults(duplicates, late, silentFrom), seed);
        try {
            for (String id : silentFrom.keySet()) {
                // a device that will go silent gets its own connection with a last will, which the broker publishes
                Registry.Device d = registry.device(id).orElseThrow();
                sim.ownConnection(id, MqttPublisher.connect(new MqttPublisher.Settings(mqttUrl, clientId + "-" + id, 50,
                        Duration.ofSeconds(10), Duration.ofSeconds(5)), config.string("mqtt.username", null),
                        config.string("mqtt.password", null), CitySimulator.lastWill(d)));
            }
        } catch (MqttPublisher.ConnectException e) {
            sim.close();
            throw e;
        }
        if (signals != null) {
            CitySimulator.SignalStream s = signals;
            publisher.subscribe("ioc/v1/signal/+/plan/set", s::onPlan);
        }
        LOG.info("simulating {} of {} to {} as {}; seed {}; {}{}", streams, registry.city(), mqttUrl, clientId, seed,
                start == null ? "live" : "from " + CameraMessageFactory.timestamp(start) + " at " + speedup + "x", limits());
        CameraSimulator.RunResult result = runStoppable(sim::stop, sim::close, () -> sim.run(new CameraSimulator.RunPlan(start,
                speedup, duration, count == null ? 0 : count, reportEvery.isZero() ? null : reportEvery)));
        LOG.info("stopped after {} rounds: {}; acked {} failed {}", result.rounds(), sim.summary(), publisher.published(), publisher.failed());
        return 0;
    }

    private String limits() {
        StringBuilder sb = new StringBuilder();
        if (count != null) sb.append(", stopping after ").append(count).append(" messages");
        if (duration != null) sb.append(count == null ? ", stopping after " : " or ").append(duration.toString().substring(2).toLowerCase(Locale.ROOT));
        return sb.toString();
    }

    static final List<String> STREAMS = List.of("cameras", "signals", "sensors", "citizens");
    long scenarioVehicles;
    int scenarioWindowSec;

    private void validate() {
        if (load) {
            speedup = 1e9;
            if (start == null) start = Instant.now().minus(DeviceContract.MAX_AGE).plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        }
        if (intervalSec < 1 || intervalSec > 3600) bad("--interval must be 1..3600 seconds, was " + intervalSec);
        if (cameras != null && cameras < 1) bad("--cameras must be at least 1, was " + cameras);
        if (count != null && count < 1) bad("--count must be at least 1, was " + count);
        if (duration != null && duration.isZero()) bad("--duration must be longer than 0");
        if (scenario != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})/(.+)").matcher(scenario);
            Duration w = m.matches() ? new DurationConverter().convert(m.group(2)) : null;
            if (w == null || w.toSeconds() < 1 || w.toSeconds() % intervalSec != 0 || w.toSeconds() > 86_400) {
                bad("--scenario takes N/WINDOW with a window of whole --interval's (" + intervalSec + " s), e.g. 120/60s; was " + scenario);
            }
            scenarioVehicles = Long.parseLong(m.group(1));
            scenarioWindowSec = (int) w.toSeconds();
            // the first interval starts on a window boundary: its round's event time is the boundary plus one interval
            Instant from = start == null ? Instant.now() : start;
            start = Instant.ofEpochSecond(Math.floorDiv(from.getEpochSecond(), scenarioWindowSec) * scenarioWindowSec + intervalSec);
            if (start.isAfter(Instant.now())) start = start.minusSeconds(scenarioWindowSec);
        }
        if (!load && !(speedup >= 1 && speedup <= 10_000)) bad("--speedup must be 1..10000, was " + speedup);
        if (!(incidentRate >= 0 && incidentRate <= 1)) bad("--incident-rate must be 0..1, was " + incidentRate);
        if (maxInFlight < 1 || maxInFlight > 32_000) bad("--max-in-flight must be 1..32000, was " + maxInFlight);
        if (clientId.isBlank() || clientId.length() > 128) bad("--client-id must be 1..128 characters");
        if (!mqttUrl.matches("(tcp|ssl|ws|wss)://.+")) bad("--mqtt-url must look like tcp://host:1883, was " + mqttUrl);
        if (reportEvery.isNegative()) bad("--report-every must not be negative");
        if (signalBatchSec < 1 || signalBatchSec > 300) bad("--signal-batch must be 1..300 seconds, was " + signalBatchSec);
        if (sensorIntervalSec < 1 || sensorIntervalSec > 3600) bad("--sensor-interval must be 1..3600 seconds, was " + sensorIntervalSec);
        if (!(duplicates >= 0 && duplicates <= 1)) bad("--duplicates must be 0..1, was " + duplicates);
        if (!(late >= 0 && late <= 1)) bad("--late must be 0..1, was " + late);
        for (String s : streams) if (!STREAMS.contains(s)) bad("--streams takes cameras, signals, sensors and citizens, not " + s);
        if (!(onTime >= 0 && onTime <= 1)) bad("--on-time must be 0..1, was " + onTime);
        if (complaintsPerDay < 0 || dossiersPerDay < 0) bad("--complaints-per-day and --dossiers-per-day must not be negative");
        if (!open311Url.matches("https?://.+")) bad("--open311-url must look like http://127.0.0.1:8091, was " + open311Url);
        if (start != null) {
            Instant now = Instant.now();
            if (start.isAfter(now)) bad("--start " + CameraMessageFactory.timestamp(start) + " is in the future");
            if (start.isBefore(now.minus(DeviceContract.MAX_AGE).plusSeconds(60))) {
                bad("--start must be within the last " + DeviceContract.MAX_AGE.toDays() + " days: the gateway refuses older readings");
            }
        }
    }

    private void bad(String message) {
        throw new ParameterException(spec.commandLine(), message);
    }

    /** The process configuration (subcommands read {@code mqtt.username}/{@code mqtt.password} and Kafka settings from it). */
    public IocConfig config() {
        return config;
    }

    public static String oneLine(String s) {
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

    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
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
