package org.iocity.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokens file read again when it changes, a bad file never taking the tokens in force away, expiry warned of. */
class TokenStoreTest {
    static final EnumSet<Role> ALL = EnumSet.allOf(Role.class);

    @TempDir
    Path dir;

    private Path write(String... lines) throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static String line(String token, String role, Instant expires, String name) {
        return Tokens.hash(token) + " " + role + (expires == null ? "" : " expires=" + expires) + " " + name;
    }

    @Test
    void aChangedFileIsReadAgainAndARemovedTokenIsRefused() throws Exception {
        Path file = write(line("wall-a", "wall", null, "wall A"), line("desk-1", "operator", null, "desk 1"));
        TokenStore store = TokenStore.load(file);
        assertTrue(store.current().decide("Bearer wall-a", null, ALL).allowed());
        assertEquals(TokenStore.Reload.UNCHANGED, store.reloadIfChanged(), "same bytes: nothing to do");

        write(line("desk-1", "operator", null, "desk 1"), line("wall-b", "wall", null, "wall B"));
        assertEquals(TokenStore.Reload.RELOADED, store.reloadIfChanged());
        assertEquals(401, store.current().decide("Bearer wall-a", null, ALL).status(), "the removed token is refused");
        assertTrue(store.current().decide("Bearer wall-b", null, ALL).allowed(), "the added one works");
        assertTrue(store.current().decide("Bearer desk-1", null, ALL).allowed());
    }

    @Test
    void aBadFileKeepsTheTokensInForceAndSaysWhy() throws Exception {
        Path file = write(line("wall-a", "wall", null, "wall A"));
        TokenStore store = TokenStore.load(file);
        Files.writeString(file, "not a token line\n");
        assertEquals(TokenStore.Reload.FAILED, store.reloadIfChanged());
        assertTrue(store.current().decide("Bearer wall-a", null, ALL).allowed(), "the last good tokens stay");
        Map<String, Object> health = store.health(Duration.ofDays(7));
        assertTrue(String.valueOf(health.get("reloadError")).contains(file.toString()), health.toString());
        assertEquals(1, health.get("count"));

        Files.writeString(file, line("wall-a", "wall", null, "wall A") + "\n" + line("wall-c", "wall", null, "wall C") + "\n");
        assertEquals(TokenStore.Reload.RELOADED, store.reloadIfChanged());
        assertNull(store.health(Duration.ofDays(7)).get("reloadError"), "fixed: the error is gone");
        assertEquals(2, store.current().size());
    }

    @Test
    void tokensThatExpireWithinTheWindowAreWarnedOfWithoutTheirNames() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant inTwoDays = now.plus(Duration.ofDays(2));
        Path file = write(line("wall-a", "wall", inTwoDays, "wall A"),
                line("wall-b", "wall", now.plus(Duration.ofDays(30)), "wall B"),
                line("old", "operator", now.minus(Duration.ofDays(1)), "old desk"),
                line("desk", "operator", null, "desk"));
        TokenStore store = TokenStore.load(file);
        List<Tokens.Principal> soon = store.expiringWithin(Duration.ofDays(7));
        assertEquals(List.of("old desk", "wall A"), soon.stream().map(Tokens.Principal::name).toList(), "soonest first");

        Map<String, Object> health = store.health(Duration.ofDays(7));
        assertEquals(1L, health.get("expired"));
        assertEquals(1L, health.get("expiring"));
        assertEquals(inTwoDays.toString(), health.get("nextExpiry"));
        String warning = (String) health.get("warning");
        assertTrue(warning.startsWith("1 token(s) expired, 1 expire within 7 days"), warning);
        assertTrue(warning.contains(file.toString()), "names the file to edit: " + warning);
        assertFalse(health.toString().contains("wall A"), "the public health names no token");

        Tokens.Principal a = store.current().authenticate("wall-a").orElseThrow();
        Tokens.Principal b = store.current().authenticate("wall-b").orElseThrow();
        assertTrue(store.expiresSoon(a, Duration.ofDays(7)));
        assertFalse(store.expiresSoon(b, Duration.ofDays(7)));
        assertTrue(store.expiresSoon(b, Duration.ofDays(31)), "the window is a setting");
        assertEquals("wall A", store.expiringDetail(Duration.ofDays(7)).get(1).get("name"));
        assertNull(store.health(Duration.ofHours(1)).get("nextExpiry"), "nothing but the expired one within an hour");
    }
}
