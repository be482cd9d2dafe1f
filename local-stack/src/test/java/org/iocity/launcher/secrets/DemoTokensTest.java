package org.iocity.launcher.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./ioc up} and {@code ./ioc tokens} write one hashed token per role with its expiry, in the API's format. */
class DemoTokensTest {
    @TempDir
    Path dir;

    @Test
    void eachRoleGetsAHashedTokenThatExpiresInThirtyDays() throws Exception {
        Path file = dir.resolve("tokens");
        Instant before = Instant.now();
        Map<String, String> tokens = DemoSecrets.demoTokens(file);
        Instant after = Instant.now();
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(tokens.size(), lines.size());
        assertEquals(List.of("operator", "engineer", "leader", "admin", "wall"), List.copyOf(tokens.keySet()));
        for (String line : lines) {
            String[] w = line.split(" ");
            assertEquals(4, w.length, line);
            assertEquals(DemoSecrets.sha256(tokens.get(w[1])), w[0], "only the hash is written");
            assertTrue(w[2].startsWith("expires="), line);
            // thirty days from when the file was written (bounded by the clock read before and after, however slow the call)
            Instant expires = Instant.parse(w[2].substring("expires=".length()));
            assertTrue(!expires.isBefore(before.plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                    && !expires.isAfter(after.plus(Duration.ofDays(30))), line + " written between " + before + " and " + after);
            assertEquals("demo-" + w[1], w[3]);
        }
    }
}
