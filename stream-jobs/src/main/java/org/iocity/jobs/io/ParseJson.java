package org.iocity.jobs.io;

import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.DeadLetter;
import org.iocity.model.records.Json;
import org.iocity.model.records.RejectReason;
import org.iocity.model.records.Rejection;

/**
 * Reads records of a raw topic. Ingest validated them already, so a record that does not read here (a schema
 * drift, a foreign producer) is not dropped: it goes to the dead-letter side output with its bytes and the reason.
 */
public final class ParseJson<T> extends ProcessFunction<byte[], T> implements ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final Class<T> type;
    private final String topic;
    private final Reader<T> reader;
    private transient Counter unreadable;

    /** How a record is read from its bytes; throws when they do not read. */
    @FunctionalInterface
    public interface Reader<T> extends java.io.Serializable {
        T read(byte[] json);
    }

    /** Reads {@code type} with {@link #readerFor(Class) its reader}. */
    public ParseJson(Class<T> type, String topic) {
        this.type = type;
        this.topic = topic;
        this.reader = readerFor(type);
    }

    /**
     * {@link CameraObservationJson} (the plain form read without a parser) for camera observations (the job's busiest input), the general
     * mapper ({@link Json#fromBytes}) for every other record: both give the same record, or the same error.
     */
    @SuppressWarnings("unchecked")
    static <T> Reader<T> readerFor(Class<T> type) {
        if (type == CameraObservation.class) return (Reader<T>) (Reader<CameraObservation>) CameraObservationJson::read;
        return bytes -> Json.fromBytes(bytes, type);
    }

    @Override
    public void open(OpenContext openContext) {
        unreadable = getRuntimeContext().getMetricGroup().counter("unreadableRecords");
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return typeOf(type);
    }

    /** Camera observations with their own {@link CameraObservationSerializer}; every other record as Flink analyses it. */
    @SuppressWarnings("unchecked")
    static <T> TypeInformation<T> typeOf(Class<T> type) {
        if (type == CameraObservation.class) return (TypeInformation<T>) CameraObservationSerializer.TYPE;
        return TypeInformation.of(type);
    }

    @Override
    public void processElement(byte[] value, Context ctx, Collector<T> out) {
        try {
            out.collect(reader.read(value));
        } catch (RuntimeException e) {
            unreadable.inc();
            String detail = type.getSimpleName() + " could not be read: " + e.getMessage();
            ctx.output(DEAD_LETTERS, DeadLetter.of("kafka", topic, null,
                    new Rejection(RejectReason.MALFORMED_JSON, detail), value, Instant.now()));
        }
    }
}
