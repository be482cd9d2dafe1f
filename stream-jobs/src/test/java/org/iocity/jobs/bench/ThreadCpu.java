package org.iocity.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads by name (operator chains, JIT compiler, GC), from Linux's {@code /proc/self/task}: it
 * sees the JVM's own threads too, which {@code ThreadMXBean} does not. Empty where there is no {@code /proc}.
 */
final class ThreadCpu {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private ThreadCpu() {}

    /** Clock ticks (user + system) per thread name, numbers in names folded ({@code GC Thread#0} → {@code GC Thread#N}). */
    static Map<String, Long> byThread() {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(t -> {
                try {
                    String name = Files.readString(t.resolve("comm")).strip().replaceAll("[0-9]+", "N");
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum); // utime, stime
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while being read
                }
            });
        } catch (IOException noProc) {
            return Map.of();
        }
        return ticks;
    }

    /** CPU seconds between two readings of the threads whose name contains {@code part}. */
    static double seconds(Map<String, Long> before, Map<String, Long> after, String part) {
        return after.entrySet().stream().filter(e -> e.getKey().contains(part))
                .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum() / TICKS_PER_SECOND;
    }

    /** The busiest thread names between two readings, as {@code name 1.2 s, ...} (threads that ended are not counted). */
    static String delta(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() >= 10)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> String.format("%s %.1f s", e.getKey(), e.getValue() / TICKS_PER_SECOND))
                .collect(Collectors.joining(", "));
    }
}
