package org.iocity.parts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.iocity.model.registry.Registry;

/**
 * MQTT credentials and topic ACLs for Mosquitto, generated from the device registry. Every device is a user named by
 * its id that may publish only under its own id ({@code ioc/v1/{type}/{id}/...}, the topics of the device contract for
 * its type) and a signal controller may read its own {@code plan/set}. Service users: {@value #INGEST} reads
 * {@code ioc/v1/#}; {@value #DASHBOARD} may publish {@code ioc/v1/signal/+/plan/set}; {@value #SIMULATOR} (one
 * connection publishing for every simulated device) may publish camera counts, controller events, sensor readings and
 * their statuses, and read the controllers' {@code plan/set}; {@value #HEALTH} may read
 * {@code $SYS/broker/uptime} (compose healthcheck). Anonymous clients are refused.
 *
 * <p>Passwords are derived: HMAC-SHA256 of the user name under a secret (base64url, 32 characters), so a device's
 * password can be handed to it (or recomputed by a provisioning tool) from the secret and its id, and a new secret
 * revokes all of them.
 */
public final class MqttAuth {
    public static final String INGEST = "ioc-ingest";
    public static final String DASHBOARD = "ioc-dashboard";
    public static final String SIMULATOR = "ioc-simulator";
    public static final String HEALTH = "ioc-health";
    static final List<String> PASSWD_CANDIDATES = List.of("/usr/bin/mosquitto_passwd", "/usr/local/bin/mosquitto_passwd",
            "/usr/sbin/mosquitto_passwd");

    private final Map<String, String> passwords;
    private final String acl;

    private MqttAuth(Map<String, String> passwords, String acl) {
        this.passwords = passwords;
        this.acl = acl;
    }

    /** A fresh random secret (base64url). */
    public static String newSecret() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** The password of {@code user} under {@code secret}. */
    public static String password(String secret, String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] h = mac.doFinal(user.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(h).substring(0, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Users and ACL for every device of the registry and the service users, passwords derived from {@code secret}. */
    public static MqttAuth forRegistry(Registry registry, String secret) {
        Map<String, String> pw = new LinkedHashMap<>();
        StringBuilder acl = new StringBuilder("# Mosquitto ACL generated from the device registry (local-stack MqttAuth).\n"
                + "# A device publishes only under its own id; anonymous clients are refused (allow_anonymous false).\n\n");
        service(acl, pw, secret, INGEST, "topic read ioc/v1/#");
        service(acl, pw, secret, DASHBOARD, "topic write ioc/v1/signal/+/plan/set");
        service(acl, pw, secret, SIMULATOR, "topic write ioc/v1/camera/+/counts", "topic write ioc/v1/camera/+/status",
                "topic write ioc/v1/signal/+/events", "topic write ioc/v1/signal/+/status", "topic read ioc/v1/signal/+/plan/set",
                "topic write ioc/v1/sensor/+/+");
        service(acl, pw, secret, HEALTH, "topic read $SYS/broker/uptime");
        for (String type : List.of("camera", "signal", "sensor")) {
            for (Registry.Device d : registry.devices(type)) {
                String base = "ioc/v1/" + type + "/" + d.id() + "/";
                List<String> lines = switch (type) {
                    case "camera" -> List.of("topic write " + base + "counts", "topic write " + base + "status");
                    case "signal" -> List.of("topic write " + base + "events", "topic write " + base + "status",
                            "topic read " + base + "plan/set");
                    default -> List.of("topic write " + base + "+");
                };
                service(acl, pw, secret, d.id(), lines.toArray(String[]::new));
            }
        }
        return new MqttAuth(java.util.Collections.unmodifiableMap(pw), acl.toString());
    }

    private static void service(StringBuilder acl, Map<String, String> pw, String secret, String user, String... lines) {
        pw.put(user, password(secret, user));
        acl.append("user ").append(user).append('\n');
        for (String l : lines) acl.append(l).append('\n');
        acl.append('\n');
    }

    /** User → plain password. */
    public Map<String, String> users() {
        return passwords;
    }

    public String password(String user) {
        String p = passwords.get(user);
        if (p == null) throw new IllegalArgumentException("no MQTT user " + user);
        return p;
    }

    public String acl() {
        return acl;
    }

    /** Writes {@code passwd} (hashed by {@code mosquitto_passwd -U}) and {@code acl} into {@code dir}, owner-only. */
    public void writeBrokerFiles(Path dir) {
        Path passwd = dir.resolve("passwd");
        try {
            Files.createDirectories(dir);
            StringBuilder plain = new StringBuilder();
            passwords.forEach((u, p) -> plain.append(u).append(':').append(p).append('\n'));
            Files.deleteIfExists(passwd);
            Files.createFile(passwd, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwd, plain);
            Files.writeString(dir.resolve("acl"), acl);
            Process p = new ProcessBuilder(passwdExecutable(), "-U", passwd.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("mosquitto_passwd -U " + passwd + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing MQTT passwords");
        }
    }

    static String passwdExecutable() {
        return PASSWD_CANDIDATES.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new IllegalStateException("mosquitto_passwd is not installed: `apt-get install mosquitto`"));
    }
}
