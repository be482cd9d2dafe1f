package org.iocity.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The cluster jar ({@code ioc-stream-jobs-cluster.jar}, made by the {@code cluster-jar} profile, which {@code ./ioc build}
 * and {@code ./ioc test} turn on; after {@code package}, hence an IT) is what {@code flink run} submits: it holds the job, the
 * Kafka connector and the Kafka clients, but no class of Flink itself nor of {@code flink-connector-base}, which the
 * cluster provides (two copies would tie the jar to one exact cluster version). {@code target/flink-lib}, the local
 * MiniCluster's class path in {@code ./ioc up}, holds them instead.
 */
class JobJarIT {
    static final Path TARGET = Path.of(System.getProperty("ioc.target", "target"));

    @Test
    void theJobJarHoldsTheConnectorButNotFlinkNorItsConnectorBase() throws IOException {
        List<String> entries;
        try (JarFile jar = new JarFile(TARGET.resolve("ioc-stream-jobs-cluster.jar").toFile())) {
            entries = jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).toList();
        }
        assertTrue(entries.contains("org/iocity/jobs/StreamJobsMain.class"), "the job");
        assertTrue(entries.stream().anyMatch(n -> n.startsWith("org/apache/flink/connector/kafka/")), "the Kafka connector");
        assertTrue(entries.stream().anyMatch(n -> n.startsWith("org/apache/kafka/clients/")), "the Kafka clients");
        Set<String> connector = classesOfTheJarWith("org/apache/flink/connector/kafka/source/KafkaSource.class");
        assertTrue(connector.contains("org/apache/flink/streaming/util/serialization/JSONKeyValueDeserializationSchema.class"));
        List<String> flink = entries.stream().filter(n -> n.startsWith("org/apache/flink/"))
                .filter(n -> !connector.contains(n)).toList();
        assertEquals(List.of(), flink.stream().limit(20).toList(), flink.size() + " classes of Flink or its connector base in the job jar");
    }

    /** The classes of the jar on the test class path that holds {@code resource} (the Kafka connector's own jar). */
    static Set<String> classesOfTheJarWith(String resource) throws IOException {
        String url = JobJarIT.class.getClassLoader().getResource(resource).toString(); // jar:file:/...!/resource
        Path jarPath = Path.of(URI.create(url.substring("jar:".length(), url.indexOf("!/"))));
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            return jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).collect(Collectors.toSet());
        }
    }

    @Test
    void theLocalClassPathHasTheConnectorBase() throws IOException {
        try (Stream<Path> lib = Files.list(TARGET.resolve("flink-lib"))) {
            List<String> jars = lib.map(p -> p.getFileName().toString()).toList();
            assertTrue(jars.stream().anyMatch(j -> j.startsWith("flink-connector-base-")), jars.toString());
            assertTrue(jars.stream().anyMatch(j -> j.startsWith("flink-streaming-java-")), jars.toString());
        }
    }
}
