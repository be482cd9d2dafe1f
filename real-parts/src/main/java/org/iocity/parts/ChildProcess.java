package org.iocity.parts;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server process this JVM started: output to a log file that rolls over by size ({@link RollingLog}), stopped (TERM, then KILL after a grace period) on
 * {@link #stop()} or when this JVM exits.
 */
public final class ChildProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

    private final String name;
    private final Path log;
    private final Process process;
    private final Thread logPump;
    private final Thread hook;

    private ChildProcess(String name, Path log, Process process, Thread logPump) {
        this.name = name;
        this.log = log;
        this.process = process;
        this.logPump = logPump;
        this.hook = new Thread(this::stopQuietly, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static ChildProcess start(String name, List<String> command, Path workDir, Map<String, String> env, Path log) {
        return start(name, command, workDir, env, log, RollingLog.Limits.fromSystem());
    }

    /** As above, the log rolling over at {@code limits}. */
    static ChildProcess start(String name, List<String> command, Path workDir, Map<String, String> env, Path log,
                              RollingLog.Limits limits) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            LOG.debug("started {} (pid {}): {}", name, p.pid(), String.join(" ", command));
            return new ChildProcess(name, log, p, RollingLog.pump(name, p.getInputStream(), log, limits));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The last lines of the log, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** Waits until the process has ended and all it wrote is in its log; its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " (pid " + pid() + ") still runs after " + timeout);
        }
        logPump.join(timeout.toMillis());
        return process.exitValue();
    }

    /** Fails with the log's tail when the process has died. */
    public void requireAlive() {
        if (!process.isAlive()) {
            try {
                logPump.join(2_000); // its last words into the log first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; last log lines ("
                    + log + "):" + System.lineSeparator() + logTail(20));
        }
    }

    public void stop() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it does the same
        }
        stopQuietly();
    }

    /**
     * Kills the process at once (SIGKILL, as {@code kill -9}: no shutdown hook, no flush, no goodbye to its peers) and
     * waits until it is gone: a crash, for fault tests.
     */
    public void kill() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopQuietly() {
        if (!process.isAlive()) return;
        try {
            stopProcess();
        } finally {
            try {
                logPump.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void stopProcess() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(15).toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} (pid {}) did not stop within 15 s; killing it", name, process.pid());
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The java executable of this JVM. */
    public static String java() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
