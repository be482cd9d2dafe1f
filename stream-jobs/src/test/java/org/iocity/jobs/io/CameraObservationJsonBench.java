package org.iocity.jobs.io;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.Json;
import org.iocity.model.records.VehicleCounts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What reading a camera observation costs on each path of {@link CameraObservationJson#read}: the plain form ingest
 * writes (read without a parser) and any other form (here pretty-printed), which the general mapper reads. Until
 * 2026-12-07 a middle tier, Jackson's streaming parser straight into the record ({@code readFast}), read the other
 * forms; it was measured here against the general mapper and removed (BENCHMARKS.md, "Hand-written hot-path code,
 * each alone": no producer of this system writes another form).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(4)
@State(Scope.Thread)
public class CameraObservationJsonBench {
    private byte[] plain;
    private byte[] spaced;

    @Setup
    public void write() throws IOException {
        CameraObservation o = new CameraObservation("cam-0417", 123_456, Instant.parse("2026-11-23T01:00:10Z"),
                Instant.parse("2026-11-23T01:00:10.245Z"), "seg-0042", "ward-ben-thanh", 40.0, 10, 37,
                new VehicleCounts(29, 5, 1, 2, 0), 23.5, 0.31);
        plain = Json.toBytes(o);
        spaced = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
        if (!o.equals(CameraObservationJson.read(spaced)) || !o.equals(CameraObservationBytes.read(plain))) {
            throw new IllegalStateException("the benchmark's inputs do not take the tiers they should");
        }
    }

    @Benchmark
    public CameraObservation spacedGeneralMapper() {
        return CameraObservationJson.read(spaced);
    }

    @Benchmark
    public CameraObservation plainFirstTier() {
        return CameraObservationJson.read(plain);
    }
}
