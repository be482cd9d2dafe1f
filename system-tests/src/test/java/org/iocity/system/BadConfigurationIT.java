package org.iocity.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.iocity.launcher.ServiceCommands;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.Topics;
import org.iocity.parts.KafkaBroker;
import org.iocity.parts.LocalStack;
import org.iocity.parts.Ports;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The built services, started as ./ioc up starts them, refuse bad configuration with one line and exit code 2. */
@Timeout(120)
class BadConfigurationIT {
    static final Path ROOT = LocalStack.repoRoot();

    record Run(int exit, String output) {}

    static Run run(String service, Map<String, String> env) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(ServiceCommands.all().get(service));
        cmd.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("IOC_"));
        pb.environment().put("IOC_CONFIG", ROOT.resolve("config/ioc.properties").toString());
        Path tokens = java.nio.file.Files.createTempFile("tokens", ".txt");
        java.nio.file.Files.writeString(tokens, "0000000000000000000000000000000000000000000000000000000000000000 wall test\n");
        pb.environment().put("IOC_API_TOKENS_FILE", tokens.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), service + " did not exit");
        return new Run(p.exitValue(), out);
    }

    static void assertOneLineError(Run run, String expected) {
        assertEquals(2, run.exit(), run.output());
        List<String> errors = run.output().lines().filter(l -> l.contains("ERROR")).toList();
        assertEquals(1, errors.size(), run.output());
        assertTrue(errors.get(0).contains(expected), errors.get(0));
        assertFalse(run.output().contains("\tat "), "no stack trace: " + run.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceCommands.INGEST, ServiceCommands.DASHBOARD_API, ServiceCommands.STREAM_JOBS})
    void unreachableKafkaIsOneLineSayingWhatToFix(String service) throws Exception {
        Run run = run(service, Map.of("IOC_KAFKA_BOOTSTRAP", "127.0.0.1:" + Ports.free(),
                "IOC_KAFKA_CONNECT_TIMEOUT", "3s"));
        assertOneLineError(run, "IOC_KAFKA_BOOTSTRAP");
    }

    @ParameterizedTest
    @ValueSource(strings = {ServiceCommands.INGEST, ServiceCommands.DASHBOARD_API, ServiceCommands.STREAM_JOBS})
    void missingKafkaAddressIsOneLine(String service) throws Exception {
        Run run = run(service, Map.of("IOC_KAFKA_BOOTSTRAP", ""));
        assertOneLineError(run, "missing setting kafka.bootstrap");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999", "eighty"})
    void badApiPortIsOneLine(String port) throws Exception {
        Run run = run(ServiceCommands.DASHBOARD_API, Map.of("IOC_API_PORT", port));
        assertOneLineError(run, "api.port");
    }

    /**
     * A broker without the IOC topics: each service refuses to start with one line naming the first missing topic and
     * the operator's command, instead of creating the topics with whatever settings it holds.
     */
    @ParameterizedTest
    @ValueSource(strings = {ServiceCommands.INGEST, ServiceCommands.DASHBOARD_API, ServiceCommands.STREAM_JOBS})
    void aMissingTopicIsOneLineNamingItAndTheTopicsCommand(String service, @TempDir Path dir) throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"), 0)) {
            Run run = run(service, Map.of("IOC_KAFKA_BOOTSTRAP", kafka.bootstrap()));
            assertOneLineError(run, "Kafka topic " + Topics.all().get(0) + " is missing at " + kafka.bootstrap());
            assertTrue(run.output().contains("create the topics with ./ioc topics"), run.output());
            try (Admin admin = Admin.create(KafkaClients.admin(IocConfig.of(Map.of("kafka.bootstrap", kafka.bootstrap()))))) {
                assertEquals(java.util.Set.of(), admin.listTopics().names().get(30, TimeUnit.SECONDS), "the service created no topic");
            }
        }
    }
}
