package org.iocity.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.Topics;
import org.iocity.parts.LocalStack;
import org.iocity.parts.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real parts start, answer, and survive a Kafka restart with their data. */
@Timeout(180)
class LocalStackIT {
    static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    @Test
    void kafkaHasEveryTopicAndKeepsRecordsAcrossARestart() throws Exception {
        try (Admin admin = Admin.create(KafkaClients.admin(stack.config()))) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            assertTrue(names.containsAll(Topics.all()), "topics: " + names);
        }
        try (TopicWriter w = new TopicWriter(stack.config(), "it")) {
            w.send(Topics.KPI, "k", "before");
        }
        stack.kafka().stop();
        stack.kafka().start();
        try (TopicReader reader = new TopicReader(stack.config(), Topics.KPI)) {
            ConsumerRecord<String, byte[]> rec = reader.atLeast(1, Duration.ofSeconds(30)).get(0);
            assertEquals("before", new String(rec.value(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void mosquittoListensOnItsPort() {
        assertTrue(Ports.listening(stack.mosquitto().port()));
    }

    @Test
    void influxAnswersQueries() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.influx().url()
                + "/query?q=SHOW%20DATABASES")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"results\""), r.body());
    }
}
