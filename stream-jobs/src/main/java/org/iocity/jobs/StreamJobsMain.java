package org.iocity.jobs;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.iocity.jobs.alerts.AlertsPipeline;
import org.iocity.jobs.alerts.FloodAlerts;
import org.iocity.jobs.citizen.CitizenJob;
import org.iocity.jobs.common.StateTtl;
import org.iocity.jobs.congestion.CongestionPipeline;
import org.iocity.jobs.io.KafkaConnectors;
import org.iocity.jobs.io.LocalDateTypeInfoFactory;
import org.iocity.jobs.io.ParseJson;
import org.iocity.jobs.signals.SignalConfig;
import org.iocity.jobs.signals.SignalPerformancePipeline;
import org.iocity.model.Alert;
import org.iocity.model.AreaCongestion;
import org.iocity.model.CameraObservation;
import org.iocity.model.ConfigException;
import org.iocity.model.CongestionResult;
import org.iocity.model.DeadLetter;
import org.iocity.model.DeviceStatus;
import org.iocity.model.EnvReading;
import org.iocity.model.IocConfig;
import org.iocity.model.KafkaClients;
import org.iocity.model.LateEvent;
import org.iocity.model.Registry;
import org.iocity.model.SignalCycle;
import org.iocity.model.SignalEventBatch;
import org.iocity.model.SignalPerformance;
import org.iocity.model.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IOC analytics job. Run with plain {@code java} it starts a local MiniCluster with the web UI on
 * {@code flink.ui.port}; submitted with {@code flink run} the same main builds the same job on that cluster.
 */
public final class StreamJobsMain {
    private static final Logger LOG = LoggerFactory.getLogger(StreamJobsMain.class);
    public static final String JOB_NAME = "ioc-analytics";

    private StreamJobsMain() {}

    public static void main(String[] args) throws Exception {
        IocConfig config;
        StreamExecutionEnvironment env;
        try {
            config = IocConfig.load();
            KafkaClients.requireReachable(config);
            KafkaClients.ensureTopics(config, Topics.all());
            env = environment(config);
            defineJob(env, config);
        } catch (ConfigException e) {
            LOG.error("stream-jobs cannot start: {}", e.getMessage());
            System.exit(2);
            return;
        }
        env.execute(JOB_NAME);
    }

