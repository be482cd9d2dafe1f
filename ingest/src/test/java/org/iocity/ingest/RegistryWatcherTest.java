package org.iocity.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.iocity.model.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryWatcherTest {
    @TempDir
    Path dir;

    static void replace(Path file, Path from, int secondsLater) throws Exception {
        Path tmp = file.resolveSibling("next.json");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsLater)));
    }

    @Test
    void aChangedFileIsSwappedInAndABadOneIsRefusedKeepingThePrevious() throws Exception {
        Path file = dir.resolve("registry.json");
        Files.copy(Path.of("../config/registry.json"), file);
        MessageRouter router = new MessageRouter(MessageRouter.allStreams(), Registry.load(file), 4096);
        Registry original = router.registry();
        RegistryWatcher watcher = new RegistryWatcher(file, router::registry);

        assertFalse(watcher.check(), "unchanged");
        assertSame(original, router.registry());

        replace(file, Path.of("src/test/resources/empty-registry.json"), 1);
        assertTrue(watcher.check());
        assertTrue(router.registry().device("cam-0001").isEmpty(), "the new registry is in use");

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"wards\": [ {\"id\": ");
        Registry beforeBad = router.registry();
        replace(file, bad, 2);
        assertFalse(watcher.check(), "a broken file is refused");
        assertSame(beforeBad, router.registry(), "and the previous registry stays");

        replace(file, Path.of("../config/registry.json"), 3);
        assertTrue(watcher.check(), "a fixed file is picked up again");
        assertEquals("sai-gon", router.registry().device("sig-0001").orElseThrow().ward());
    }
}
