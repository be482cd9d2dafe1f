package org.iocity.jobs.io;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.LevelOfService;

/**
 * Flink's serializer of the segment results as the congestion windows emit them (one per segment per slide, handed to
 * the Kafka sink, the area fan-out, the alerts and the daily summaries): the fields written in order by hand
 * ({@link ImmutableRecordSerializer}), so the four chained or keyed consumers do not each get a reflective copy. Only on
 * the windows' output stream; where a result sits inside another record or in state, Flink's POJO serializer stays.
 * The level of service goes as its position in {@link LevelOfService} (between operators of one job, never stored).
 */
public final class CongestionResultSerializer extends ImmutableRecordSerializer<CongestionResult> {
    private static final long serialVersionUID = 1L;
    public static final CongestionResultSerializer INSTANCE = new CongestionResultSerializer();
    /** The type information that hands out this serializer. */
    public static final TypeInformation<CongestionResult> TYPE = new Type<>(CongestionResult.class, INSTANCE);
    private static final LevelOfService[] LEVELS = LevelOfService.values();

    @Override
    public void serialize(CongestionResult r, DataOutputView out) throws IOException {
        StringValue.writeString(r.segmentId(), out);
        StringValue.writeString(r.ward(), out);
        writeInstant(r.windowStart(), out);
        writeInstant(r.windowEnd(), out);
        out.writeLong(r.observations());
        out.writeLong(r.vehicles());
        out.writeDouble(r.flowPerHour());
        writeCounts(r.flowByClass(), out);
        out.writeDouble(r.meanSpeedKmh());
        out.writeDouble(r.occupancy());
        out.writeDouble(r.freeFlowKmh());
        out.writeDouble(r.speedRatio());
        out.writeByte(r.los() == null ? -1 : r.los().ordinal());
        out.writeDouble(r.travelTimeIndex());
    }

    @Override
    public CongestionResult deserialize(DataInputView in) throws IOException {
        return new CongestionResult(StringValue.readString(in), StringValue.readString(in), readInstant(in),
                readInstant(in), in.readLong(), in.readLong(), in.readDouble(), readCounts(in), in.readDouble(),
                in.readDouble(), in.readDouble(), in.readDouble(), level(in.readByte()), in.readDouble());
    }

    private static LevelOfService level(byte ordinal) {
        return ordinal < 0 ? null : LEVELS[ordinal];
    }

    @Override
    public TypeSerializerSnapshot<CongestionResult> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: the snapshot names it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CongestionResult> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
