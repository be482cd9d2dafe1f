package org.iocity.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.iocity.launcher.secrets.DemoSecrets;
import org.iocity.model.registry.Registry;
import org.iocity.parts.LocalStack;
import org.iocity.parts.MqttAuth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml is valid (checked offline by Debian's docker-compose; no engine needed) with the credentials
 * that ./ioc tokens writes, refuses to resolve without them, and runs the same service commands as ./ioc up.
 */
class ComposeFileTest {
    static final Path ROOT = LocalStack.repoRoot();
    @TempDir
    static Path home;
    static MqttAuth auth;
    static Map<String, String> open311Keys;
    static JsonNode services;

    @BeforeAll
    static void resolve() throws Exception {
        // what ./ioc tokens writes for compose, into a temporary .ioc
        open311Keys = DemoSecrets.demoOpen311Keys(home.resolve("open311-keys"));
        auth = DemoSecrets.composeMqttAuth(home, Registry.load(ROOT.resolve("config/registry.json")), open311Keys);
        Config c = config("--env-file", home.resolve(DemoSecrets.COMPOSE_ENV).toString());
        assertEquals(0, c.exit(), "docker-compose config says: " + c.err());
        services = new ObjectMapper(new YAMLFactory()).readTree(c.out()).get("services");
    }

    record Config(int exit, String out, String err) {}

    /** Variables from the shell for the next {@link #config} calls (as {@code env $(cat file) docker compose ...}). */
    static final Map<String, String> ENV = new java.util.HashMap<>();

    static Config config(String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker-compose"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-f", ROOT.resolve("docker-compose.yml").toString(), "config"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(false);
        pb.environment().keySet().removeIf(k -> k.startsWith("MQTT_") || k.startsWith("KAFKA_") || k.startsWith("GRAFANA_")
                || k.equals("PUBLIC_BIND"));
        pb.environment().putAll(ENV);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Config(p.exitValue(), out, err);
    }

    static List<String> command(String service) {
        List<String> cmd = new ArrayList<>();
        services.get(service).get("command").forEach(n -> cmd.add(n.asText()));
        return cmd;
    }

    @Test
    void applicationServicesRunTheCommandsOfIocUp() {
        for (String name : List.of(ServiceCommands.INGEST, ServiceCommands.DASHBOARD_API, ServiceCommands.SIMULATORS)) {
            assertEquals(ServiceCommands.all().get(name), command(name), name);
            assertEquals("/ioc", services.get(name).get("working_dir").asText(), name);
        }
    }

    @Test
    void theFlinkClientSubmitsTheSameJarAndMainClassToTheClusterOnceAndResumesFromTheLatestCheckpoint() throws IOException {
        JsonNode client = services.get("flink-client");
        JsonNode env = client.get("environment");
        List<String> local = ServiceCommands.all().get(ServiceCommands.STREAM_JOBS);
        // the cluster jar is the job's jar (STREAM_JOBS_JAR) with its libraries shaded in, beside it in target/
        assertEquals(ServiceCommands.STREAM_JOBS_CLUSTER_JAR, env.get("IOC_FLINK_JOB_JAR").asText());
        assertEquals(ServiceCommands.STREAM_JOBS_JAR.replace(".jar", "-cluster.jar"), ServiceCommands.STREAM_JOBS_CLUSTER_JAR);
        assertTrue(local.get(local.indexOf("-cp") + 1).startsWith(ServiceCommands.STREAM_JOBS_JAR + ":"), local.toString());
        assertEquals(ServiceCommands.STREAM_JOBS_MAIN, env.get("IOC_FLINK_JOB_MAIN").asText());
        assertEquals(ServiceCommands.STREAM_JOBS_MAIN, local.get(local.size() - 1));
        assertEquals("ioc-analytics", env.get("IOC_FLINK_JOB_NAME").asText()); // StreamJobsMain.JOB_NAME
        // the script: skip while a job of that name runs; else flink run, with -s <latest checkpoint or savepoint>
        List<String> command = command("flink-client");
        assertEquals(List.of("bash", "config/flink/submit-job.sh", "--watch"), command);
        String script = Files.readString(ROOT.resolve(command.get(1)));
        assertTrue(script.contains("flink list -m \"$REST\"") && script.contains(" : ${NAME} \\((RUNNING"), script);
        assertTrue(script.contains("flink run -m \"$REST\" -d -s \"$from\" -c \"$MAIN\" \"$JAR\""), script);
        assertTrue(script.contains("-path '*/chk-*/_metadata' -o -path '*/savepoint-*/_metadata'"), script);
        // it sees the checkpoints where the cluster writes them, and runs again after a restart
        String checkpoints = env.get("IOC_FLINK_CHECKPOINTS").asText();
        assertTrue(volumes("flink-client").contains("flink-checkpoints:" + checkpoints + ":ro"), volumes("flink-client").toString());
        assertTrue(flinkConf("jobmanager").contains("execution.checkpointing.dir: file://" + checkpoints + "\n"));
        assertTrue(flinkConf("jobmanager").contains("execution.checkpointing.savepoint-dir: file://" + checkpoints + "/savepoints\n"));
        assertEquals("unless-stopped", client.get("restart").asText());
        assertEquals("service_completed_successfully", client.get("depends_on").get("topics").get("condition").asText());
        // the job's task managers aim at the same GC pause as the local job's JVM
        assertTrue(local.contains(ServiceCommands.GC_PAUSE), local.toString());
        assertTrue(flinkConf("taskmanager").contains("env.java.opts.taskmanager: " + ServiceCommands.GC_PAUSE));
    }

    static String flinkConf(String service) {
        return services.get(service).get("environment").get("FLINK_PROPERTIES").asText();
    }

    static List<String> volumes(String service) {
        List<String> out = new ArrayList<>();
        JsonNode v = services.get(service).get("volumes");
        if (v != null) v.forEach(n -> out.add(n.isTextual() ? n.asText() : n.get("source").asText() + ":" + n.get("target").asText()));
        return out;
    }

    @Test
    void kafkaKeepsItsDataOnItsVolumeAndTheCheckpointVolumeBelongsToTheFlinkUser() {
        String logDirs = services.get("kafka").get("environment").get("KAFKA_LOG_DIRS").asText();
        assertTrue(volumes("kafka").stream().anyMatch(v -> v.startsWith("kafka-data:" + logDirs + ":")), volumes("kafka").toString());
        JsonNode init = services.get("flink-volumes");
        assertEquals("root", init.get("user").asText());
        assertEquals("no", init.get("restart").asText());
        String chown = String.join(" ", command("flink-volumes"));
        for (String flink : List.of("jobmanager", "taskmanager")) {
            String mount = volumes(flink).stream().filter(v -> v.startsWith("flink-checkpoints:")).findFirst().orElseThrow().split(":")[1];
            assertTrue(volumes("flink-volumes").stream().anyMatch(v -> v.startsWith("flink-checkpoints:" + mount + ":")));
            assertTrue(chown.contains("chown -R flink:flink " + mount), chown);
            assertEquals("service_completed_successfully",
                    services.get(flink).get("depends_on").get("flink-volumes").get("condition").asText(), flink);
        }
    }

    @Test
    void longRunningServicesRestartAndHaveHealthchecksAndOneShotStepsAreWaitedFor() {
        for (String name : List.of("kafka", "jobmanager", "taskmanager", "mosquitto", "influxdb", "ingest",
                "dashboard-api", "simulators", "flink-client", "grafana")) {
            assertEquals("unless-stopped", services.get(name).path("restart").asText(), name);
        }
        List<String> oneShot = new ArrayList<>();
        services.fields().forEachRemaining(service -> {
            JsonNode s = service.getValue();
            if (s.path("restart").asText().equals("no")) oneShot.add(service.getKey());
            else assertTrue(s.has("healthcheck"), service.getKey() + " has no healthcheck");
        });
        assertEquals(List.of("flink-volumes", "topics"), oneShot.stream().sorted().toList());
        // ingest's healthcheck asks its /health, as the dashboard's does
        assertTrue(services.get("ingest").get("healthcheck").get("test").toString().contains("/dev/tcp/127.0.0.1/8090"));
        assertTrue(services.get("ingest").get("healthcheck").get("test").toString().contains("GET /health"));
    }

    @Test
    void imagesArePinnedToAnExactVersion() {
        services.fields().forEachRemaining(service -> {
            String image = service.getValue().get("image").asText();
            assertTrue(image.matches("[a-z0-9./-]+:\\d+\\.\\d+\\.\\d+[-_.a-z0-9]*"), service.getKey() + ": " + image);
        });
    }

    @Test
    void onlyThePortsUsersNeedArePublishedEachBoundDeliberately() {
        Map<Integer, String> published = new java.util.TreeMap<>();
        services.fields().forEachRemaining(service -> {
            JsonNode ports = service.getValue().get("ports");
            if (ports == null) return;
            ports.forEach(p -> {
                String[] parts = p.asText().split(":"); // host_ip:published:target/proto
                assertEquals(3, parts.length, service.getKey() + " publishes " + p + " without a host address");
                published.put(Integer.parseInt(parts[1]), service.getKey() + "@" + parts[0]);
            });
        });
        assertEquals(Map.of(8080, "dashboard-api@0.0.0.0", 1883, "mosquitto@0.0.0.0", 8091, "ingest@0.0.0.0",
                3000, "grafana@0.0.0.0", 8081, "jobmanager@127.0.0.1"), published);
    }

    @Test
    void topicsAreCreatedOnceByTheOperatorStepBeforeTheServicesThatCheckThem() {
        JsonNode topics = services.get("topics");
        assertEquals(List.of("java", "-Xmx128m", "-cp", "ingest/target/ioc-ingest.jar", "org.iocity.model.kafka.TopicAdmin"),
                command("topics"));
        assertEquals("service_healthy", topics.get("depends_on").get("kafka").get("condition").asText());
        for (String service : List.of("ingest", "dashboard-api", "flink-client")) {
            assertEquals("service_completed_successfully",
                    services.get(service).get("depends_on").get("topics").get("condition").asText(), service);
            JsonNode env = services.get(service).get("environment");
            assertEquals("1", env.get("IOC_KAFKA_REPLICATION").asText(), service);
            assertEquals("1", env.get("IOC_KAFKA_MIN_INSYNC_REPLICAS").asText(), service);
        }
        assertFalse(services.get("kafka-2").has("ports"));
    }

    @Test
    void theClusterProfileRunsThreeBrokersWithReplicationThreeAndMinIsrTwo() throws Exception {
        assertEquals(List.of("cluster"), List.of(services.get("kafka-2").get("profiles").get(0).asText()));
        assertEquals(List.of("cluster"), List.of(services.get("kafka-3").get("profiles").get(0).asText()));
        Map<String, String> cluster = new java.util.HashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("config/compose-cluster.env"))) {
            if (!line.isBlank() && !line.startsWith("#")) cluster.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        JsonNode resolved;
        ENV.putAll(cluster);
        try {
            Config c = config("--env-file", home.resolve(DemoSecrets.COMPOSE_ENV).toString(), "--profile", "cluster");
            assertEquals(0, c.exit(), c.err());
            resolved = new ObjectMapper(new YAMLFactory()).readTree(c.out()).get("services");
        } finally {
            ENV.clear();
        }
        Set<String> ids = new java.util.TreeSet<>();
        for (String broker : List.of("kafka", "kafka-2", "kafka-3")) {
            JsonNode env = resolved.get(broker).get("environment");
            ids.add(env.get("KAFKA_NODE_ID").asText());
            assertEquals("1@kafka:9093,2@kafka-2:9093,3@kafka-3:9093", env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").asText(), broker);
            assertEquals("3", env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asText(), broker);
            assertEquals("2", env.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR").asText(), broker);
            assertEquals("3", env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR").asText(), broker);
            assertTrue(env.get("KAFKA_PROCESS_ROLES").asText().contains("broker"), broker);
            String data = env.get("KAFKA_LOG_DIRS").asText();
            JsonNode vols = resolved.get(broker).get("volumes");
            assertTrue(vols.toString().contains(":" + data), broker + " keeps its data on a volume: " + vols);
        }
        assertEquals(Set.of("1", "2", "3"), ids);
        for (String service : List.of("topics", "ingest", "dashboard-api", "flink-client")) {
            JsonNode env = resolved.get(service).get("environment");
            assertEquals("3", env.get("IOC_KAFKA_REPLICATION").asText(), service);
            assertEquals("2", env.get("IOC_KAFKA_MIN_INSYNC_REPLICAS").asText(), service);
            assertEquals("kafka:9092,kafka-2:9092,kafka-3:9092", env.get("IOC_KAFKA_BOOTSTRAP").asText(), service);
        }
    }

    @Test
    void grafanaIsProvisionedWithTheInfluxDbSourceAndTheWallsMeasures() throws IOException {
        JsonNode grafana = services.get("grafana");
        List<String> mounts = volumes("grafana");
        assertTrue(mounts.contains(ROOT.resolve("grafana/provisioning") + ":/etc/grafana/provisioning:ro"), mounts.toString());
        assertTrue(mounts.contains(ROOT.resolve("grafana/dashboards") + ":/var/lib/grafana/dashboards:ro"), mounts.toString());
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode source = yaml.readTree(ROOT.resolve("grafana/provisioning/datasources/influxdb.yml").toFile()).get("datasources").get(0);
        assertEquals("influxdb", source.get("type").asText());
        assertEquals("http://influxdb:8086", source.get("url").asText());
        assertEquals(services.get("influxdb").get("environment").get("INFLUXDB_DB").asText(), source.get("jsonData").get("dbName").asText());
        JsonNode provider = yaml.readTree(ROOT.resolve("grafana/provisioning/dashboards/ioc.yml").toFile()).get("providers").get(0);
        assertEquals("/var/lib/grafana/dashboards", provider.get("options").get("path").asText());
        JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("grafana/dashboards/ioc-wall.json").toFile());
        List<String> queries = new ArrayList<>();
        dashboard.get("panels").forEach(p -> {
            assertEquals(source.get("uid").asText(), p.get("datasource").get("uid").asText(), p.get("title").asText());
            p.get("targets").forEach(t -> queries.add(t.get("query").asText()));
        });
        String all = String.join("\n", queries);
        // the wall's measures: congestion index (city, wards), segments per LOS, segments at E/F, KPIs
        assertTrue(all.contains("\"congestionIndex\") FROM \"area_congestion\" WHERE \"areaType\" = 'city'"), all);
        for (String los : List.of("A", "B", "C", "D", "E", "F")) {
            assertTrue(all.contains("count(\"los\") FROM \"congestion\" WHERE \"los\" = '" + los + "'"), los);
        }
        assertTrue(all.contains("\"congestedSegments\""), all);
        for (String kpi : List.of("onTimeRate", "complaintsOpen", "complaintsOverdue", "complaintsReceived", "complaintsResolved")) {
            assertTrue(all.contains("\"" + kpi + "\") FROM \"kpi\""), kpi);
        }
        assertEquals("service_healthy", grafana.get("depends_on").get("influxdb").get("condition").asText());
        assertTrue(grafana.get("environment").get("GF_SECURITY_ADMIN_PASSWORD").asText().startsWith("grafana-"),
                "Grafana's admin password comes from ./ioc tokens");
    }

    @Test
    void everyServicesLogRollsOverBySize() {
        services.fields().forEachRemaining(service -> {
            JsonNode logging = service.getValue().get("logging");
            assertTrue(logging != null && logging.get("driver").asText().equals("json-file"), service.getKey() + ": " + logging);
            assertEquals("20m", logging.get("options").get("max-size").asText(), service.getKey());
            assertEquals("5", logging.get("options").get("max-file").asText(), service.getKey());
        });
    }

    @Test
    void everyPartIsThereWithHealthchecksBehindDependsOn() {
        for (String name : List.of("kafka", "mosquitto", "influxdb", "jobmanager", "taskmanager", "flink-client",
                "ingest", "dashboard-api", "simulators", "topics", "grafana")) {
            assertTrue(services.has(name), "service " + name);
        }
        assertTrue(services.get("kafka").get("image").asText().startsWith("apache/kafka:4."));
        assertTrue(services.get("influxdb").get("image").asText().startsWith("influxdb:1.8"));
        assertTrue(services.get("mosquitto").get("image").asText().startsWith("eclipse-mosquitto:2."));
        services.fields().forEachRemaining(service -> {
            JsonNode deps = service.getValue().get("depends_on");
            if (deps == null) return;
            deps.fields().forEachRemaining(dep -> {
                String condition = dep.getValue().get("condition").asText();
                if (condition.equals("service_healthy")) {
                    assertTrue(services.get(dep.getKey()).has("healthcheck"),
                            service.getKey() + " waits for " + dep.getKey() + " to be healthy, which has no healthcheck");
                }
            });
        });
        assertEquals("service_healthy", services.get("topics").get("depends_on").get("kafka").get("condition").asText());
        assertFalse(services.get("dashboard-api").get("environment").get("IOC_KAFKA_BOOTSTRAP").asText().contains("127.0.0.1"));
    }

    @Test
    void mosquittoRefusesAnonymousClientsAndUsesThePasswordAndAclFilesOfIocTokens() throws Exception {
        JsonNode mosquitto = services.get("mosquitto");
        String command = String.join(" ", command("mosquitto"));
        String confPath = command.substring(command.indexOf("mosquitto -c ") + "mosquitto -c ".length()).strip();
        assertTrue(confPath.startsWith("/ioc/config/mosquitto/"), confPath);
        List<String> conf = Files.readAllLines(ROOT.resolve("config/mosquitto").resolve(confPath.substring("/ioc/config/mosquitto/".length())))
                .stream().map(String::strip).filter(l -> !l.startsWith("#")).toList();
        assertTrue(conf.contains("allow_anonymous false"), conf.toString());
        assertFalse(conf.contains("allow_anonymous true"), conf.toString());
        String passwd = setting(conf, "password_file");
        String acl = setting(conf, "acl_file");
        // the command copies both from the mount of .ioc/mqtt, where ./ioc tokens writes them
        List<String> volumes = new ArrayList<>();
        mosquitto.get("volumes").forEach(v -> volumes.add(v.isTextual() ? v.asText() : v.get("source").asText() + ":" + v.get("target").asText()));
        String authMount = volumes.stream().filter(v -> v.startsWith(ROOT.resolve(".ioc/mqtt") + ":")).findFirst()
                .orElseThrow(() -> new AssertionError("no mount of .ioc/mqtt in " + volumes)).split(":")[1];
        assertTrue(command.contains("cp " + authMount + "/passwd " + authMount + "/acl " + Path.of(passwd).getParent() + "/"), command);
        assertEquals(Path.of(passwd).getParent(), Path.of(acl).getParent());
        assertTrue(Files.readString(home.resolve("mqtt/acl")).contains("user " + MqttAuth.INGEST + "\ntopic read ioc/v1/#"));
        assertTrue(Files.readString(home.resolve("mqtt/passwd")).contains(MqttAuth.INGEST + ":$"), "hashed by mosquitto_passwd");
        assertFalse(Files.readString(home.resolve("mqtt/passwd")).contains(auth.password(MqttAuth.INGEST)), "no plain password");
        assertTrue(mosquitto.get("healthcheck").get("test").toString().contains("-u " + MqttAuth.HEALTH));
        assertEquals(auth.password(MqttAuth.HEALTH), mosquitto.get("environment").get("MQTT_HEALTH_PASSWORD").asText());
    }

    @Test
    void servicesConnectWithTheirOwnMqttUserAndNoSecretIsCommitted() throws Exception {
        Map<String, String> users = Map.of(ServiceCommands.INGEST, MqttAuth.INGEST, ServiceCommands.DASHBOARD_API,
                MqttAuth.DASHBOARD, ServiceCommands.SIMULATORS, MqttAuth.SIMULATOR);
        users.forEach((service, user) -> {
            JsonNode env = services.get(service).get("environment");
            assertEquals(user, env.get("IOC_MQTT_USERNAME").asText(), service);
            assertEquals(auth.password(user), env.get("IOC_MQTT_PASSWORD").asText(), service);
        });
        JsonNode sim = services.get(ServiceCommands.SIMULATORS).get("environment");
        assertEquals(open311Keys.get("intake"), sim.get("IOC_SIM_INTAKE_KEY").asText(), "the simulator's citizens post with the keys");
        assertEquals(open311Keys.get("backoffice"), sim.get("IOC_SIM_BACKOFFICE_KEY").asText());
        assertEquals("http://ingest:8091", sim.get("IOC_SIM_OPEN311_URL").asText());
        Config without = config();
        assertTrue(without.exit() != 0, "compose must not start without the passwords of ./ioc tokens");
        assertTrue(without.err().contains("./ioc tokens"), without.err());
    }

    static String setting(List<String> conf, String key) {
        return conf.stream().filter(l -> l.startsWith(key + " ")).map(l -> l.substring(key.length() + 1).strip()).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " in " + conf));
    }
}
