package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.iocity.api.auth.Tokens;
import org.iocity.model.kafka.KafkaClients;
import org.iocity.model.kafka.Topics;
import org.iocity.model.records.Alert;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.Json;
import org.iocity.model.records.LevelOfService;
import org.iocity.model.records.ServiceKpi;
import org.iocity.parts.LocalStack.Part;
import org.iocity.parts.LocalStack;
import org.iocity.testkit.TopicWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The wall page in a real headless browser (Debian's chromium) against the service on a real Kafka: it loads with
 * no network beyond the API, connects to the live WebSocket, and its DOM changes when new results arrive.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class WallPageBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void thePageConnectsAndUpdatesWhenANewResultArrives() throws Exception {
        assertNotNull(HeadlessChromium.binary(), "chromium is not installed (./ioc installs it for tests: apt-get install chromium)");
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ioc-wall-it-");
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, Tokens.hash(TestData.WALL_TOKEN) + " wall it wall\n");
        Vertx vertx = Vertx.vertx();
        try (LocalStack stack = LocalStack.start(Part.KAFKA);
             DashboardApp app = DashboardApp.start(stack.config().with(Map.of("api.port", "0", "api.tokens.file", tokens.toString())));
             TopicWriter writer = new TopicWriter(stack.config(), "wall-it")) {
            Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            CongestionResult first = TestData.result("seg-nguyen-hue-a", "sai-gon", t, LevelOfService.E, 11);
            writer.send(Topics.CONGESTION, first.segmentId(), Json.toBytes(first));
            writer.send(Topics.KPI, "kpi:live:city:city",
                    Json.toBytes(TestData.kpi(ServiceKpi.LIVE, "city", "city", null, 0, 40)));

            String url = "http://127.0.0.1:" + app.port() + "/?token=" + TestData.WALL_TOKEN + "&lang=en";
            try (HeadlessChromium browser = new HeadlessChromium(vertx, url, dir.resolve("profile"))) {
                // loads, connects, shows the state the service rebuilt from the topics
                browser.await(WAIT, "the page live", "document.body.dataset.live", v -> v.asText().equals("live"));
                browser.await(WAIT, "the first segment in the table",
                        "document.querySelectorAll('#rows tr[data-segment]').length", v -> v.asInt() == 1);
                assertEquals("E", browser.eval("document.querySelector('#rows tr[data-segment=\"seg-nguyen-hue-a\"] .los').textContent").asText());
                browser.await(WAIT, "the KPI tile", "document.getElementById('kpi-received').textContent", v -> v.asText().equals("40"));
                assertEquals(1, browser.eval("document.querySelectorAll('#map path.seg').length").asInt());
                assertTrue(browser.eval("document.querySelectorAll('#map circle.device').length").asInt() > 10, "devices drawn");

                // ward and city congestion index, a flood sensor coloured by its level
                for (var area : List.of(TestData.area("city", "city", t, 0.31), TestData.area("ben-thanh", "ward", t, 0.55),
                        TestData.area("sai-gon", "ward", t, 0.72))) {
                    writer.send(Topics.CONGESTION, area.key(), Json.toBytes(area));
                }
                writer.send(Topics.ENV_READINGS, "wl-0001",
                        Json.toBytes(TestData.reading("wl-0001", "water", t, 35.0)));
                browser.await(WAIT, "the wards by index", "document.querySelectorAll('#wards tr').length", v -> v.asInt() == 2);
                assertEquals("sai-gon", browser.eval("document.querySelector('#wards tr').dataset.ward").asText(), "worst first");
                browser.await(WAIT, "the city's index", "document.getElementById('kpi-cityindex').textContent",
                        v -> v.asText().equals("0.31"));
                browser.await(WAIT, "the flood sensor's level", "(document.querySelector('#map circle.sensor[data-sensor=\"wl-0001\"]')"
                        + " || {dataset: {}}).dataset.level || ''", v -> v.asText().equals("over-30cm"));
                assertEquals("rgb(142, 68, 173)", browser.eval("getComputedStyle(document.querySelector("
                        + "'#map circle.sensor[data-sensor=\"wl-0001\"]')).fill").asText());
                assertTrue(browser.eval("document.getElementById('legend').textContent").asText().contains("10–30 cm"));

                // a new result arrives: the table and map change without a reload
                CongestionResult second = TestData.result("seg-le-loi-a", "ben-thanh", t, LevelOfService.F, 3);
                writer.send(Topics.CONGESTION, second.segmentId(), Json.toBytes(second));
                browser.await(WAIT, "the new segment in the table", "document.querySelectorAll('#rows tr[data-segment]').length",
                        v -> v.asInt() == 2);
                assertEquals("seg-le-loi-a", browser.eval("document.querySelector('#rows tr').dataset.segment").asText(), "worst first");
                assertEquals(2, browser.eval("document.querySelectorAll('#map path.seg').length").asInt());

                // the next window sent early is marked provisional (~) until its final result confirms it; both
                // segments' early results, in one partition and one producer batch, come to the wall in one poll and
                // so as one "updates" message
                CongestionResult early = TestData.result("seg-nguyen-hue-a", "sai-gon", t.plusSeconds(30), LevelOfService.D, 15);
                CongestionResult earlyToo = TestData.result("seg-le-loi-a", "ben-thanh", t.plusSeconds(30), LevelOfService.E, 9);
                writer.producer().send(new ProducerRecord<>(Topics.CONGESTION_LIVE, 0, early.segmentId(), Json.toBytes(early)));
                writer.producer().send(new ProducerRecord<>(Topics.CONGESTION_LIVE, 0, earlyToo.segmentId(), Json.toBytes(earlyToo)))
                        .get(10, TimeUnit.SECONDS);
                String timeCell = "document.querySelector('#rows tr[data-segment=\"seg-nguyen-hue-a\"]').lastElementChild.textContent";
                String timeCellToo = "document.querySelector('#rows tr[data-segment=\"seg-le-loi-a\"]').lastElementChild.textContent";
                browser.await(WAIT, "the provisional window", timeCell, v -> v.asText().endsWith("~"));
                browser.await(WAIT, "the other provisional window", timeCellToo, v -> v.asText().endsWith("~"));
                writer.send(Topics.CONGESTION, early.segmentId(), Json.toBytes(early));
                browser.await(WAIT, "the window confirmed final", timeCell, v -> !v.asText().endsWith("~"));
                assertTrue(browser.eval(timeCellToo).asText().endsWith("~"), "the other still provisional");

                // an alert reaches the ticker and the tile; the labels switch language
                Alert alert = Alert.raised(Alert.CONGESTION, "seg-le-loi-a", "ben-thanh", Alert.CRITICAL, t.minusSeconds(600), t, "at F");
                writer.send(Topics.ALERTS, alert.key(), Json.toBytes(alert));
                browser.await(WAIT, "the alert in the ticker", "document.getElementById('ticker').textContent",
                        v -> v.asText().contains("Congestion") && v.asText().contains("at F"));
                assertEquals("1", browser.eval("document.getElementById('kpi-alerts').textContent").asText());
                assertEquals(1, browser.eval("document.querySelectorAll('#map .alert-marker').length").asInt());
                // the engineers' intersection view and the leaders' daily summary
                String intersection = browser.await(WAIT, "the intersection list", "document.getElementById('intersection').value",
                        v -> !v.asText().isEmpty()).asText();
                writer.send(Topics.SIGNAL_PERFORMANCE, intersection,
                        Json.toBytes(TestData.bin(intersection, t.minusSeconds(900), 4, false, 20, 15, 1)));
                browser.await(WAIT, "the bin in the intersection view", "document.querySelectorAll('#bins tr').length", v -> v.asInt() == 1);
                assertEquals("75", browser.eval("document.querySelector('#bins tr').children[3].textContent").asText());
                LocalDate day = TestData.yesterday();
                writer.send(Topics.KPI, "summary:city:city:" + day,
                        Json.toBytes(TestData.summary("city", "city", day, 2, 77)));
                browser.await(WAIT, "the daily summary", "document.getElementById('summary-title').textContent",
                        v -> v.asText().equals("Daily summary " + day + " (rev. 2)"));
                assertEquals("77", browser.eval("document.querySelector('#summary tr').children[1].textContent").asText());

                assertEquals("Open alerts", browser.eval("document.querySelector('[data-i18n=kAlerts]').textContent").asText());
                browser.eval("document.getElementById('lang').click()");
                assertEquals("Cảnh báo mở", browser.eval("document.querySelector('[data-i18n=kAlerts]').textContent").asText());

                // the wall's token is renewed to expire in two days: the running API reads the file again (no restart),
                // says so in /health, and the wall warns in its language when it next asks (here: after a reload)
                assertEquals("none", browser.eval("getComputedStyle(document.getElementById('tokenwarn')).display").asText());
                Instant expires = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
                Files.writeString(tokens, Tokens.hash(TestData.WALL_TOKEN) + " wall expires=" + expires + " it wall\n");
                io.vertx.ext.web.client.WebClient http = io.vertx.ext.web.client.WebClient.create(vertx);
                org.iocity.parts.Await.value(WAIT, "the renewed token counted in /health", () -> new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(http.getAbs("http://127.0.0.1:" + app.port() + "/health").send().await().bodyAsString()).get("tokens"),
                        h -> h.get("expiring").asInt() == 1 && h.get("nextExpiry").asText().equals(expires.toString()));
                browser.eval("location.reload()");
                // the page came back in the language of its address (lang=en)
                browser.await(WAIT, "the token warning", "document.getElementById('tokenwarn').textContent",
                        v -> v.asText().startsWith("This wall's token expires at"));
                assertEquals("block", browser.eval("getComputedStyle(document.getElementById('tokenwarn')).display").asText());
                browser.eval("document.getElementById('lang').click()");
                assertTrue(browser.eval("document.getElementById('tokenwarn').textContent").asText()
                        .startsWith("Mã truy cập của màn hình này hết hạn lúc"), "the warning follows the wall's language");
            }
        } finally {
            vertx.close().await();
        }
    }
}
