package org.iocity.model.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link CameraObservationText} alone: {@link Json#mapper()} against the same mapper without it (Jackson's record
 * serializer; both write instants through {@link InstantText}, so only the record serializer differs), writing the
 * record ingest writes once per camera message.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(4)
@State(Scope.Thread)
public class CameraObservationTextBench {
    private final ObjectMapper handWritten = Json.mapper();
    private final ObjectMapper jackson = Json.beanMapper()
            .registerModule(new SimpleModule("instants-only").addSerializer(Instant.class, new InstantText()));
    private final CameraObservation observation = new CameraObservation("cam-0417", 123_456, Instant.parse(
            "2026-11-23T01:00:10Z"), Instant.parse("2026-11-23T01:00:10.245Z"), "seg-0042", "ward-ben-thanh", 40.0,
            10, 37, new VehicleCounts(29, 5, 1, 2, 0), 23.5, 0.31);

    @Benchmark
    public byte[] handWritten() throws JsonProcessingException {
        return handWritten.writeValueAsBytes(observation);
    }

    @Benchmark
    public byte[] jacksonRecordSerializer() throws JsonProcessingException {
        return jackson.writeValueAsBytes(observation);
    }
}
