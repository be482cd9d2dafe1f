package org.iocity.model.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.iocity.model.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashedKeyFileTest {
    private static final HashedKeyFile.Format FORMAT = new HashedKeyFile.Format("test keys file", "test.keys.file", "key",
            "`sha256hex role name`", "holds no keys", false);

    @TempDir
    Path dir;

    private Map<String, String> read(String text) throws Exception {
        Path f = dir.resolve("keys");
        Files.writeString(f, text);
        return HashedKeyFile.read(f, FORMAT, l -> l.role() + "/" + l.rest());
    }

    @Test
    void hashesAreLowerCaseHexSha256() {
        assertEquals("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", HashedKeyFile.hash("test"));
    }

    @Test
    void linesAreHashRoleAndTheRest() throws Exception {
        String h = HashedKeyFile.hash("k");
        Map<String, String> m = read("# comment\n\n" + h.toUpperCase() + "   intake   1022  citizen app \n");
        assertEquals(Map.of(h, "intake/1022  citizen app"), m);
    }

    @Test
    void badFilesAreConfigErrorsNamingTheLine() throws Exception {
        String h = HashedKeyFile.hash("k");
        String e = assertThrows(ConfigException.class, () -> read(h + " intake\n")).getMessage();
        assertTrue(e.endsWith("line 1: expected `sha256hex role name`"), e);
        e = assertThrows(ConfigException.class, () -> read("# x\nabc intake name\n")).getMessage();
        assertTrue(e.endsWith("line 2: the first word must be the 64-digit hex SHA-256 of the key"), e);
        e = assertThrows(ConfigException.class, () -> read(h + " a one\n" + h + " b two\n")).getMessage();
        assertTrue(e.endsWith("line 2: this key hash appears twice"), e);
        e = assertThrows(ConfigException.class, () -> read("# nothing\n")).getMessage();
        assertTrue(e.startsWith("test keys file ") && e.endsWith(" holds no keys"), e);
        e = assertThrows(ConfigException.class, () -> HashedKeyFile.read(dir.resolve("missing"), FORMAT, l -> l)).getMessage();
        assertTrue(e.startsWith("cannot read test keys file ") && e.endsWith("(test.keys.file): NoSuchFileException"), e);
    }
}
