package org.iocity.jobs;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.iocity.jobs.alerts.AlertsPipeline;
import org.iocity.jobs.citizen.CitizenPipeline;
import org.iocity.jobs.congestion.CongestionPipeline;
import org.iocity.jobs.io.LocalDateTypeInfoFactory;
import org.iocity.jobs.io.ParseJson;
import org.iocity.jobs.signals.SignalPerformancePipeline;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.TopicAdmin;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.ComplaintEvent;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.DeviceStatus;
import org.iocity.model.records.DossierEvent;
import org.iocity.model.records.EnvReading;
import org.iocity.model.records.SignalEventBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IOC analytics job. Run with plain {@code java} it starts a local MiniCluster with the web UI on
 * {@code flink.ui.port}; submitted with {@code flink run} the same main builds the same job on that cluster. The job
 * is defined from injected sources and sinks ({@link #defineJob(StreamExecutionEnvironment, JobSettings, JobSources,
 * JobSinks)}): main plugs in Kafka, a test may plug in finite sources and collecting sinks.
 */
public final class StreamJobsMain {
    private static final Logger LOG = LoggerFactory.getLogger(StreamJobsMain.class);
    public static final String JOB_NAME = "ioc-analytics";

    private StreamJobsMain() {}

    public static void main(String[] args) throws Exception {
        JobSettings settings;
        StreamExecutionEnvironment env;
        try {
            IocConfig config = IocConfig.load();
            settings = JobSettings.from(config);
            KafkaClients.requireReachable(config);
            TopicAdmin.requireTopics(config, Topics.all());
            env = environment(settings.flink());
            defineJob(env, settings, JobSources.kafka(settings.kafka()), JobSinks.kafka(settings.kafka()));
        } catch (ConfigException e) {
            LOG.error("stream-jobs cannot start: {}", e.getMessage());
            System.exit(2);
            return;
        }
        env.execute(JOB_NAME);
    }

