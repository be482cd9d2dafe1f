package org.iocity.model.records;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;

/** Instants as {@link Instant#toString()} gives them (what the JavaTimeModule writes), through {@link IsoInstants}. */
final class InstantText extends StdSerializer<Instant> {
    InstantText() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(IsoInstants.format(value));
    }
}
