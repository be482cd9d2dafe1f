package org.iocity.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child's log rolls over by size, keeps its last files and loses none of the lines it keeps. */
class ChildProcessLogTest {
    @Test
    void aChattyChildsLogRollsOverAndStaysWithinItsCap(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("logs/chatty.log");
        RollingLog.Limits limits = new RollingLog.Limits(64 * 1024, 3);
        // 40,000 numbered lines of 20 bytes: 800 KB, about twelve times the size of one file
        ChildProcess p = ChildProcess.start("chatty", List.of("sh", "-c",
                "i=0; while [ $i -lt 40000 ]; do printf 'line %014d\\n' $i; i=$((i+1)); done; echo done >&2"),
                dir, Map.of(), log, limits);
        assertEquals(0, p.awaitExit(Duration.ofSeconds(60)));

        List<Path> files;
        try (Stream<Path> s = Files.list(log.getParent())) {
            files = s.sorted().toList();
        }
        assertEquals(List.of(log, Path.of(log + ".1"), Path.of(log + ".2"), Path.of(log + ".3")), files,
                "the live file and three rolled ones, the older dropped");
        for (Path f : files) {
            assertTrue(Files.size(f) <= limits.maxBytes() + 64, f + " is " + Files.size(f) + " bytes");
        }
        List<String> newest = Files.readAllLines(log);
        assertEquals("done", newest.get(newest.size() - 1), "stderr is in the log too, and the last line is there");
        assertEquals("line 00000000039999", newest.get(newest.size() - 2));
        // the kept files hold consecutive lines: nothing lost at a rollover
        long expected = -1;
        for (Path f : List.of(Path.of(log + ".3"), Path.of(log + ".2"), Path.of(log + ".1"), log)) {
            for (String line : Files.readAllLines(f)) {
                if (line.equals("done")) continue;
                long n = Long.parseLong(line.substring(5));
                if (expected >= 0) assertEquals(expected, n, "after line " + (expected - 1) + " in " + f);
                expected = n + 1;
            }
        }
        assertEquals(40_000, expected);
        assertFalse(p.alive());
    }

    @Test
    void limitsAreChecked() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new RollingLog.Limits(10, 3));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new RollingLog.Limits(4096, 0));
    }
}
