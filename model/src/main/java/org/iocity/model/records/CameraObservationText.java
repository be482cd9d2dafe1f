package org.iocity.model.records;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * {@link CameraObservation} written field by field, exactly as Jackson's record serializer writes it (component
 * order, no nulls) but without its reflective accessor calls: the gateway writes one per camera message. A property
 * test holds it to Jackson's output; a component added to the record must be added here.
 */
final class CameraObservationText extends StdSerializer<CameraObservation> {
    CameraObservationText() {
        super(CameraObservation.class);
    }

    @Override
    public void serialize(CameraObservation o, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeStartObject(o);
        if (o.deviceId() != null) gen.writeStringField("deviceId", o.deviceId());
        gen.writeNumberField("seq", o.seq());
        if (o.eventTime() != null) gen.writeStringField("eventTime", IsoInstants.format(o.eventTime()));
        if (o.receivedAt() != null) gen.writeStringField("receivedAt", IsoInstants.format(o.receivedAt()));
        if (o.segmentId() != null) gen.writeStringField("segmentId", o.segmentId());
        if (o.ward() != null) gen.writeStringField("ward", o.ward());
        gen.writeNumberField("freeFlowKmh", o.freeFlowKmh());
        gen.writeNumberField("intervalSec", o.intervalSec());
        gen.writeNumberField("intensity", o.intensity());
        VehicleCounts c = o.byClass();
        if (c != null) {
            gen.writeObjectFieldStart("byClass");
            gen.writeNumberField("motorbike", c.motorbike());
            gen.writeNumberField("car", c.car());
            gen.writeNumberField("bus", c.bus());
            gen.writeNumberField("truck", c.truck());
            gen.writeNumberField("bicycle", c.bicycle());
            gen.writeEndObject();
        }
        gen.writeNumberField("averageSpeedKmh", o.averageSpeedKmh());
        gen.writeNumberField("occupancy", o.occupancy());
        gen.writeEndObject();
    }
}