    /**
     * The cluster's environment (and its checkpoint storage) under {@code flink run}; otherwise a local MiniCluster
     * with the web UI, checkpointing to files in {@code flink.checkpoint.dir}.
     */
    static StreamExecutionEnvironment environment(IocConfig config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (env instanceof LocalStreamEnvironment) {
            Configuration conf = new Configuration();
            int uiPort = config.port("flink.ui.port", 8081);
            conf.set(RestOptions.BIND_ADDRESS, config.string("flink.ui.host", "127.0.0.1"));
            conf.set(RestOptions.PORT, uiPort);
            // keyed state (7-day heatmaps, KPI days) outgrows the JobManager's 5 MB checkpoint limit: files
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, java.nio.file.Path.of(config.string("flink.checkpoint.dir",
                    System.getProperty("java.io.tmpdir") + "/ioc-checkpoints")).toAbsolutePath().toUri().toString());
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
            env.setParallelism(config.integer("flink.parallelism", 2, 1, 64));
            LOG.info("local MiniCluster, parallelism {}, web UI at http://127.0.0.1:{}/", env.getParallelism(), uiPort);
        }
        return env;
    }

    /** Adds every pipeline of the job to {@code env}, wired to Kafka. */
    public static void defineJob(StreamExecutionEnvironment env, IocConfig config) {
        defineJob(env, config, (topic, raw) -> raw);
    }

    /**
     * What the raw records of a source topic pass through before they are read: nothing in production; a test puts an
     * operator here (e.g. one that fails once, to prove the restore from a checkpoint).
     */
    @FunctionalInterface
    public interface RawTap {
        DataStream<byte[]> apply(String topic, DataStream<byte[]> raw);
    }

    /** {@link #defineJob(StreamExecutionEnvironment, IocConfig)} with each source's raw records passed through {@code tap}. */
    public static void defineJob(StreamExecutionEnvironment env, IocConfig config, RawTap tap) {
        LocalDateTypeInfoFactory.register();
        env.enableCheckpointing(config.duration("flink.checkpoint.interval", Duration.ofSeconds(5)).toMillis(),
                CheckpointingMode.EXACTLY_ONCE);
        // how long an operator may hold records back to fill a network buffer: the per-event alerts' latency floor
        env.setBufferTimeout(config.duration("flink.buffer.timeout", Duration.ofMillis(100)).toMillis());
        // chained operators hand on the same object instead of a copy: safe here, as every function emits new immutable
        // records and changes no input (the pipeline tests run both ways); off, as it measured no faster (BENCHMARKS.md)
        if (config.bool("flink.object.reuse", false)) env.getConfig().enableObjectReuse();
        Duration outOfOrderness = config.duration("watermark.out.of.orderness", Duration.ofSeconds(10));
        Duration idleness = config.duration("watermark.idleness", Duration.ofSeconds(30));
        String group = config.string("flink.group.id", "ioc-stream-jobs");
        String txPrefix = config.string("flink.transactional.id.prefix", "ioc-analytics");

        SingleOutputStreamOperator<CameraObservation> observations = read(env, config, tap, Topics.TRAFFIC_OBSERVATIONS,
                CameraObservation.class, group);

        Duration stateTtl = config.duration("state.ttl", StateTtl.DEFAULT);

        CongestionPipeline.Windows windows = new CongestionPipeline.Windows(
                config.duration("congestion.window", CongestionPipeline.Windows.DEFAULT.size()),
                config.duration("congestion.slide", CongestionPipeline.Windows.DEFAULT.slide()));
        // repeated copies of a camera's interval are dropped in the segment windows (SlidingSegmentWindows)
        CongestionPipeline.Outputs congestion = CongestionPipeline.defineWorkflow(observations,
                CongestionPipeline.watermarks(outOfOrderness, idleness), windows, stateTtl,
                config.duration("congestion.live.delay", CongestionPipeline.LIVE_DELAY));
        // early results of live windows for the wall: visible at once (at least once), superseded by ioc.congestion
        congestion.early()
                .sinkTo(KafkaConnectors.<CongestionResult>atLeastOnceSink(config, Topics.CONGESTION_LIVE,
                        CongestionResult::segmentId))
                .name("early-congestion-to-kafka").uid("early-congestion-sink");
        congestion.earlyAreas()
                .sinkTo(KafkaConnectors.<AreaCongestion>atLeastOnceSink(config, Topics.CONGESTION_LIVE, AreaCongestion::key))
                .name("early-area-congestion-to-kafka").uid("early-area-congestion-sink");

        congestion.areas()
                .sinkTo(KafkaConnectors.<AreaCongestion>exactlyOnceSink(config, Topics.CONGESTION, AreaCongestion::key,
                        txPrefix + "-area-congestion"))
                .name("area-congestion-to-kafka").uid("area-congestion-sink");

        AlertsPipeline.Settings alertSettings = new AlertsPipeline.Settings(
                config.duration("alerts.congestion.after", AlertsPipeline.Settings.DEFAULT.congestionAfter()),
                config.duration("alerts.device.silent.after", AlertsPipeline.Settings.DEFAULT.silentAfter()), stateTtl);
        AlertsPipeline.defineWorkflow(congestion.results(), congestion.observations(), alertSettings)
                .sinkTo(KafkaConnectors.<Alert>exactlyOnceSink(config, Topics.ALERTS, Alert::key, txPrefix + "-alerts"))
                .name("alerts-to-kafka").uid("alerts-sink");
        SingleOutputStreamOperator<EnvReading> readings = read(env, config, tap, Topics.ENV_READINGS, EnvReading.class, group);
        SingleOutputStreamOperator<DeviceStatus> statuses = read(env, config, tap, Topics.DEVICE_STATUS, DeviceStatus.class, group);
        AlertsPipeline.PerEventOutputs perEvent = AlertsPipeline.definePerEventWorkflow(readings, statuses,
                outOfOrderness, idleness, floodThresholds(config), stateTtl,
                config.duration("alerts.per.event.buffer.timeout", AlertsPipeline.PER_EVENT_BUFFER_TIMEOUT));
        perEvent.alerts()
                .sinkTo(KafkaConnectors.<Alert>atLeastOnceSink(config, Topics.ALERTS, Alert::key))
                .name("per-event-alerts-to-kafka").uid("per-event-alerts-sink");

        SingleOutputStreamOperator<SignalEventBatch> batches = read(env, config, tap, Topics.SIGNAL_EVENTS,
                SignalEventBatch.class, group);
        SignalPerformancePipeline.Outputs signals = SignalPerformancePipeline.defineWorkflow(batches,
                SignalPerformancePipeline.watermarks(outOfOrderness, idleness), signalConfig(config),
                new SignalPerformancePipeline.Settings(config.duration("signal.bin",
                        SignalPerformancePipeline.Settings.DEFAULT.bin()), stateTtl));
        signals.bins()
                .sinkTo(KafkaConnectors.<SignalPerformance>exactlyOnceSink(config, Topics.SIGNAL_PERFORMANCE,
                        SignalPerformance::intersectionId, txPrefix + "-signal-bins"))
                .name("signal-bins-to-kafka").uid("signal-bins-sink");
        signals.cycles()
                .sinkTo(KafkaConnectors.<SignalCycle>exactlyOnceSink(config, Topics.SIGNAL_PERFORMANCE,
                        SignalCycle::intersectionId, txPrefix + "-signal-cycles"))
                .name("signal-cycles-to-kafka").uid("signal-cycles-sink");

        congestion.results()
                .sinkTo(KafkaConnectors.<CongestionResult>exactlyOnceSink(config, Topics.CONGESTION,
                        CongestionResult::segmentId, txPrefix + "-congestion"))
                .name("congestion-to-kafka").uid("congestion-sink");
        CitizenJob.define(env, config, congestion.results(), windows.slide(), group, txPrefix);

        congestion.late().union(signals.late(), perEvent.late())
                .sinkTo(KafkaConnectors.<LateEvent>exactlyOnceSink(config, Topics.LATE_EVENTS, LateEvent::key,
                        txPrefix + "-late"))
                .name("late-events-to-kafka").uid("late-events-sink");
        observations.getSideOutput(ParseJson.DEAD_LETTERS).union(batches.getSideOutput(ParseJson.DEAD_LETTERS),
                        readings.getSideOutput(ParseJson.DEAD_LETTERS), statuses.getSideOutput(ParseJson.DEAD_LETTERS))
                .sinkTo(KafkaConnectors.<DeadLetter>exactlyOnceSink(config, Topics.DEADLETTER, DeadLetter::topic,
                        txPrefix + "-deadletter"))
                .name("unreadable-to-deadletter").uid("deadletter-sink");
    }

    /** A raw topic read as {@code type}: its source (uid {@code <name>-source}), the tap, {@link ParseJson}. */
    private static <T> SingleOutputStreamOperator<T> read(StreamExecutionEnvironment env, IocConfig config, RawTap tap,
                                                          String topic, Class<T> type, String group) {
        String name = topic.substring(topic.indexOf('.') + 1).replace('.', '-');
        return tap.apply(topic, env
                        .fromSource(KafkaConnectors.source(config, topic, group), WatermarkStrategy.noWatermarks(), name)
                        .uid(name + "-source"))
                .process(new ParseJson<>(type, topic)).name("read-" + name).uid("read-" + name);
    }

    /** {@code alerts.flood.warn.cm} (10), {@code alerts.flood.critical.cm} (30), {@code alerts.flood.clear.cm} (8). */
    static FloodAlerts.Thresholds floodThresholds(IocConfig config) {
        FloodAlerts.Thresholds d = FloodAlerts.Thresholds.DEFAULT;
        double warn = config.decimal("alerts.flood.warn.cm", d.warnAboveCm(), -1000, 1000);
        double critical = config.decimal("alerts.flood.critical.cm", d.criticalAboveCm(), -1000, 1000);
        double clear = config.decimal("alerts.flood.clear.cm", d.clearAtCm(), -1000, 1000);
        try {
            return new FloodAlerts.Thresholds(warn, critical, clear);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage() + " (alerts.flood.clear.cm < alerts.flood.warn.cm < alerts.flood.critical.cm)");
        }
    }

    /**
     * The detector configuration of every intersection, from the registry file ({@code registry.file}) read now, at
     * job build time; without that setting, no intersection is configured (detectors then count actuations only).
     */
    static SignalConfig signalConfig(IocConfig config) {
        if (!config.has("registry.file")) {
            LOG.warn("no registry.file set: signal performance runs without detector configuration");
            return new SignalConfig(java.util.Map.of());
        }
        return SignalConfig.fromRegistry(Registry.load(java.nio.file.Path.of(config.string("registry.file"))));
    }
}
