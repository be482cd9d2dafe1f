package org.iocity.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of each application service, relative to the repository root. {@code ./ioc up} runs exactly
 * these (with {@code java} being the JVM it runs on), and docker-compose.yml runs the same in its services
 * (working directory: the repository, mounted at {@code /ioc}); a test holds the two together.
 */
public final class ServiceCommands {
    private ServiceCommands() {}

    public static final String INGEST = "ingest";
    public static final String STREAM_JOBS = "stream-jobs";
    public static final String DASHBOARD_API = "dashboard-api";
    public static final String SIMULATORS = "simulators";

    /**
     * The Flink job's own classes; {@code ./ioc up} runs it with {@code target/lib} (connectors and libraries) and
     * {@code target/flink-lib} (Flink) beside it, so the build need not shade it.
     */
    public static final String STREAM_JOBS_JAR = "stream-jobs/target/ioc-stream-jobs.jar";
    /**
     * The same job with its connectors and libraries in one jar, as {@code flink run} submits it to a cluster (Flink
     * itself provided there); {@code ./ioc build} makes it (Maven profile {@code cluster-jar}), {@code ./ioc up} does not.
     */
    public static final String STREAM_JOBS_CLUSTER_JAR = "stream-jobs/target/ioc-stream-jobs-cluster.jar";
    public static final String STREAM_JOBS_MAIN = "org.iocity.jobs.StreamJobsMain";

    /**
     * The pause G1 aims at in the services on the per-event path (its default, 200 ms, lets it grow the young
     * generation until a collection stops a service for that long, twice the per-event latency aim; BENCHMARKS.md).
     */
    public static final String GC_PAUSE = "-XX:MaxGCPauseMillis=20";

    /** Service name → command, in start order. */
    public static Map<String, List<String>> all() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(STREAM_JOBS, List.of("java", "-Xmx1g", GC_PAUSE, "-cp", STREAM_JOBS_JAR + ":stream-jobs/target/lib/*:stream-jobs/target/flink-lib/*", STREAM_JOBS_MAIN));
        m.put(INGEST, List.of("java", "-Xmx256m", GC_PAUSE, "-jar", "ingest/target/ioc-ingest.jar"));
        m.put(DASHBOARD_API, List.of("java", "-Xmx512m", GC_PAUSE, "-jar", "dashboard-api/target/ioc-dashboard-api.jar"));
        m.put(SIMULATORS, List.of("java", "-Xmx128m", "-jar", "simulators/target/ioc-simulators.jar",
                "--streams", "cameras,signals,sensors,citizens"));
        return m;
    }

    /**
     * The simulator's settings for its citizens stream (complaints and dossiers posted to the Open311 intake at
     * {@code open311Url} with the demo keys of {@link org.iocity.launcher.secrets.DemoSecrets#demoOpen311Keys}).
     */
    public static Map<String, String> simulatedCitizens(Map<String, String> open311Keys, String open311Url) {
        return Map.of("IOC_SIM_OPEN311_URL", open311Url, "IOC_SIM_INTAKE_KEY", open311Keys.get("intake"),
                "IOC_SIM_BACKOFFICE_KEY", open311Keys.get("backoffice"));
    }
}
