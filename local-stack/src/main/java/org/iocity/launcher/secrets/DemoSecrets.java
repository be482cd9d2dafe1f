package org.iocity.launcher.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iocity.model.config.ConfigException;
import org.iocity.model.config.IocConfig;
import org.iocity.model.registry.Registry;
import org.iocity.parts.MqttAuth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo secrets under {@code .ioc/}, none committed: API tokens per role (hashed), Open311 keys (hashed), and the
 * MQTT users, passwords and ACLs for docker compose. {@code ./ioc tokens} runs {@link #main}; {@code ./ioc up} writes
 * tokens and keys through the same methods.
 */
public final class DemoSecrets {
    private static final Logger LOG = LoggerFactory.getLogger(DemoSecrets.class);
    static final List<String> ROLES = List.of("operator", "engineer", "leader", "admin", "wall");

    private DemoSecrets() {}

    /** {@code ./ioc tokens}: new demo tokens and MQTT credentials for a stack started some other way (docker compose). */
    public static void main(String[] args) {
        Path home = Path.of(".ioc").toAbsolutePath();
        try {
            demoTokens(home.resolve("tokens")).forEach((role, token) -> System.out.printf("%-9s %s%n", role, token));
            System.out.printf("(API tokens expire in %d days; run ./ioc tokens again for new ones)%n",
                    DEMO_TOKEN_LIFETIME.toDays());
            Map<String, String> open311Keys = demoOpen311Keys(home.resolve("open311-keys"));
            open311Keys.forEach((role, key) -> System.out.printf("open311 %-10s %s%n", role, key));
            IocConfig config = IocConfig.load();
            composeMqttAuth(home, Registry.load(Path.of(config.string("registry.file", "config/registry.json"))),
                    open311Keys);
            System.out.printf("MQTT users and ACLs in %s, device passwords in %s%nnow: docker compose --env-file %s up%n",
                    home.resolve("mqtt"), home.resolve("mqtt-devices"), home.resolve(COMPOSE_ENV));
        } catch (ConfigException | IllegalStateException | UncheckedIOException e) {
            LOG.error("ioc tokens: {}", e.getMessage());
            System.exit(2);
        }
    }

    /** The file of MQTT service passwords that docker-compose.yml substitutes (never committed: under .ioc). */
    public static final String COMPOSE_ENV = "compose.env";

    /** Service user → the variable docker-compose.yml reads its password from. */
    static final Map<String, String> COMPOSE_PASSWORD_VARIABLES = Map.of(MqttAuth.INGEST, "MQTT_INGEST_PASSWORD",
            MqttAuth.DASHBOARD, "MQTT_DASHBOARD_PASSWORD", MqttAuth.SIMULATOR, "MQTT_SIMULATOR_PASSWORD",
            MqttAuth.HEALTH, "MQTT_HEALTH_PASSWORD");

    /**
     * MQTT credentials for docker compose under a fresh secret: {@code mqtt/passwd} (hashed) and {@code mqtt/acl}, which
     * the compose broker mounts; {@code mqtt-devices} (every user's password, for provisioning); {@code compose.env}
     * with the service passwords, the simulator's Open311 keys and Grafana's admin password (owner-only), read by {@code docker compose --env-file}.
     */
    public static MqttAuth composeMqttAuth(Path home, Registry registry, Map<String, String> open311Keys) {
        MqttAuth auth = MqttAuth.forRegistry(registry, MqttAuth.newSecret());
        auth.writeBrokerFiles(home.resolve("mqtt"));
        writeDeviceCredentials(home.resolve("mqtt-devices"), auth);
        StringBuilder env = new StringBuilder("# MQTT service passwords for docker compose -- written by ./ioc tokens\n");
        COMPOSE_PASSWORD_VARIABLES.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> env.append(e.getValue()).append('=').append(auth.password(e.getKey())).append('\n'));
        env.append("# the simulator's Open311 keys (its citizens stream)\n");
        env.append("SIM_INTAKE_KEY=").append(open311Keys.get("intake")).append('\n');
        env.append("SIM_BACKOFFICE_KEY=").append(open311Keys.get("backoffice")).append('\n');
        env.append("# Grafana's admin password (user admin)\n");
        env.append("GRAFANA_ADMIN_PASSWORD=").append(newSecret(new SecureRandom(), "grafana")).append('\n');
        writeOwnerOnly(home.resolve(COMPOSE_ENV), env.toString());
        return auth;
    }

    /** How long the demo tokens of {@code ./ioc up} and {@code ./ioc tokens} are valid. */
    public static final Duration DEMO_TOKEN_LIFETIME = Duration.ofDays(30);

    /**
     * New random tokens, one per role, valid for {@link #DEMO_TOKEN_LIFETIME}; only their SHA-256 and expiry go to
     * the tokens file the API reads.
     */
    public static Map<String, String> demoTokens(Path file) {
        return demoTokens(file, Instant.now().plus(DEMO_TOKEN_LIFETIME).truncatedTo(ChronoUnit.SECONDS));
    }

    static Map<String, String> demoTokens(Path file, Instant expires) {
        SecureRandom random = new SecureRandom();
        Map<String, String> tokens = new LinkedHashMap<>();
        StringBuilder lines = new StringBuilder("# sha256(token) role expires=<instant> name -- written by ./ioc up or ./ioc tokens\n");
        for (String role : ROLES) {
            String token = newSecret(random, role);
            tokens.put(role, token);
            lines.append(sha256(token)).append(' ').append(role).append(" expires=").append(expires).append(" demo-")
                    .append(role).append('\n');
        }
        write(file, lines);
        return tokens;
    }

    /** Device credentials ({@code user password} per line, owner-only) for provisioning devices against this stack. */
    public static void writeDeviceCredentials(Path file, MqttAuth auth) {
        StringBuilder lines = new StringBuilder("# MQTT user password -- written by ./ioc up, valid until the next one\n");
        auth.users().forEach((u, p) -> lines.append(u).append(' ').append(p).append('\n'));
        writeOwnerOnly(file, lines.toString());
    }

    private static void writeOwnerOnly(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** New random Open311 API keys, one per role (intake, backoffice); only their SHA-256 goes to the keys file. */
    public static Map<String, String> demoOpen311Keys(Path file) {
        SecureRandom random = new SecureRandom();
        Map<String, String> keys = new LinkedHashMap<>();
        StringBuilder lines = new StringBuilder("# sha256(key) role name -- written by ./ioc up\n");
        for (String role : List.of("intake", "backoffice")) {
            String key = newSecret(random, role);
            keys.put(role, key);
            lines.append(sha256(key)).append(' ').append(role).append(" demo-").append(role).append('\n');
        }
        write(file, lines);
        return keys;
    }

    /** {@code <role>-} and 24 random bytes (URL-safe Base64): the role is readable in a token, the rest is secret. */
    private static String newSecret(SecureRandom random, String role) {
        byte[] raw = new byte[24];
        random.nextBytes(raw);
        return role + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static void write(Path file, CharSequence text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
