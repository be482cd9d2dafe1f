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
import java.util.concurrent.TimeUnit;
import org.iocity.launcher.secrets.DemoSecrets;
import org.iocity.model.registry.Registry;
import org.iocity.model.registry.Registry;
import org.iocity.parts.LocalStack;
import org.iocity.parts.MqttAuth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml is valid (checked offline by Debian's docker-compose; no engine needed) with the MQTT credentials
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

    static Config config(String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker-compose"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-f", ROOT.resolve("docker-compose.yml").toString(), "config"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(false);
        pb.environment().keySet().removeIf(k -> k.startsWith("MQTT_"));
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
    void theFlinkClientSubmitsTheClusterJarOfTheSameJobAndMainClass() {
        List<String> submit = command("flink-client");
        List<String> local = ServiceCommands.all().get(ServiceCommands.STREAM_JOBS);
        assertEquals(List.of("flink", "run"), submit.subList(0, 2));
        // the cluster jar is the job's jar (STREAM_JOBS_JAR) with its libraries shaded in, beside it in target/
        assertEquals(ServiceCommands.STREAM_JOBS_CLUSTER_JAR, submit.get(submit.size() - 1));
        assertEquals(ServiceCommands.STREAM_JOBS_JAR.replace(".jar", "-cluster.jar"), ServiceCommands.STREAM_JOBS_CLUSTER_JAR);
        assertTrue(local.get(local.indexOf("-cp") + 1).startsWith(ServiceCommands.STREAM_JOBS_JAR + ":"), local.toString());
        assertEquals(ServiceCommands.STREAM_JOBS_MAIN, submit.get(submit.indexOf("-c") + 1));
        assertEquals(ServiceCommands.STREAM_JOBS_MAIN, local.get(local.size() - 1));
        // the job's task managers aim at the same GC pause as the local job's JVM
        assertTrue(local.contains(ServiceCommands.GC_PAUSE), local.toString());
        assertTrue(services.get("taskmanager").get("environment").get("FLINK_PROPERTIES").asText()
                .contains("env.java.opts.taskmanager: " + ServiceCommands.GC_PAUSE));
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
                "ingest", "dashboard-api", "simulators")) {
            assertTrue(services.has(name), "service " + name);
        }
        assertTrue(services.get("kafka").get("image").asText().startsWith("apache/kafka:4."));
        assertTrue(services.get("influxdb").get("image").asText().startsWith("influxdb:1.8"));
        assertTrue(services.get("mosquitto").get("image").asText().startsWith("eclipse-mosquitto"));
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
        assertEquals("service_healthy", services.get("ingest").get("depends_on").get("kafka").get("condition").asText());
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
