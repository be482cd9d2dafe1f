package org.iocity.jobs;

import java.io.IOException;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.iocity.model.CameraObservation;
import org.iocity.model.VehicleCounts;

/**
 * Flink's serializer of {@link CameraObservation} between operators, the job's busiest record (every interval goes to
 * the congestion windows and to the device-silence alerts): the fields written in order by hand, where the POJO
 * serializer reads and builds Java records by reflection; and, the record being immutable, a copy between chained
 * operators is the record itself. Used as the type of the parsed observations ({@link ParseJson#getProducedType()}),
 * not registered for the type everywhere; it keeps no Kryo anywhere.
 */
public final class CameraObservationSerializer extends TypeSerializerSingleton<CameraObservation> {
    private static final long serialVersionUID = 1L;
    public static final CameraObservationSerializer INSTANCE = new CameraObservationSerializer();
    /** The type information that hands out this serializer. */
    public static final TypeInformation<CameraObservation> TYPE = new Type();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public CameraObservation createInstance() {
        return null;
    }

    @Override
    public CameraObservation copy(CameraObservation from) {
        return from;
    }

    @Override
    public CameraObservation copy(CameraObservation from, CameraObservation reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(CameraObservation o, DataOutputView out) throws IOException {
        StringValue.writeString(o.deviceId(), out);
        out.writeLong(o.seq());
        writeInstant(o.eventTime(), out);
        writeInstant(o.receivedAt(), out);
        StringValue.writeString(o.segmentId(), out);
        StringValue.writeString(o.ward(), out);
        out.writeDouble(o.freeFlowKmh());
        out.writeInt(o.intervalSec());
        out.writeLong(o.intensity());
        VehicleCounts c = o.byClass();
        out.writeBoolean(c != null);
        if (c != null) {
            out.writeLong(c.motorbike());
            out.writeLong(c.car());
            out.writeLong(c.bus());
            out.writeLong(c.truck());
            out.writeLong(c.bicycle());
        }
        out.writeDouble(o.averageSpeedKmh());
        out.writeDouble(o.occupancy());
    }

    @Override
    public CameraObservation deserialize(DataInputView in) throws IOException {
        String deviceId = StringValue.readString(in);
        long seq = in.readLong();
        Instant eventTime = readInstant(in);
        Instant receivedAt = readInstant(in);
        String segmentId = StringValue.readString(in);
        String ward = StringValue.readString(in);
        double freeFlowKmh = in.readDouble();
        int intervalSec = in.readInt();
        long intensity = in.readLong();
        VehicleCounts byClass = in.readBoolean()
                ? new VehicleCounts(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong()) : null;
        return new CameraObservation(deviceId, seq, eventTime, receivedAt, segmentId, ward, freeFlowKmh, intervalSec,
                intensity, byClass, in.readDouble(), in.readDouble());
    }

    @Override
    public CameraObservation deserialize(CameraObservation reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private static void writeInstant(Instant t, DataOutputView out) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    private static Instant readInstant(DataInputView in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    @Override
    public TypeSerializerSnapshot<CameraObservation> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: the snapshot names it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CameraObservation> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** A {@link CameraObservation} as one opaque field, serialized by {@link CameraObservationSerializer}. */
    private static final class Type extends TypeInformation<CameraObservation> {
        private static final long serialVersionUID = 1L;

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
        public Class<CameraObservation> getTypeClass() {
            return CameraObservation.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<CameraObservation> createSerializer(SerializerConfig config) {
            return INSTANCE;
        }

        @Override
        public String toString() {
            return "CameraObservation (CameraObservationSerializer)";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Type;
        }

        @Override
        public int hashCode() {
            return Type.class.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Type;
        }
    }
}