    /**
     * The cluster's environment (and its checkpoint storage) under {@code flink run}; otherwise a local MiniCluster
     * with the web UI, checkpointing to files in {@code flink.checkpoint.dir}. The parallelism is
     * {@code flink.parallelism} on both, unless the submission gave one ({@link #parallelism}).
     */
    static StreamExecutionEnvironment environment(JobSettings.Flink flink) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (env instanceof LocalStreamEnvironment) {
            Configuration conf = new Configuration();
            conf.set(RestOptions.BIND_ADDRESS, flink.uiHost());
            conf.set(RestOptions.PORT, flink.uiPort());
            // keyed state (7-day heatmaps, KPI days) outgrows the JobManager's 5 MB checkpoint limit: files
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, flink.checkpointDirUri());
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
            env.setParallelism(flink.parallelism());
            LOG.info("local MiniCluster, parallelism {}, web UI at http://127.0.0.1:{}/", env.getParallelism(), flink.uiPort());
        } else {
            int parallelism = parallelism(env.getConfiguration(), clientConfigFile(), flink.parallelism());
            env.setParallelism(parallelism);
            LOG.info("submitting to a cluster, parallelism {} ({})", parallelism,
                    parallelism == flink.parallelism() ? "flink.parallelism" : "flink run -p");
        }
        return env;
    }

    /**
     * The job's parallelism on a cluster: the one the submission set ({@code flink run -p N} or
     * {@code -Dparallelism.default=N}), else {@code setting}. The client's own {@code config.yaml} also sets
     * {@code parallelism.default} (1 in Flink's distribution and image), so a value equal to the file's is taken as not
     * given (a {@code -p} equal to the client's {@code config.yaml} value is therefore not told apart: the setting wins).
     */
    static int parallelism(ReadableConfig submitted, ReadableConfig clientFile, int setting) {
        var given = submitted.getOptional(CoreOptions.DEFAULT_PARALLELISM);
        if (given.isEmpty() || given.get() <= 0) return setting;
        return given.equals(clientFile.getOptional(CoreOptions.DEFAULT_PARALLELISM)) ? setting : given.get();
    }

    /** The submitting client's {@code config.yaml} ({@code FLINK_CONF_DIR}, set by the {@code flink} script); empty if none. */
    private static ReadableConfig clientConfigFile() {
        try {
            return GlobalConfiguration.loadConfiguration();
        } catch (RuntimeException e) {
            return new Configuration();
        }
    }

    /** The job with the settings in {@code config} ({@link JobSettings#from}), from and to Kafka. */
    public static void defineJob(StreamExecutionEnvironment env, IocConfig config) {
        JobSettings settings = JobSettings.from(config);
        defineJob(env, settings, JobSources.kafka(settings.kafka()), JobSinks.kafka(settings.kafka()));
    }

    /**
     * Adds every pipeline of the job to {@code env}: raw records from {@code sources}, results to {@code sinks}. Every
     * operator has a name and a fixed uid (savepoints depend on them); each result goes out as its {@link JobOutput}.
     */
    public static void defineJob(StreamExecutionEnvironment env, JobSettings settings, JobSources sources,
                                 JobSinks sinks) {
        LocalDateTypeInfoFactory.register();
        JobSettings.Flink flink = settings.flink();
        env.enableCheckpointing(flink.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        // kept when the job is cancelled or its JobManager stops (default): an upgrade or a restart resumes from it
        env.getCheckpointConfig().setExternalizedCheckpointRetention(flink.checkpointRetention());
        // how long an operator may hold records back to fill a network buffer: the per-event alerts' latency floor
        env.setBufferTimeout(flink.bufferTimeout().toMillis());
        // chained operators hand on the same object instead of a copy: safe here, as every function emits new immutable
        // records and changes no input (the pipeline tests run both ways); off, as it measured no faster (BENCHMARKS.md)
        if (flink.objectReuse()) env.getConfig().enableObjectReuse();
        Duration outOfOrderness = settings.watermarks().outOfOrderness();
        Duration idleness = settings.watermarks().idleness();
        Duration stateTtl = settings.stateTtl();

        SingleOutputStreamOperator<CameraObservation> observations = read(env, sources, Topics.TRAFFIC_OBSERVATIONS,
                CameraObservation.class);

        // repeated copies of a camera's interval are dropped in the segment windows (SlidingSegmentWindows)
        CongestionPipeline.Outputs congestion = CongestionPipeline.defineWorkflow(observations,
                CongestionPipeline.watermarks(outOfOrderness, idleness), settings.congestion().windows(), stateTtl,
                settings.congestion().liveDelay());
        // early results of live windows for the wall: visible at once (at least once), superseded by ioc.congestion
        sinks.write(congestion.early(), JobOutput.EARLY_CONGESTION);
        sinks.write(congestion.earlyAreas(), JobOutput.EARLY_AREA_CONGESTION);
        sinks.write(congestion.areas(), JobOutput.AREA_CONGESTION);

        sinks.write(AlertsPipeline.defineWorkflow(congestion.results(), congestion.observations(),
                settings.alerts().windowed()), JobOutput.ALERTS);
        SingleOutputStreamOperator<EnvReading> readings = read(env, sources, Topics.ENV_READINGS, EnvReading.class);
        SingleOutputStreamOperator<DeviceStatus> statuses = read(env, sources, Topics.DEVICE_STATUS, DeviceStatus.class);
        AlertsPipeline.PerEventOutputs perEvent = AlertsPipeline.definePerEventWorkflow(readings, statuses,
                outOfOrderness, idleness, settings.alerts().flood(), stateTtl, settings.alerts().perEventBufferTimeout());
        sinks.write(perEvent.alerts(), JobOutput.PER_EVENT_ALERTS);

        SingleOutputStreamOperator<SignalEventBatch> batches = read(env, sources, Topics.SIGNAL_EVENTS,
                SignalEventBatch.class);
        SignalPerformancePipeline.Outputs signals = SignalPerformancePipeline.defineWorkflow(batches,
                SignalPerformancePipeline.watermarks(outOfOrderness, idleness), settings.signals().detectors(),
                settings.signals().settings());
        sinks.write(signals.bins(), JobOutput.SIGNAL_BINS);
        sinks.write(signals.cycles(), JobOutput.SIGNAL_CYCLES);

        sinks.write(congestion.results(), JobOutput.CONGESTION);
        defineCitizen(env, settings, sources, sinks, congestion.results());

        sinks.write(congestion.late().union(signals.late(), perEvent.late()), JobOutput.LATE_EVENTS);
        sinks.write(observations.getSideOutput(ParseJson.DEAD_LETTERS).union(
                batches.getSideOutput(ParseJson.DEAD_LETTERS), readings.getSideOutput(ParseJson.DEAD_LETTERS),
                statuses.getSideOutput(ParseJson.DEAD_LETTERS)), JobOutput.DEAD_LETTERS);
    }

    /**
     * The citizen pipelines: {@code ioc.complaints} and {@code ioc.dossiers} in; heatmap, KPIs, daily summaries (with
     * the congestion hours of {@code congestion}) and hot-spot alerts out.
     */
    private static void defineCitizen(StreamExecutionEnvironment env, JobSettings settings, JobSources sources,
                                      JobSinks sinks, DataStream<CongestionResult> congestion) {
        Duration outOfOrderness = settings.watermarks().outOfOrderness();
        Duration idleness = settings.watermarks().idleness();
        SingleOutputStreamOperator<ComplaintEvent> complaints = read(env, sources, Topics.COMPLAINTS, ComplaintEvent.class);
        SingleOutputStreamOperator<DossierEvent> dossiers = read(env, sources, Topics.DOSSIERS, DossierEvent.class);
        CitizenPipeline.Outputs out = CitizenPipeline.defineWorkflow(
                complaints, CitizenPipeline.complaintWatermarks(outOfOrderness, idleness),
                dossiers, CitizenPipeline.dossierWatermarks(outOfOrderness, idleness),
                congestion, settings.citizen());
        sinks.write(out.heatmap(), JobOutput.HEATMAP);
        sinks.write(out.kpis(), JobOutput.KPI);
        sinks.write(out.summaries(), JobOutput.DAILY_SUMMARY);
        sinks.write(out.alerts(), JobOutput.HOTSPOT_ALERTS);
        sinks.write(out.late(), JobOutput.CITIZEN_LATE_EVENTS);
        sinks.write(complaints.getSideOutput(ParseJson.DEAD_LETTERS).union(dossiers.getSideOutput(ParseJson.DEAD_LETTERS)),
                JobOutput.CITIZEN_DEAD_LETTERS);
    }

    /** A raw topic read as {@code type}: its source, then {@link ParseJson} (name and uid {@code read-<name>}). */
    private static <T> SingleOutputStreamOperator<T> read(StreamExecutionEnvironment env, JobSources sources,
                                                          String topic, Class<T> type) {
        String name = JobSources.name(topic);
        return sources.read(env, topic)
                .process(new ParseJson<>(type, topic)).name("read-" + name).uid("read-" + name);
    }
}
