package org.iocity.jobs.io;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.iocity.model.records.CameraObservation;

/**
 * Flink's serializer of {@link CameraObservation} between operators, the job's busiest record (every interval goes to
 * the congestion windows and to the device-silence alerts): the fields written in order by hand
 * ({@link ImmutableRecordSerializer}). Used as the type of the parsed observations ({@link ParseJson#getProducedType()}),
 * not registered for the type everywhere; it keeps no Kryo anywhere.
 */
public final class CameraObservationSerializer extends ImmutableRecordSerializer<CameraObservation> {
    private static final long serialVersionUID = 1L;
    public static final CameraObservationSerializer INSTANCE = new CameraObservationSerializer();
    /** The type information that hands out this serializer. */
    public static final TypeInformation<CameraObservation> TYPE = new Type<>(CameraObservation.class, INSTANCE);

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
        writeCounts(o.byClass(), out);
        out.writeDouble(o.averageSpeedKmh());
        out.writeDouble(o.occupancy());
    }

    @Override
    public CameraObservation deserialize(DataInputView in) throws IOException {
        return new CameraObservation(StringValue.readString(in), in.readLong(), readInstant(in), readInstant(in),
                StringValue.readString(in), StringValue.readString(in), in.readDouble(), in.readInt(), in.readLong(),
                readCounts(in), in.readDouble(), in.readDouble());
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
}
