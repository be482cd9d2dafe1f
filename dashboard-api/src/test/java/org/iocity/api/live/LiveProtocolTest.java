package org.iocity.api.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.iocity.model.records.Json;
import org.junit.jupiter.api.Test;

class LiveProtocolTest {

    @Test
    void subscribeUnsubscribeAndPing() {
        LiveProtocol.Request s = LiveProtocol.parse("{\"type\":\"subscribe\",\"channels\":[\"congestion\",\"alerts\"]}");
        assertEquals("subscribe", s.type());
        assertEquals(Set.of("congestion", "alerts"), s.channels());
        assertEquals("unsubscribe", LiveProtocol.parse("{\"type\":\"unsubscribe\",\"channels\":[\"congestion\"]}").type());
        assertEquals("ping", LiveProtocol.parse("{\"type\":\"ping\"}").type());
    }

    @Test
    void malformedMessagesAreErrorsWithADetail() {
        for (String bad : new String[] {"hello", "[]", "{}", "{\"type\":1}", "{\"type\":\"subscribe\"}",
                "{\"type\":\"subscribe\",\"channels\":[]}", "{\"type\":\"subscribe\",\"channels\":\"congestion\"}",
                "{\"type\":\"subscribe\",\"channels\":[1]}", "{\"type\":\"dance\"}"}) {
            LiveProtocol.Request r = LiveProtocol.parse(bad);
            assertEquals("error", r.type(), bad);
            assertTrue(r.error() != null && !r.error().isBlank(), bad);
        }
    }

    @Test
    void serverMessagesAreJson() throws Exception {
        JsonNode e = Json.mapper().readTree(LiveProtocol.error("bad \"thing\""));
        assertEquals("error", e.get("type").asText());
        assertEquals("bad \"thing\"", e.get("detail").asText());
        JsonNode u = Json.mapper().readTree(LiveProtocol.update("intersection:\"x\"", "{\"id\":\"x\"}"));
        assertEquals("update", u.get("type").asText());
        assertEquals("intersection:\"x\"", u.get("channel").asText());
        assertEquals("x", u.get("data").get("id").asText());
    }

    @Test
    void severalUpdatesAreOneMessageThatAJavaClientReadsAsTheUpdatesInOrder() throws Exception {
        JsonNode m = Json.mapper().readTree(LiveProtocol.updates("congestion", List.of("{\"id\":\"a\"}", "{\"id\":\"b\"}")));
        assertEquals("updates", m.get("type").asText());
        assertEquals(2, m.get("data").size());
        List<JsonNode> each = LiveProtocol.unbatched(m);
        assertEquals(List.of("a", "b"), each.stream().map(e -> e.get("data").get("id").asText()).toList());
        for (JsonNode e : each) {
            assertEquals("update", e.get("type").asText());
            assertEquals("congestion", e.get("channel").asText());
        }
        JsonNode single = Json.mapper().readTree(LiveProtocol.pong());
        assertEquals(List.of(single), LiveProtocol.unbatched(single), "any other message is itself");
    }
}
