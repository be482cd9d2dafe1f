package org.iocity.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.iocity.model.records.DeadLetter;
import org.iocity.model.records.Json;
import org.iocity.model.registry.Registry;
import org.junit.jupiter.api.Test;

/** Every line of the bad-input corpus is dead-lettered by the router with its expected reason. */
class BadInputCorpusTest {
    @Test
    void everyCorpusLineIsRefusedWithItsReason() {
        MessageRouter router = new MessageRouter(MessageRouter.allStreams(), Registry.load(Path.of("../config/registry.json")), 4096);
        List<BadInputCorpus> corpus = BadInputCorpus.load();
        assertTrue(corpus.size() >= 60, "corpus size " + corpus.size());
        AtomicLong seq = new AtomicLong();
        List<String> wrong = new ArrayList<>();
        for (BadInputCorpus c : corpus) {
            Decision d = router.route(c.topic(), c.build(MessageRouterTest.NOW, seq::incrementAndGet), MessageRouterTest.NOW);
            String got = d.rejected() ? Json.fromBytes(d.value(), DeadLetter.class).reason().name() : "forwarded";
            if (!got.equals(c.expectedReason().name())) wrong.add(c.note() + ": expected " + c.expectedReason() + ", got " + got);
        }
        assertEquals(List.of(), wrong);
    }
}
