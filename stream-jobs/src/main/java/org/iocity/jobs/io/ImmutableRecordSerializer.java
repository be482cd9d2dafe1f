package org.iocity.jobs.io;

import java.io.IOException;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.iocity.model.records.VehicleCounts;

/**
 * The common part of the hand-written serializers of the job's busiest records (Java records, so immutable): a copy
 * between chained operators is the record itself, and the field types they share (nullable instants and vehicle
 * counts) are written one way. Flink's POJO serializer reads and builds records by reflection, and copies them for
 * every chained operator.
 */
public abstract class ImmutableRecordSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public final boolean isImmutableType() {
        return true;
    }

    @Override
    public final T createInstance() {
        return null;
    }

    @Override
    public final T copy(T from) {
        return from;
    }

    @Override
    public final T copy(T from, T reuse) {
        return from;
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    static void writeInstant(Instant t, DataOutputView out) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    static Instant readInstant(DataInputView in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    static void writeCounts(VehicleCounts c, DataOutputView out) throws IOException {
        out.writeBoolean(c != null);
        if (c != null) {
            out.writeLong(c.motorbike());
            out.writeLong(c.car());
            out.writeLong(c.bus());
            out.writeLong(c.truck());
            out.writeLong(c.bicycle());
        }
    }

    static VehicleCounts readCounts(DataInputView in) throws IOException {
        return in.readBoolean()
                ? new VehicleCounts(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong()) : null;
    }

    /** A record type as one opaque field, serialized by the given serializer. */
    static final class Type<T> extends TypeInformation<T> {
        private static final long serialVersionUID = 1L;
        private final Class<T> type;
        private final ImmutableRecordSerializer<T> serializer;

        Type(Class<T> type, ImmutableRecordSerializer<T> serializer) {
            this.type = type;
            this.serializer = serializer;
        }

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<T> getTypeClass() {
            return type;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<T> createSerializer(SerializerConfig config) {
            return serializer;
        }

        @Override
        public String toString() {
            return type.getSimpleName() + " (" + serializer.getClass().getSimpleName() + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Type<?> t && t.type == type;
        }

        @Override
        public int hashCode() {
            return type.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Type;
        }
    }
}
