package org.iocity.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.iocity.model.CameraObservation;
import org.junit.jupiter.api.Test;

/** Every field (nulls included) survives the hand-written serializer; the parsed stream is typed with it. */
class CameraObservationSerializerTest {
    final CameraObservationSerializer serializer = CameraObservationSerializer.INSTANCE;

    @Test
    void observationsRoundTripFieldForField() throws Exception {
        Random r = new Random(11);
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (int i = 0; i < 2_000; i++) {
            CameraObservation o = i == 0 ? new CameraObservation(null, 0, null, null, null, null, 0, 0, 0, null, 0, 0)
                    : CameraObservationJsonTest.random(r);
            out.clear();
            serializer.serialize(o, out);
            DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
            assertEquals(o, serializer.deserialize(in));
            assertEquals(0, in.available(), "nothing left over");
            DataOutputSerializer copied = new DataOutputSerializer(256);
            serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
            assertEquals(o, serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer())));
            assertSame(o, serializer.copy(o), "immutable: a copy is the record");
        }
    }

    @Test
    void theParsedObservationsUseItAndItsSnapshotRestoresIt() {
        assertSame(CameraObservationSerializer.TYPE,
                new ParseJson<>(CameraObservation.class, "t").getProducedType());
        assertTrue(serializer.snapshotConfiguration().resolveSchemaCompatibility(
                serializer.snapshotConfiguration()).isCompatibleAsIs());
        assertSame(serializer, serializer.snapshotConfiguration().restoreSerializer());
    }
}
