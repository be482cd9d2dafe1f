package org.iocity.model.web;

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
import java.util.function.Function;
import java.util.regex.Pattern;
import org.iocity.model.config.ConfigException;

/**
 * A file of secrets kept as SHA-256 hashes only (the dashboard's bearer tokens, the intake's API keys), one per line:
 * <pre>
 * # sha256hex                                                        role      rest of the line
 * 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 operator  night shift desk 3
 * </pre>
 * Blank lines and lines starting with {@code #} are skipped. This reads the lines, checks the hash (64 hex digits, any
 * case, kept lower-case) and that no hash appears twice; what the role and the rest mean is the service's
 * ({@code value}). Every problem is a {@link ConfigException} naming the file and the line.
 */
public final class HashedKeyFile {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private HashedKeyFile() {}

    /**
     * How a service names its file in errors.
     *
     * @param what     the file, e.g. {@code API tokens file}
     * @param setting  the setting that names the file, e.g. {@code api.tokens.file}
     * @param noun     what one line holds, e.g. {@code token}
     * @param expected the line's form, quoted when a line has fewer than three words
     * @param empty    what is said of a file with no lines, after {@code <what> <file> }
     * @param ioDetail whether a read error's message is quoted after its class
     */
    public record Format(String what, String setting, String noun, String expected, String empty, boolean ioDetail) {}

    /** One line: {@code where} names the file and line for errors; {@code rest} is stripped and not blank. */
    public record Line(String where, String hash, String role, String rest) {}

    /** Lower-case hex SHA-256 of the secret's UTF-8 bytes: what the file holds. */
    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * Reads {@code file}: hash → the value {@code value} makes of each line (which throws a {@link ConfigException}
     * using {@link Line#where} for a role or rest it does not accept).
     */
    public static <T> Map<String, T> read(Path file, Format format, Function<Line, T> value) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + format.what() + " " + file + " (" + format.setting() + "): "
                    + e.getClass().getSimpleName() + (format.ioDetail() ? " " + e.getMessage() : ""));
        }
        Map<String, T> m = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = format.what() + " " + file + " line " + (i + 1);
            String[] parts = line.split("\\s+", 3);
            if (parts.length < 3 || parts[2].isBlank()) throw new ConfigException(where + ": expected " + format.expected());
            String hash = parts[0].toLowerCase(Locale.ROOT);
            if (!HEX64.matcher(hash).matches()) {
                throw new ConfigException(where + ": the first word must be the 64-digit hex SHA-256 of the " + format.noun());
            }
            T v = value.apply(new Line(where, hash, parts[1], parts[2].strip()));
            if (m.putIfAbsent(hash, v) != null) throw new ConfigException(where + ": this " + format.noun() + " hash appears twice");
        }
        if (m.isEmpty()) throw new ConfigException(format.what() + " " + file + " " + format.empty());
        return m;
    }
}
