package org.iocity.system.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time and resident memory of the processes of a run, by name: CPU from {@link ProcessHandle} (from
 * {@code /proc/PID/stat} when the handle does not tell, e.g. for Mosquitto running as its own user), RSS from
 * {@code VmRSS} in {@code /proc/PID/status}, sampled for the peak. Numbers are read while the processes run, so a
 * {@link #snapshot()} is taken before anything is stopped.
 */
final class ProcessUsage {
    /** One process over the measured span: CPU seconds since {@link #mark()}, RSS now and at its peak (KiB). */
    record Usage(String name, long pid, double cpuSeconds, long rssKib, long peakRssKib) {}

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Long> cpuAtMark = new LinkedHashMap<>();
    private final Map<String, Long> peak = new LinkedHashMap<>();

    synchronized void add(String name, long pid) {
        pids.put(name, pid);
        cpuAtMark.put(name, cpuNanos(pid));
    }

    /** Starts the CPU clock of every process now. */
    synchronized void mark() {
        pids.forEach((name, pid) -> cpuAtMark.put(name, cpuNanos(pid)));
        peak.clear();
        sampleRss();
    }

    /** Notes each process's RSS for the peak; call it every second or so. */
    synchronized void sampleRss() {
        pids.forEach((name, pid) -> peak.merge(name, rssKib(pid), Math::max));
    }

    synchronized List<Usage> snapshot() {
        sampleRss();
        return pids.entrySet().stream().map(e -> new Usage(e.getKey(), e.getValue(),
                (cpuNanos(e.getValue()) - cpuAtMark.get(e.getKey())) / 1e9, rssKib(e.getValue()),
                peak.getOrDefault(e.getKey(), 0L))).toList();
    }

    static long cpuNanos(long pid) {
        var fromHandle = ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos);
        if (fromHandle.isPresent()) return fromHandle.get();
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command; clock ticks of 10 ms
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
