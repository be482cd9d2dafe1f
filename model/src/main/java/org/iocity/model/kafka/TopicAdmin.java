package org.iocity.model.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka topics as an operator step: {@code ./ioc topics} creates the missing topics with the configured partitions
 * ({@code kafka.partitions}), replication ({@code kafka.replication}), min ISR ({@code kafka.min.insync.replicas},
 * default the smaller of 2 and the replication) and per-topic settings ({@link Topics#settings}), and reports drift of
 * the existing ones, one line per topic; {@code --check} only checks and exits 1 on drift or a missing topic. The
 * services only check ({@link #requireTopics}): a missing topic stops them with one line naming it and this command,
 * drift is a warning.
 */
public final class TopicAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    /** The command an operator runs to create the topics; named in every message about a missing topic. */
    public static final String COMMAND = "./ioc topics";
    /** Topic settings compared with the plan: a value set on the topic that the plan does not set is drift too. */
    static final List<String> CHECKED = List.of("min.insync.replicas", "retention.ms", "retention.bytes", "segment.ms",
            "cleanup.policy");

    private TopicAdmin() {}

    /** What a topic should look like. {@code configs} holds every {@link #CHECKED} setting the topic sets itself. */
    public record Spec(String topic, int partitions, short replication, Map<String, String> configs) {}

    /** The state of one topic: {@code drift} is empty when the topic matches its spec; {@code created} by this run. */
    public record Status(String topic, boolean missing, boolean created, List<String> drift, String summary) {
        public boolean clean() {
            return !missing && drift.isEmpty();
        }

        /** One line for the operator: {@code topic: ok (...)}, {@code topic: missing}, {@code topic: DRIFT ...}. */
        public String line() {
            if (missing) return topic + ": missing (create it with " + COMMAND + ")";
            if (!drift.isEmpty()) return topic + ": DRIFT " + String.join("; ", drift);
            return topic + (created ? ": created " : ": ok ") + summary;
        }
    }

    /** The specs of {@code topics} with the configured partitions, replication and min ISR. */
    public static List<Spec> plan(IocConfig config, Collection<String> topics) {
        int partitions = config.integer("kafka.partitions", 4, 1, 1024);
        int replication = config.integer("kafka.replication", 1, 1, 16);
        int minIsr = config.integer("kafka.min.insync.replicas", Math.min(2, replication), 1, 16);
        if (minIsr > replication) {
            throw new ConfigException("kafka.min.insync.replicas (" + minIsr + ") is above kafka.replication ("
                    + replication + "): no write could succeed; fix " + IocConfig.envName("kafka.min.insync.replicas"));
        }
        List<Spec> specs = new ArrayList<>();
        for (String t : topics) {
            Map<String, String> configs = new HashMap<>(Topics.settings(t));
            configs.put("min.insync.replicas", String.valueOf(minIsr));
            specs.add(new Spec(t, partitions, (short) replication, Map.copyOf(configs)));
        }
        return specs;
    }

    /**
     * How an existing topic differs from its spec, one phrase per difference (empty: none). {@code overrides} holds the
     * {@link #CHECKED} settings set on the topic itself (not inherited from the broker).
     */
    public static List<String> drift(Spec spec, int partitions, Set<Integer> replicationFactors,
                                     Map<String, String> overrides) {
        List<String> drift = new ArrayList<>();
        if (partitions != spec.partitions()) {
            drift.add("partitions " + partitions + " (want " + spec.partitions() + ")");
        }
        if (!replicationFactors.equals(Set.of((int) spec.replication()))) {
            drift.add("replication " + joined(replicationFactors) + " (want " + spec.replication() + ")");
        }
        for (String key : CHECKED) {
            String want = spec.configs().get(key);
            String have = overrides.get(key);
            if (!Objects.equals(want, have)) {
                drift.add(key + " " + (have == null ? "broker default" : have) + " (want "
                        + (want == null ? "broker default" : want) + ")");
            }
        }
        return drift;
    }

    /** Creates the missing topics of {@code topics}, then checks every one. */
    public static List<Status> create(IocConfig config, Collection<String> topics) {
        return run(config, topics, true);
    }

    /** Checks {@code topics} against the plan; creates nothing. */
    public static List<Status> check(IocConfig config, Collection<String> topics) {
        return run(config, topics, false);
    }

    /**
     * What a service does on start: a missing topic is a {@link ConfigException} naming it and {@link #COMMAND};
     * drift is logged as a warning, one line per topic.
     */
    public static void requireTopics(IocConfig config, Collection<String> topics) {
        List<Status> statuses = check(config, topics);
        List<String> missing = statuses.stream().filter(Status::missing).map(Status::topic).toList();
        if (!missing.isEmpty()) {
            throw new ConfigException("Kafka topic " + missing.get(0) + " is missing at " + KafkaClients.bootstrap(config)
                    + (missing.size() > 1 ? " (and " + (missing.size() - 1) + " more)" : "")
                    + ": create the topics with " + COMMAND + " (docker compose: the topics service)");
        }
        statuses.stream().filter(s -> !s.clean())
                .forEach(s -> LOG.warn("Kafka topic drift, check with {} --check: {}", COMMAND, s.line()));
    }

    private static List<Status> run(IocConfig config, Collection<String> topics, boolean createMissing) {
        List<Spec> plan = plan(config, topics);
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            Set<String> existing = new java.util.HashSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
            Set<String> created = new TreeSet<>();
            if (createMissing) {
                List<NewTopic> missing = plan.stream().filter(s -> !existing.contains(s.topic()))
                        .map(s -> new NewTopic(s.topic(), s.partitions(), s.replication()).configs(s.configs())).toList();
                if (!missing.isEmpty()) {
                    for (var entry : admin.createTopics(missing).values().entrySet()) {
                        try {
                            entry.getValue().get(30, TimeUnit.SECONDS);
                            created.add(entry.getKey());
                        } catch (ExecutionException e) {
                            if (!(e.getCause() instanceof TopicExistsException)) throw e;
                        }
                    }
                    existing.addAll(admin.listTopics().names().get(30, TimeUnit.SECONDS));
                }
            }
            List<String> present = plan.stream().map(Spec::topic).filter(existing::contains).toList();
            Map<String, TopicDescription> descriptions = present.isEmpty() ? Map.of()
                    : admin.describeTopics(present).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<String, ConfigResource> resources = new LinkedHashMap<>();
            present.forEach(t -> resources.put(t, new ConfigResource(ConfigResource.Type.TOPIC, t)));
            Map<ConfigResource, Config> configs = present.isEmpty() ? Map.of()
                    : admin.describeConfigs(resources.values()).all().get(30, TimeUnit.SECONDS);
            List<Status> statuses = new ArrayList<>();
            for (Spec spec : plan) {
                TopicDescription d = descriptions.get(spec.topic());
                if (d == null) {
                    statuses.add(new Status(spec.topic(), true, false, List.of(), ""));
                    continue;
                }
                Set<Integer> replication = new TreeSet<>();
                d.partitions().forEach(p -> replication.add(p.replicas().size()));
                Map<String, String> overrides = new HashMap<>();
                for (ConfigEntry e : configs.get(resources.get(spec.topic())).entries()) {
                    if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && CHECKED.contains(e.name())) {
                        overrides.put(e.name(), e.value());
                    }
                }
                String summary = "(" + d.partitions().size() + " partitions, replication " + joined(replication)
                        + ", min ISR " + overrides.getOrDefault("min.insync.replicas", "broker default")
                        + (overrides.containsKey("retention.ms") ? ", retention.ms " + overrides.get("retention.ms") : "") + ")";
                statuses.add(new Status(spec.topic(), false, created.contains(spec.topic()),
                        drift(spec, d.partitions().size(), replication, overrides), summary));
            }
            return statuses;
        } catch (ExecutionException | TimeoutException e) {
            throw new ConfigException("cannot " + (createMissing ? "create" : "check") + " the Kafka topics at "
                    + KafkaClients.bootstrap(config) + ": " + (e.getCause() != null ? e.getCause().getMessage() : e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while checking the Kafka topics");
        }
    }

    /**
     * Waits until the cluster has {@code brokers} brokers (a topic of replication N needs N), for at most {@code wait}:
     * in compose the brokers of a cluster start together with this step. Throws a one-line {@link ConfigException}.
     */
    static void awaitBrokers(IocConfig config, int brokers, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            int seen = 0;
            while (true) {
                try {
                    seen = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
                } catch (ExecutionException | TimeoutException e) {
                    seen = 0;
                }
                if (seen >= brokers) return;
                if (System.nanoTime() > deadline) {
                    throw new ConfigException("Kafka at " + KafkaClients.bootstrap(config) + " has " + seen + " broker(s), "
                            + "kafka.replication needs " + brokers + ": start the brokers or lower "
                            + IocConfig.envName("kafka.replication"));
                }
                LOG.info("waiting for {} Kafka brokers ({} up)", brokers, seen);
                TimeUnit.SECONDS.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while waiting for the Kafka brokers");
        }
    }

    private static String joined(Set<Integer> values) {
        return values.stream().map(String::valueOf).reduce((a, b) -> a + "/" + b).orElse("?");
    }

    /**
     * {@code ./ioc topics [--check]}: one line per topic on standard output. Exit 0 when every topic matches (created
     * ones included; without {@code --check} drift is reported but does not fail), 1 on drift or a missing topic with
     * {@code --check}, 2 on bad configuration or an unreachable broker (one line).
     */
    public static void main(String[] args) {
        boolean checkOnly = List.of(args).contains("--check");
        List<String> unknown = new ArrayList<>(List.of(args));
        unknown.remove("--check");
        if (!unknown.isEmpty()) {
            System.err.println("usage: " + COMMAND + " [--check]");
            System.exit(2);
        }
        List<Status> statuses;
        try {
            IocConfig config = IocConfig.load();
            KafkaClients.requireReachable(config);
            if (!checkOnly) awaitBrokers(config, config.integer("kafka.replication", 1, 1, 16),
                    config.duration("kafka.brokers.wait", Duration.ofMinutes(2)));
            statuses = checkOnly ? check(config, Topics.all()) : create(config, Topics.all());
        } catch (ConfigException e) {
            System.err.println("ioc topics: " + e.getMessage());
            System.exit(2);
            return;
        }
        statuses.forEach(s -> System.out.println(s.line()));
        long bad = statuses.stream().filter(s -> !s.clean()).count();
        if (bad > 0) {
            System.out.println(bad + " of " + statuses.size() + " topics differ from the configuration"
                    + (checkOnly ? "" : " (not changed: alter them by hand, or delete and run " + COMMAND + " again)"));
        }
        System.exit(checkOnly && bad > 0 ? 1 : 0);
    }
}
