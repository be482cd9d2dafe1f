package org.iocity.jobs;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.iocity.jobs.congestion.CongestionPipeline;
import org.iocity.model.CameraObservation;
import org.iocity.model.ConfigException;
import org.iocity.model.CongestionResult;
import org.iocity.model.DeadLetter;
import org.iocity.model.IocConfig;
import org.iocity.model.KafkaClients;
import org.iocity.model.LateEvent;
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

    /** The cluster's environment under {@code flink run}; otherwise a local MiniCluster with the web UI. */
    static StreamExecutionEnvironment environment(IocConfig config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (env instanceof LocalStreamEnvironment) {
            Configuration conf = new Configuration();
            int uiPort = config.port("flink.ui.port", 8081);
            conf.set(RestOptions.BIND_ADDRESS, config.string("flink.ui.host", "127.0.0.1"));
            conf.set(RestOptions.PORT, uiPort);
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
            env.setParallelism(config.integer("flink.parallelism", 2, 1, 64));
            LOG.info("local MiniCluster, parallelism {}, web UI at http://127.0.0.1:{}/", env.getParallelism(), uiPort);
        }
        return env;
    }

    /** Adds every pipeline of the job to {@code env}, wired to Kafka. */
    public static void defineJob(StreamExecutionEnvironment env, IocConfig config) {
        env.enableCheckpointing(config.duration("flink.checkpoint.interval", Duration.ofSeconds(5)).toMillis(),
                CheckpointingMode.EXACTLY_ONCE);
        Duration outOfOrderness = config.duration("watermark.out.of.orderness", Duration.ofSeconds(10));
        Duration idleness = config.duration("watermark.idleness", Duration.ofSeconds(30));
        String group = config.string("flink.group.id", "ioc-stream-jobs");
        String txPrefix = config.string("flink.transactional.id.prefix", "ioc-analytics");

        SingleOutputStreamOperator<CameraObservation> observations = env
                .fromSource(KafkaConnectors.source(config, Topics.TRAFFIC_OBSERVATIONS, group),
                        WatermarkStrategy.noWatermarks(), "traffic-observations")
                .uid("traffic-observations-source")
                .process(new ParseJson<>(CameraObservation.class, Topics.TRAFFIC_OBSERVATIONS))
                .name("read-traffic-observations").uid("read-traffic-observations");
        DataStream<DeadLetter> unreadable = observations.getSideOutput(ParseJson.DEAD_LETTERS);

        CongestionPipeline.Windows windows = new CongestionPipeline.Windows(
                config.duration("congestion.window", CongestionPipeline.Windows.DEFAULT.size()),
                config.duration("congestion.slide", CongestionPipeline.Windows.DEFAULT.slide()));
        CongestionPipeline.Outputs congestion = CongestionPipeline.defineWorkflow(observations,
                CongestionPipeline.watermarks(outOfOrderness, idleness), windows);

        congestion.results()
                .sinkTo(KafkaConnectors.<CongestionResult>exactlyOnceSink(config, Topics.CONGESTION,
                        CongestionResult::segmentId, txPrefix + "-congestion"))
                .name("congestion-to-kafka").uid("congestion-sink");
        congestion.late()
                .sinkTo(KafkaConnectors.<LateEvent>exactlyOnceSink(config, Topics.LATE_EVENTS, LateEvent::key,
                        txPrefix + "-late"))
                .name("late-events-to-kafka").uid("late-events-sink");
        unreadable
                .sinkTo(KafkaConnectors.<DeadLetter>exactlyOnceSink(config, Topics.DEADLETTER, DeadLetter::topic,
                        txPrefix + "-deadletter"))
                .name("unreadable-to-deadletter").uid("deadletter-sink");
    }
}
