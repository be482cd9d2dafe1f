package org.iocity.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is valid (checked offline by Debian's docker-compose; no engine needed) and runs the same
 * service commands as ./ioc up.
 */
class ComposeFileTest {
    static final Path ROOT = LocalStack.repoRoot();
    static JsonNode services;

    @BeforeAll
    static void resolve() throws Exception {
        Process p = new ProcessBuilder("docker-compose", "-f", ROOT.resolve("docker-compose.yml").toString(), "config")
                .directory(ROOT.toFile()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "docker-compose config says: " + err);
        services = new ObjectMapper(new YAMLFactory()).readTree(out).get("services");
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
    void theFlinkClientSubmitsTheSameJarAndMainClassToTheCluster() {
        List<String> submit = command("flink-client");
        List<String> local = ServiceCommands.all().get(ServiceCommands.STREAM_JOBS);
        assertEquals(List.of("flink", "run"), submit.subList(0, 2));
        assertEquals(ServiceCommands.STREAM_JOBS_JAR, submit.get(submit.size() - 1));
        assertTrue(local.get(3).startsWith(ServiceCommands.STREAM_JOBS_JAR + ":"), local.toString());
        assertEquals(ServiceCommands.STREAM_JOBS_MAIN, submit.get(submit.indexOf("-c") + 1));
        assertEquals(ServiceCommands.STREAM_JOBS_MAIN, local.get(local.size() - 1));
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
}
