package org.iocity.api.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iocity.model.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens in force: the tokens file as last read well. {@link #reloadIfChanged()} (every {@code api.tokens.reload})
 * reads the file again when its bytes changed, so a token added, removed or renewed takes effect within seconds and
 * without a restart; a file that no longer reads keeps the tokens in force and says why in {@code /health}. Tokens
 * that expire within {@code api.tokens.warn.before} are counted in {@code /health} and shown to their wall, days
 * before a wall would go dark.
 */
public final class TokenStore {
    private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);

    /** What a reload did. */
    public enum Reload { UNCHANGED, RELOADED, FAILED }

    private final Path file;
    private volatile Tokens current;
    private volatile byte[] digest;
    private volatile Instant loadedAt;
    private volatile String reloadError;

    private TokenStore(Path file, Tokens tokens, byte[] digest) {
        this.file = file;
        this.current = tokens;
        this.digest = digest;
        this.loadedAt = tokens.now();
    }

    /** Tokens that never change (tests, embedding). */
    public static TokenStore fixed(Tokens tokens) {
        return new TokenStore(null, tokens, null);
    }

    /** Reads the tokens file; a bad file is a {@link ConfigException} naming it and the line. */
    public static TokenStore load(Path file) {
        byte[] bytes = read(file);
        return new TokenStore(file, Tokens.load(file), sha256(bytes));
    }

    public Tokens current() {
        return current;
    }

    /** Reads the file again when its content changed; a file that does not read keeps the tokens in force. */
    public synchronized Reload reloadIfChanged() {
        if (file == null) return Reload.UNCHANGED;
        byte[] d;
        Tokens next;
        try {
            d = sha256(read(file));
            if (java.util.Arrays.equals(d, digest)) return Reload.UNCHANGED;
            next = Tokens.load(file);
        } catch (ConfigException e) {
            if (!e.getMessage().equals(reloadError)) {
                LOG.error("tokens file not reloaded, the {} tokens read before stay in force: {}", current.size(), e.getMessage());
            }
            reloadError = e.getMessage();
            return Reload.FAILED;
        }
        Tokens before = current;
        current = next.withClock(before.clock());
        digest = d;
        loadedAt = current.now();
        reloadError = null;
        LOG.info("tokens file {} reloaded: {} tokens (were {})", file, next.size(), before.size());
        return Reload.RELOADED;
    }

    /** Tokens that expire within {@code window} from now (expired ones included), soonest first. */
    public List<Tokens.Principal> expiringWithin(Duration window) {
        Instant limit = current.now().plus(window);
        List<Tokens.Principal> out = new ArrayList<>();
        for (Tokens.Principal p : current.principals()) {
            if (p.expiresAt() != null && p.expiresAt().isBefore(limit)) out.add(p);
        }
        out.sort(Comparator.comparing(Tokens.Principal::expiresAt));
        return out;
    }

    /** Whether {@code p}'s token expires within {@code window}: its wall shows a warning. */
    public boolean expiresSoon(Tokens.Principal p, Duration window) {
        return p.expiresAt() != null && p.expiresAt().isBefore(current.now().plus(window));
    }

    /**
     * The part of {@code /health} about tokens, with no names (the endpoint is public): how many, when last read, a
     * reload error, and a warning when some expire within {@code window}.
     */
    public Map<String, Object> health(Duration window) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", current.size());
        m.put("file", file == null ? null : file.toString());
        m.put("loadedAt", loadedAt.toString());
        m.put("reloadError", reloadError);
        List<Tokens.Principal> soon = expiringWithin(window);
        Instant now = current.now();
        long expired = soon.stream().filter(p -> p.expired(now)).count();
        m.put("expired", expired);
        m.put("expiringWithin", window.toString());
        m.put("expiring", soon.size() - expired);
        m.put("nextExpiry", soon.stream().filter(p -> !p.expired(now)).findFirst().map(p -> p.expiresAt().toString()).orElse(null));
        m.put("warning", warning(soon, now, window).orElse(null));
        return m;
    }

    private Optional<String> warning(List<Tokens.Principal> soon, Instant now, Duration window) {
        if (soon.isEmpty()) return Optional.empty();
        long expired = soon.stream().filter(p -> p.expired(now)).count();
        String where = file == null ? "the tokens" : file.toString();
        return Optional.of((expired > 0 ? expired + " token(s) expired, " : "") + (soon.size() - expired)
                + " expire within " + window.toDays() + " days: write new ones (./ioc tokens, or new lines in " + where
                + "); the file is read again within seconds, no restart needed");
    }

    /** Tokens of the admin's status page, with names. */
    public List<Map<String, Object>> expiringDetail(Duration window) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Tokens.Principal p : expiringWithin(window)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("role", p.role().id());
            m.put("expiresAt", p.expiresAt().toString());
            out.add(m);
        }
        return out;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read API tokens file " + file + ": " + e.getClass().getSimpleName() + " "
                    + e.getMessage());
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
