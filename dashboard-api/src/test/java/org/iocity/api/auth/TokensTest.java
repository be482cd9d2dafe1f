package org.iocity.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.iocity.api.TestData;
import org.iocity.model.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {
    @TempDir
    Path dir;

    @Test
    void hashIsLowerCaseHexSha256OfUtf8() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Tokens.hash("abc"));
        assertEquals(64, Tokens.hash("Phường Bến Thành").length());
    }

    @Test
    void fileHoldsHashesRolesAndNamesWithComments() throws Exception {
        Path f = dir.resolve("tokens");
        Files.writeString(f, String.join("\n",
                "# operations center tokens",
                "",
                Tokens.hash("s3cret") + " operator night shift desk 3",
                "  " + Tokens.hash("wall").toUpperCase() + "\twall   Video wall A  ",
                ""));
        Tokens tokens = Tokens.load(f);
        assertEquals(2, tokens.size());
        assertEquals(new Tokens.Principal("night shift desk 3", Role.OPERATOR), tokens.authenticate("s3cret").orElseThrow());
        assertEquals(new Tokens.Principal("Video wall A", Role.WALL), tokens.authenticate("wall").orElseThrow());
        assertTrue(tokens.authenticate("S3CRET").isEmpty());
        assertTrue(tokens.authenticate(Tokens.hash("s3cret")).isEmpty(), "the hash itself is not a token");
    }

    @Test
    void badLinesAreOneLineConfigErrorsNamingTheLine() throws Exception {
        Path f = dir.resolve("tokens");
        Files.writeString(f, "# ok\n" + Tokens.hash("a") + " operator a\n" + Tokens.hash("b") + " superuser b\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Tokens.load(f));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("superuser"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        Files.writeString(f, "abc123 operator short\n");
        assertTrue(assertThrows(ConfigException.class, () -> Tokens.load(f)).getMessage().contains("64-digit hex"));

        Files.writeString(f, Tokens.hash("a") + " operator\n");
        assertTrue(assertThrows(ConfigException.class, () -> Tokens.load(f)).getMessage().contains("sha256hex role name"));

        Files.writeString(f, Tokens.hash("a") + " operator x\n" + Tokens.hash("a") + " admin y\n");
        assertTrue(assertThrows(ConfigException.class, () -> Tokens.load(f)).getMessage().contains("twice"));

        Files.writeString(f, "# nothing here\n");
        assertTrue(assertThrows(ConfigException.class, () -> Tokens.load(f)).getMessage().contains("no tokens"));

        assertTrue(assertThrows(ConfigException.class, () -> Tokens.load(dir.resolve("missing")))
                .getMessage().contains("cannot read"));
    }

    @Test
    void aTokenMayExpireAndIsThen401() throws Exception {
        Path f = dir.resolve("tokens");
        Instant at = Instant.parse("2026-12-31T17:00:00Z");
        Files.writeString(f, Tokens.hash("w") + " wall expires=" + at + " Video wall B\n"
                + Tokens.hash("o") + " operator desk 1\n");
        Tokens tokens = Tokens.load(f);
        assertEquals(new Tokens.Principal("Video wall B", Role.WALL, at), tokens.authenticate("w").orElseThrow());
        assertNull(tokens.authenticate("o").orElseThrow().expiresAt(), "no expires= never expires");

        Tokens before = tokens.withClock(Clock.fixed(at.minusMillis(1), ZoneOffset.UTC));
        assertEquals(200, before.decide("Bearer w", null, Role.ALL).status());
        Tokens after = tokens.withClock(Clock.fixed(at, ZoneOffset.UTC));
        Tokens.Decision expired = after.decide("Bearer w", null, Role.ALL);
        assertEquals(401, expired.status());
        assertTrue(expired.detail().contains("expired at " + at), expired.detail());
        assertEquals(200, after.decide("Bearer o", null, Role.ALL).status());

        Files.writeString(f, Tokens.hash("w") + " wall expires=tomorrow Video wall B\n");
        String bad = assertThrows(ConfigException.class, () -> Tokens.load(f)).getMessage();
        assertTrue(bad.contains("line 1") && bad.contains("expires=tomorrow"), bad);
        Files.writeString(f, Tokens.hash("w") + " wall expires=" + at + "\n");
        assertTrue(assertThrows(ConfigException.class, () -> Tokens.load(f)).getMessage().contains("a name must follow"));
    }

    @Test
    void decisionsAre401ForMissingOrBadAnd403ForWrongRole() {
        Tokens tokens = TestData.tokens();
        Set<Role> adminOnly = EnumSet.of(Role.ADMIN);

        Tokens.Decision ok = tokens.decide("Bearer " + TestData.OPERATOR_TOKEN, null, Role.ALL);
        assertTrue(ok.allowed());
        assertEquals(200, ok.status());
        assertEquals(Role.OPERATOR, ok.principal().role());

        assertEquals(200, tokens.decide("bearer  " + TestData.WALL_TOKEN + " ", null, Role.ALL).status(), "scheme is case-insensitive");
        assertEquals(200, tokens.decide(null, TestData.WALL_TOKEN, Role.ALL).status(), "query token");
        assertEquals(200, tokens.decide("Bearer " + TestData.ADMIN_TOKEN, null, adminOnly).status());

        assertEquals(401, tokens.decide(null, null, Role.ALL).status());
        assertEquals(401, tokens.decide("", "", Role.ALL).status());
        assertEquals(401, tokens.decide("Bearer nope", null, Role.ALL).status());
        assertEquals(401, tokens.decide("Basic dXNlcjpwYXNz", TestData.OPERATOR_TOKEN, Role.ALL).status(),
                "a non-bearer header is not overridden by the query");
        assertEquals(401, tokens.decide("Bearer ", null, Role.ALL).status());

        Tokens.Decision forbidden = tokens.decide("Bearer " + TestData.WALL_TOKEN, null, adminOnly);
        assertEquals(403, forbidden.status());
        assertEquals(Role.WALL, forbidden.principal().role());
        assertTrue(forbidden.detail().contains("wall"));
    }

    @Test
    void bearerParsing() {
        assertEquals("abc", Tokens.bearer("Bearer abc"));
        assertEquals("abc", Tokens.bearer("BEARER abc"));
        assertNull(Tokens.bearer("Bearer"));
        assertNull(Tokens.bearer("Token abc"));
    }
}
