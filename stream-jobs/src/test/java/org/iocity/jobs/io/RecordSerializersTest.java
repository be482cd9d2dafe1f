package org.iocity.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.iocity.jobs.congestion.CongestionPipeline;
import org.iocity.jobs.congestion.SlidingSegmentWindows;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.CongestionResult;
import org.iocity.model.records.LevelOfService;
import org.junit.jupiter.api.Test;

/** Every field (nulls included) survives the hand-written serializers; the parsed observations and the window results are typed with them. */
class RecordSerializersTest {
    final CameraObservationSerializer serializer = CameraObservationSerializer.INSTANCE;

    static <T> void assertRoundTrip(ImmutableRecordSerializer<T> s, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertEquals(value, s.deserialize(in));
        assertEquals(0, in.available(), "nothing left over");
        DataOutputSerializer copied = new DataOutputSerializer(256);
        s.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertEquals(value, s.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer())));
        assertSame(value, s.copy(value), "immutable: a copy is the record");
    }

    @Test
    void observationsRoundTripFieldForField() throws Exception {
        Random r = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            CameraObservation o = i == 0 ? new CameraObservation(null, 0, null, null, null, null, 0, 0, 0, null, 0, 0)
                    : CameraObservationJsonTest.random(r);
            assertRoundTrip(serializer, o);
        }
    }

    @Test
    void congestionResultsRoundTripFieldForField() throws Exception {
        Random r = new Random(13);
        assertRoundTrip(CongestionResultSerializer.INSTANCE,
                new CongestionResult(null, null, null, null, 0, 0, 0, null, 0, 0, 0, 0, null, 0));
        for (int i = 0; i < 2_000; i++) {
            CameraObservation o = CameraObservationJsonTest.random(r);
            CongestionResult c = new CongestionResult(o.segmentId(), o.ward(), o.eventTime(), o.receivedAt(), r.nextLong(),
                    o.intensity(), r.nextDouble() * 5000, o.byClass(), o.averageSpeedKmh(), o.occupancy(), o.freeFlowKmh(),
                    r.nextDouble(), LevelOfService.values()[r.nextInt(LevelOfService.values().length)], r.nextDouble() * 4);
            assertRoundTrip(CongestionResultSerializer.INSTANCE, c);
        }
    }

    @Test
    void theParsedObservationsAndTheWindowResultsUseThemAndTheSnapshotRestoresIt() {
        assertSame(CameraObservationSerializer.TYPE,
                new ParseJson<>(CameraObservation.class, "t").getProducedType());
        assertTrue(serializer.snapshotConfiguration().resolveSchemaCompatibility(
                serializer.snapshotConfiguration()).isCompatibleAsIs());
        assertSame(serializer, serializer.snapshotConfiguration().restoreSerializer());
        assertSame(CongestionResultSerializer.TYPE, new SlidingSegmentWindows(CongestionPipeline.Windows.DEFAULT).getProducedType());
    }
}
