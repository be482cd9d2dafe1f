package org.iocity.jobs.io;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.iocity.model.records.Json;

/** Writes a record in its one JSON form ({@link Json}). */
public final class JsonSerialization<T> implements SerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(T element) {
        return Json.toBytes(element);
    }
}
