package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.iocity.api.web.Problem;
import org.iocity.model.records.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bad HTTP requests of {@code src/test/resources/bad-input/http-requests.jsonl} (method, path, token: a role, none
 * or wrong; content type, body, expected status): each gets an RFC 9457 problem body with that status.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadRequestCorpusTest {
    @Test
    void everyBadRequestGetsItsProblem(Vertx vertx) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/bad-input/http-requests.jsonl"), StandardCharsets.UTF_8);
        assertTrue(lines.size() >= 30, "corpus size " + lines.size());
        List<String> wrong = new ArrayList<>();
        try (TestServer server = new TestServer(vertx, Map.of())) {
            for (String line : lines) {
                JsonNode c = Json.mapper().readTree(line);
                var req = server.web.request(HttpMethod.valueOf(c.get("method").asText()), server.port(), "127.0.0.1", c.get("path").asText());
                String token = c.get("token").asText();
                if (!token.equals("none")) {
                    req.bearerTokenAuthentication(token.equals("wrong") ? "no-such-token"
                            : TestData.TOKEN_OF.entrySet().stream().filter(e -> e.getKey().name().equals(token))
                                    .map(Map.Entry::getValue).findFirst().orElse(token));
                }
                if (c.hasNonNull("contentType")) req.putHeader("Content-Type", c.get("contentType").asText());
                var r = c.hasNonNull("body") ? req.sendBuffer(Buffer.buffer(c.get("body").asText())).await() : req.send().await();
                int expected = c.get("expectedStatus").asInt();
                String type = r.getHeader("Content-Type");
                if (r.statusCode() != expected || !Problem.MEDIA_TYPE.equals(type)
                        || Json.mapper().readTree(r.bodyAsString()).path("status").asInt() != expected) {
                    wrong.add(c.get("note").asText() + ": " + r.statusCode() + " " + type + " " + r.bodyAsString());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }
}
