package org.iocity.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Consumer;
import org.iocity.model.config.ConfigException;
import org.iocity.model.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the device registry file by its modification time and size (a poll: robust on every file system and
 * with editors that replace the file) and hands a newly loaded registry on. A file that does not load is refused with
 * one log line and the previous registry stays; a later good version is picked up.
 */
public final class RegistryWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatcher.class);

    private final Path file;
    private final Consumer<Registry> onChange;
    private Object lastSeen;

    public RegistryWatcher(Path file, Consumer<Registry> onChange) {
        this.file = file;
        this.onChange = onChange;
        this.lastSeen = stamp();
    }

    private Object stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime() + "/" + a.size() + "/" + a.fileKey();
        } catch (IOException e) {
            return "missing";
        }
    }

    /** Looks once; returns whether a new registry was swapped in. Called periodically by the gateway. */
    public synchronized boolean check() {
        Object now = stamp();
        if (Objects.equals(now, lastSeen)) return false;
        lastSeen = now;
        try {
            Registry next = Registry.load(file);
            onChange.accept(next);
            LOG.info("device registry reloaded from {}", file);
            return true;
        } catch (ConfigException e) {
            LOG.warn("device registry change refused, keeping the previous one: {}", e.getMessage());
            return false;
        } catch (RuntimeException e) {
            LOG.warn("device registry change refused, keeping the previous one: {}: {}", file, e.toString());
            return false;
        }
    }
}
