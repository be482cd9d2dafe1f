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
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(tokens.size(), lines.size());
        assertEquals(List.of("operator", "engineer", "leader", "admin", "wall"), List.copyOf(tokens.keySet()));
        for (String line : lines) {
            String[] w = line.split(" ");
            assertEquals(4, w.length, line);
            assertEquals(DemoSecrets.sha256(tokens.get(w[1])), w[0], "only the hash is written");
            assertTrue(w[2].startsWith("expires="), line);
            Duration left = Duration.between(before, Instant.parse(w[2].substring("expires=".length())));
            assertTrue(left.compareTo(Duration.ofDays(30).minusSeconds(5)) > 0 && left.compareTo(Duration.ofDays(30).plusSeconds(5)) < 0,
                    line);
            assertEquals("demo-" + w[1], w[3]);
        }
    }
}
