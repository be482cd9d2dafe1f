package org.iocity.model.records;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link IsoInstants} against the JDK path it replaces, in one JMH run: the device's {@code ts} as ingest parses it
 * ({@code OffsetDateTime.parse(text).toInstant()}) and the receive time as ingest writes it ({@link Instant#toString}).
 * Run as BENCHMARKS.md ("Hand-written hot-path code, each alone") says, with {@code -prof gc} for bytes per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(4)
public class IsoInstantsBench {

    /** Devices' two usual forms: local time with the +07:00 offset and milliseconds, and UTC seconds. */
    @State(Scope.Thread)
    public static class Texts {
        @Param({"2026-11-23T08:00:10.123+07:00", "2026-11-23T01:00:10Z"})
        public String text;
    }

    /** Receive times one millisecond apart, so the second changes every thousand, as on a busy gateway. */
    @State(Scope.Thread)
    public static class Instants {
        final Instant[] times = new Instant[4096];
        int next;

        @Setup
        public void fill() {
            Instant start = Instant.parse("2026-11-23T01:00:10.123Z");
            for (int i = 0; i < times.length; i++) times[i] = start.plusMillis(i);
        }

        Instant next() {
            return times[next++ & (times.length - 1)];
        }
    }

    @Benchmark
    public Instant parseHandWritten(Texts t) {
        return IsoInstants.parseOffsetDateTime(t.text);
    }

    @Benchmark
    public Instant parseJdk(Texts t) {
        return OffsetDateTime.parse(t.text).toInstant();
    }

    @Benchmark
    public String formatHandWritten(Instants t) {
        return IsoInstants.format(t.next());
    }

    @Benchmark
    public String formatJdk(Instants t) {
        return t.next().toString();
    }
}
