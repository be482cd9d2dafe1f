package org.iocity.model.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Configuration of every process: a properties file ({@code IOC_CONFIG}, else {@code config/ioc.properties} when
 * present), overridden by environment variables ({@code kafka.bootstrap} is {@code IOC_KAFKA_BOOTSTRAP}), overridden
 * by {@code -Dioc.kafka.bootstrap=...} system properties. A missing or bad value is a {@link ConfigException} whose
 * one-line message names the setting and how to set it.
 */
public final class IocConfig {
    public static final String DEFAULT_FILE = "config/ioc.properties";

    private final Map<String, String> values;
    private final String origin;

    private IocConfig(Map<String, String> values, String origin) {
        this.values = Map.copyOf(values);
        this.origin = origin;
    }

    /** The process configuration: file, then environment, then system properties. */
    public static IocConfig load() {
        return load(System.getenv(), System.getProperties());
    }

    static IocConfig load(Map<String, String> env, Properties system) {
        Map<String, String> values = new HashMap<>();
        String file = env.getOrDefault("IOC_CONFIG", system.getProperty("ioc.config"));
        Path path = null;
        if (file != null) {
            path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                throw new ConfigException("config file " + file + " (IOC_CONFIG) does not exist");
            }
        } else if (Files.isRegularFile(Path.of(DEFAULT_FILE))) {
            path = Path.of(DEFAULT_FILE);
        }
        if (path != null) {
            Properties props = new Properties();
            try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
            }
            props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k).trim()));
        }
        env.forEach((k, v) -> {
            if (k.startsWith("IOC_") && !k.equals("IOC_CONFIG")) {
                values.put(k.substring(4).toLowerCase(Locale.ROOT).replace('_', '.'), v.trim());
            }
        });
        values.putAll(overrides(system));
        return new IocConfig(values, path == null ? "environment" : path.toString());
    }

    /** The {@code -Dioc.<key>=...} system properties, without the prefix: a benchmark's settings to try. */
    public static Map<String, String> systemOverrides() {
        return overrides(System.getProperties());
    }

    private static Map<String, String> overrides(Properties system) {
        Map<String, String> out = new HashMap<>();
        system.stringPropertyNames().forEach(k -> {
            if (k.startsWith("ioc.") && !k.equals("ioc.config")) out.put(k.substring(4), system.getProperty(k).trim());
        });
        return out;
    }

    /** A configuration from explicit values only (tests, embedding). */
    public static IocConfig of(Map<String, String> values) {
        return new IocConfig(values, "explicit values");
    }

    /** A copy with some values replaced. */
    public IocConfig with(Map<String, String> overrides) {
        Map<String, String> copy = new HashMap<>(values);
        copy.putAll(overrides);
        return new IocConfig(copy, origin);
    }

    public static String envName(String key) {
        return "IOC_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private ConfigException missing(String key) {
        return new ConfigException("missing setting " + key + ": set " + envName(key) + " or " + key + " in " + DEFAULT_FILE);
    }

    private ConfigException bad(String key, String value, String expected) {
        return new ConfigException("bad setting " + key + "=" + value + " (from " + origin + " or " + envName(key)
                + "): expected " + expected);
    }

    public String string(String key) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) throw missing(key);
        return v;
    }

    public String string(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? fallback : v;
    }

    public boolean has(String key) {
        String v = values.get(key);
        return v != null && !v.isEmpty();
    }

    public int integer(String key, int fallback, int min, int max) {
        if (!has(key)) return fallback;
        return integer(key, min, max);
    }

    public int integer(String key, int min, int max) {
        String v = string(key);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) throw bad(key, v, "a whole number from " + min + " to " + max);
            return i;
        } catch (NumberFormatException e) {
            throw bad(key, v, "a whole number from " + min + " to " + max);
        }
    }

    public double decimal(String key, double fallback, double min, double max) {
        if (!has(key)) return fallback;
        String v = string(key);
        try {
            double d = Double.parseDouble(v);
            if (!(d >= min && d <= max)) throw bad(key, v, "a number from " + min + " to " + max);
            return d;
        } catch (NumberFormatException e) {
            throw bad(key, v, "a number from " + min + " to " + max);
        }
    }

    /** A TCP port, 1..65535 (0 allowed where {@code allowEphemeral}: the system picks one). */
    public int port(String key, boolean allowEphemeral) {
        return integer(key, allowEphemeral ? 0 : 1, 65535);
    }

    public int port(String key, int fallback) {
        return integer(key, fallback, 0, 65535);
    }

    /** A duration as ISO-8601 ({@code PT30S}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}. */
    public Duration duration(String key, Duration fallback) {
        if (!has(key)) return fallback;
        String v = string(key);
        try {
            return parseDuration(v);
        } catch (RuntimeException e) {
            throw bad(key, v, "a duration such as 500ms, 30s, 5m, 2h, 7d or PT30S");
        }
    }

    static Duration parseDuration(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("pt") || s.startsWith("p")) return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
        Duration d;
        if (s.endsWith("ms")) d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
        else if (s.endsWith("s")) d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim()));
        else if (s.endsWith("m")) d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim()));
        else if (s.endsWith("h")) d = Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1).trim()));
        else if (s.endsWith("d")) d = Duration.ofDays(Long.parseLong(s.substring(0, s.length() - 1).trim()));
        else throw new IllegalArgumentException(v);
        if (d.isNegative()) throw new IllegalArgumentException(v);
        return d;
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) return fallback;
        String v = string(key).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw bad(key, v, "true or false");
        };
    }

    /** Every value whose key starts with {@code prefix.}, without the prefix: pass-through client properties. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new HashMap<>();
        String p = prefix.endsWith(".") ? prefix : prefix + ".";
        values.forEach((k, v) -> {
            if (k.startsWith(p)) out.put(k.substring(p.length()), v);
        });
        return out;
    }
}
