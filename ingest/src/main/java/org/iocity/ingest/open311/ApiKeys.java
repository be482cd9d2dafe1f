package org.iocity.ingest.open311;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.iocity.model.config.ConfigException;

/**
 * The API keys of the intake, kept as SHA-256 hashes only. One key per line, like the dashboard's tokens file:
 * <pre>
 * # sha256hex                                                        role        name
 * 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 intake      1022 citizen app
 * 60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752 backoffice  one-stop-shop system
 * </pre>
 * Role {@code intake} may file citizen requests; {@code backoffice} may send complaint lifecycle and dossier events
 * (and file requests, as a hotline desk does). The name is the rest of the line and travels as the event's channel.
 */
public final class ApiKeys {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public enum Role { INTAKE, BACKOFFICE }

    public record Client(String name, Role role) {}

    private final Map<String, Client> byHash;

    private ApiKeys(Map<String, Client> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Reads a keys file; a bad line is a {@link ConfigException} naming the file and the line. */
    public static ApiKeys load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read Open311 API keys file " + file + " (" + Open311Settings.KEYS_FILE + "): "
                    + e.getClass().getSimpleName());
        }
        Map<String, Client> m = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = "Open311 API keys file " + file + " line " + (i + 1);
            String[] parts = line.split("\\s+", 3);
            if (parts.length < 3 || parts[2].isBlank()) throw new ConfigException(where + ": expected `sha256hex role name`");
            String hash = parts[0].toLowerCase(Locale.ROOT);
            if (!HEX64.matcher(hash).matches()) {
                throw new ConfigException(where + ": the first word must be the 64-digit hex SHA-256 of the key");
            }
            Role role;
            try {
                role = Role.valueOf(parts[1].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + ": unknown role " + parts[1] + " (expected intake or backoffice)");
            }
            if (m.putIfAbsent(hash, new Client(parts[2].strip(), role)) != null) {
                throw new ConfigException(where + ": this key hash appears twice");
            }
        }
        if (m.isEmpty()) throw new ConfigException("Open311 API keys file " + file + " holds no keys: add `sha256hex role name` lines");
        return new ApiKeys(m);
    }

    public Optional<Client> authenticate(String key) {
        if (key == null || key.isBlank()) return Optional.empty();
        return Optional.ofNullable(byHash.get(hash(key.strip())));
    }
}
