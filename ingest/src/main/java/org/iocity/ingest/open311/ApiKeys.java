package org.iocity.ingest.open311;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.iocity.model.config.ConfigException;
import org.iocity.model.web.HashedKeyFile;

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
    public enum Role { INTAKE, BACKOFFICE }

    public record Client(String name, Role role) {}

    private final Map<String, Client> byHash;

    private ApiKeys(Map<String, Client> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    public static String hash(String key) {
        return HashedKeyFile.hash(key);
    }

    /** How the keys file is named in errors. */
    private static final HashedKeyFile.Format FORMAT = new HashedKeyFile.Format("Open311 API keys file",
            Open311Settings.KEYS_FILE, "key", "`sha256hex role name`", "holds no keys: add `sha256hex role name` lines",
            false);

    /** Reads a keys file ({@link HashedKeyFile}); a bad line is a {@link ConfigException} naming the file and the line. */
    public static ApiKeys load(Path file) {
        return new ApiKeys(HashedKeyFile.read(file, FORMAT, line -> {
            Role role;
            try {
                role = Role.valueOf(line.role().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(line.where() + ": unknown role " + line.role() + " (expected intake or backoffice)");
            }
            return new Client(line.rest(), role);
        }));
    }

    public Optional<Client> authenticate(String key) {
        if (key == null || key.isBlank()) return Optional.empty();
        return Optional.ofNullable(byHash.get(hash(key.strip())));
    }
}
