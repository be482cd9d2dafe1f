package org.iocity.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.common.config.ConfigResource;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.TopicAdmin;
import org.iocity.model.kafka.Topics;
import org.iocity.parts.ChildProcess;
import org.iocity.parts.KafkaBroker;
import org.iocity.parts.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ioc topics} against a real broker (KRaft, its own JVM): every topic missing and a service's check refusing
 * with one line; created with the plan and clean; then altered by hand (retention, partitions, min ISR) and the drift
 * reported for exactly those topics, with {@code --check} exiting 1 as the operator's command.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicsIT {
    @TempDir
    static Path dir;
    static KafkaBroker kafka;
    static IocConfig config;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaBroker.start(dir.resolve("kafka"), 0);
        config = IocConfig.of(Map.of("kafka.bootstrap", kafka.bootstrap(), "kafka.partitions", "2"));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) kafka.close();
    }

    @Test
    @Order(1)
    void aServiceRefusesToStartOnAMissingTopicWithOneLineNamingItAndTheCommand() {
        List<TopicAdmin.Status> statuses = TopicAdmin.check(config, Topics.all());
        assertTrue(statuses.stream().allMatch(TopicAdmin.Status::missing), statuses.toString());
        ConfigException e = assertThrows(ConfigException.class, () -> TopicAdmin.requireTopics(config, Topics.all()));
        assertTrue(e.getMessage().startsWith("Kafka topic " + Topics.all().get(0) + " is missing at " + kafka.bootstrap()),
                e.getMessage());
        assertTrue(e.getMessage().contains("./ioc topics"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(1, run("--check").exit(), "missing topics fail the check");
    }

    @Test
    @Order(2)
    void createMakesEveryTopicWithThePlanAndTheCheckIsClean() throws Exception {
        List<TopicAdmin.Status> created = TopicAdmin.create(config, Topics.all());
        assertTrue(created.stream().allMatch(s -> s.created() && s.clean()), created.toString());
        Run check = run("--check");
        assertEquals(0, check.exit(), check.out());
        assertEquals(Topics.all().size(), check.out().lines().filter(l -> l.contains(": ok (2 partitions, replication 1, min ISR 1")).count(),
                check.out());
        assertTrue(check.out().contains(Topics.CONGESTION_LIVE + ": ok (2 partitions, replication 1, min ISR 1, retention.ms 3600000)"),
                check.out());
        TopicAdmin.requireTopics(config, Topics.all()); // a service starts
        // run again: nothing to create, nothing differs
        assertTrue(TopicAdmin.create(config, Topics.all()).stream().noneMatch(TopicAdmin.Status::created));
    }

    @Test
    @Order(3)
    void topicsAlteredByHandAreReportedAsDriftOneLineEach() throws Exception {
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            admin.incrementalAlterConfigs(Map.of(
                    topic(Topics.CONGESTION_LIVE), List.of(set("retention.ms", "60000")),
                    topic(Topics.ALERTS), List.of(set("retention.ms", "86400000"), set("min.insync.replicas", "2")))
            ).all().get(30, TimeUnit.SECONDS);
            admin.createPartitions(Map.of(Topics.KPI, NewPartitions.increaseTo(3))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, TopicAdmin.Status> byTopic = TopicAdmin.check(config, Topics.all()).stream()
                .collect(Collectors.toMap(TopicAdmin.Status::topic, s -> s));
        assertEquals(List.of("retention.ms 60000 (want 3600000)"), byTopic.get(Topics.CONGESTION_LIVE).drift());
        assertEquals(List.of("min.insync.replicas 2 (want 1)", "retention.ms 86400000 (want broker default)"),
                byTopic.get(Topics.ALERTS).drift());
        assertEquals(List.of("partitions 3 (want 2)"), byTopic.get(Topics.KPI).drift());
        assertEquals(3, byTopic.values().stream().filter(s -> !s.clean()).count(), byTopic.toString());

        Run check = run("--check");
        assertEquals(1, check.exit(), check.out());
        assertTrue(check.out().contains(Topics.KPI + ": DRIFT partitions 3 (want 2)\n"), check.out());
        assertTrue(check.out().contains("3 of " + Topics.all().size() + " topics differ"), check.out());
        // without --check the command reports the same drift and changes nothing; exit 0
        Run create = run();
        assertEquals(0, create.exit(), create.out());
        assertTrue(create.out().contains(Topics.CONGESTION_LIVE + ": DRIFT retention.ms 60000 (want 3600000)"), create.out());
        // a service starts, with a warning
        TopicAdmin.requireTopics(config, Topics.all());
    }

    @Test
    @Order(4)
    void aReplicationOtherThanTheTopicsIsDriftAndAMinIsrAboveItIsBadConfiguration() {
        IocConfig three = IocConfig.of(Map.of("kafka.bootstrap", kafka.bootstrap(), "kafka.partitions", "2",
                "kafka.replication", "3"));
        TopicAdmin.Status audit = TopicAdmin.check(three, List.of(Topics.AUDIT)).get(0);
        assertEquals(List.of("replication 1 (want 3)", "min.insync.replicas 1 (want 2)"), audit.drift());
        ConfigException e = assertThrows(ConfigException.class, () -> TopicAdmin.plan(IocConfig.of(Map.of(
                "kafka.bootstrap", kafka.bootstrap(), "kafka.replication", "1", "kafka.min.insync.replicas", "2")), Topics.all()));
        assertTrue(e.getMessage().contains("IOC_KAFKA_MIN_INSYNC_REPLICAS"), e.getMessage());
    }

    static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    static AlterConfigOp set(String key, String value) {
        return new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
    }

    record Run(int exit, String out) {}

    /** {@code ./ioc topics [args]} as the script runs it: the TopicAdmin main in its own JVM, with the repository's settings. */
    static Run run(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ChildProcess.java(), "-cp", System.getProperty("java.class.path"),
                TopicAdmin.class.getName()));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(LocalStack.repoRoot().toFile()).redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("IOC_"));
            pb.environment().put("IOC_KAFKA_BOOTSTRAP", kafka.bootstrap());
            pb.environment().put("IOC_KAFKA_PARTITIONS", "2");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ioc topics did not exit");
            return new Run(p.exitValue(), out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
