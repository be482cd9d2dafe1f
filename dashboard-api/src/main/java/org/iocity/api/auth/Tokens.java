package org.iocity.api.auth;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.iocity.api.config.ApiSettings;
import org.iocity.model.config.ConfigException;
import org.iocity.model.web.HashedKeyFile;

/**
 * The bearer tokens the API accepts, kept as SHA-256 hashes only. A tokens file has one token per line:
 * <pre>
 * # sha256hex                                                        role      [expires=instant]            name
 * 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 operator  night shift desk 3
 * 60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752 wall      expires=2026-12-31T17:00:00Z wall B
 * </pre>
 * (the name is the rest of the line; without {@code expires=} a token does not expire). An expired token is refused
 * like an unknown one (401), with the time it expired. {@code Tokens.hash("secret")} gives the hash of a new token.
 */
public final class Tokens {
    static final String EXPIRES = "expires=";

    /** The caller a valid token stands for; {@code expiresAt} null for a token that does not expire. */
    public record Principal(String name, Role role, Instant expiresAt) {
        public Principal(String name, Role role) {
            this(name, role, null);
        }

        /** Whether the token has expired at {@code now}. */
        public boolean expired(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    /** The outcome of checking a token against the roles a resource allows. */
    public record Decision(Outcome outcome, Principal principal, String detail) {
        public enum Outcome { ALLOWED, UNAUTHORIZED, FORBIDDEN }

        public boolean allowed() {
            return outcome == Outcome.ALLOWED;
        }

        /** 200 when allowed, else 401 or 403. */
        public int status() {
            return switch (outcome) {
                case ALLOWED -> 200;
                case UNAUTHORIZED -> 401;
                case FORBIDDEN -> 403;
            };
        }
    }

    private final Map<String, Principal> byHash;
    private final Clock clock;

    private Tokens(Map<String, Principal> byHash, Clock clock) {
        this.byHash = Map.copyOf(byHash);
        this.clock = clock;
    }

    /** The same tokens judged on {@code clock} (tests of expiry). */
    public Tokens withClock(Clock clock) {
        return new Tokens(byHash, clock);
    }

    public Instant now() {
        return clock.instant();
    }

    /** Lower-case hex SHA-256 of the token's UTF-8 bytes: what the tokens file holds. */
    public static String hash(String token) {
        return HashedKeyFile.hash(token);
    }

    /** A store from plain tokens (tests, embedding): each token is hashed, the plain text is not kept. */
    public static Tokens of(Map<String, Principal> plainTokens) {
        Map<String, Principal> m = new HashMap<>();
        plainTokens.forEach((token, p) -> m.put(hash(token), p));
        return new Tokens(m, Clock.systemUTC());
    }

    /** How the tokens file is named in errors. */
    private static final HashedKeyFile.Format FORMAT = new HashedKeyFile.Format("API tokens file", ApiSettings.TOKENS_FILE,
            "token", "`sha256hex role name` or `sha256hex role expires=<ISO-8601 instant> name`",
            "holds no tokens: add lines `sha256hex role name`", true);

    /** Reads a tokens file ({@link HashedKeyFile}); a bad line is a {@link ConfigException} naming the file and the line. */
    public static Tokens load(Path file) {
        return new Tokens(HashedKeyFile.read(file, FORMAT, Tokens::principal), Clock.systemUTC());
    }

    /** The principal of one line: its role, then {@code [expires=<instant>] name} in the rest. */
    private static Principal principal(HashedKeyFile.Line line) {
        String where = line.where();
        Instant expires = null;
        String name = line.rest();
        if (name.startsWith(EXPIRES)) {
            String[] rest = name.split("\\s+", 2);
            try {
                expires = Instant.parse(rest[0].substring(EXPIRES.length()));
            } catch (DateTimeParseException e) {
                throw new ConfigException(where + ": bad " + rest[0] + ": expected expires=<ISO-8601 instant> such as "
                        + "expires=2026-12-31T17:00:00Z");
            }
            if (rest.length < 2 || rest[1].isBlank()) throw new ConfigException(where + ": a name must follow " + rest[0]);
            name = rest[1].strip();
        }
        Role role = Role.parse(line.role()).orElseThrow(() -> new ConfigException(where + ": unknown role " + line.role()
                + " (expected one of operator, engineer, leader, admin, wall)"));
        return new Principal(name, role, expires);
    }

    /** The clock expiry is judged on. */
    Clock clock() {
        return clock;
    }

    /** Who the tokens stand for (no hashes). */
    public java.util.Collection<Principal> principals() {
        return byHash.values();
    }

    public int size() {
        return byHash.size();
    }

    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isEmpty()) return Optional.empty();
        return Optional.ofNullable(byHash.get(hash(token)));
    }

    /**
     * Checks a request's credentials: the {@code Authorization} header ({@code Bearer <token>}) when present, else the
     * {@code access_token} query value. Missing or unknown → UNAUTHORIZED; a role outside {@code allowed} → FORBIDDEN.
     */
    public Decision decide(String authorizationHeader, String accessToken, Set<Role> allowed) {
        String token;
        if (authorizationHeader != null && !authorizationHeader.isBlank()) {
            token = bearer(authorizationHeader);
            if (token == null) {
                return new Decision(Decision.Outcome.UNAUTHORIZED, null, "the Authorization header must be `Bearer <token>`");
            }
        } else {
            token = accessToken;
        }
        if (token == null || token.isBlank()) {
            return new Decision(Decision.Outcome.UNAUTHORIZED, null,
                    "a bearer token is required (Authorization header or access_token query parameter)");
        }
        Optional<Principal> p = authenticate(token);
        if (p.isEmpty()) {
            return new Decision(Decision.Outcome.UNAUTHORIZED, null, "the token is not valid");
        }
        if (p.get().expired(clock.instant())) {
            return new Decision(Decision.Outcome.UNAUTHORIZED, null, "the token expired at " + p.get().expiresAt());
        }
        if (!allowed.contains(p.get().role())) {
            return new Decision(Decision.Outcome.FORBIDDEN, p.get(),
                    "role " + p.get().role().id() + " may not use this resource");
        }
        return new Decision(Decision.Outcome.ALLOWED, p.get(), null);
    }

    /** The token of a {@code Bearer <token>} header value (scheme case-insensitive), or null. */
    static String bearer(String header) {
        String h = header.strip();
        if (h.length() > 7 && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String t = h.substring(7).strip();
            return t.isEmpty() ? null : t;
        }
        return null;
    }
}
