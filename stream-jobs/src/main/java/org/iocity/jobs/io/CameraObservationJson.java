package org.iocity.jobs.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.time.Instant;
import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.Json;
import org.iocity.model.records.VehicleCounts;

/**
 * Reads a {@link CameraObservation} from its JSON (as ingest writes it, {@link Json}) with a streaming parser straight
 * into the record: no tree, no reflection, and UTC instants ({@code 2026-11-23T01:00:10Z}, with or without a
 * fraction) read without a {@code DateTimeFormatter}. It is the congestion job's hottest step (a third of its CPU
 * through the general mapper). The exact form {@link Json} writes is read first without a parser at all
 * ({@link CameraObservationBytes}); other field orders or spacing come here. Anything off this path (a null, a number
 * where text is expected, another instant form, a repeated field, bad JSON) is read again by the general mapper, so
 * the result, or the error, is exactly {@link Json#fromBytes}'s.
 */
public final class CameraObservationJson {
    /** The mapper's parser settings, with the fast (and still correctly rounded) reading of decimals. */
    private static final JsonFactory FACTORY = Json.mapper().getFactory().rebuild()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private CameraObservationJson() {}

    public static CameraObservation read(byte[] json) {
        try {
            return CameraObservationBytes.read(json); // the plain form, as ingest writes it
        } catch (RuntimeException notPlain) {
            // a field missing or out of order, whitespace, an escape, an odd number: Jackson's streaming parser below
        }
        try {
            CameraObservation o = readFast(json);
            if (o != null) return o;
        } catch (IOException | RuntimeException offThePath) {
            // read again below: the general mapper gives the result or the error
        }
        return Json.fromBytes(json, CameraObservation.class);
    }

    /** The observation, or null when the JSON is not of the plain form this reader takes. */
    static CameraObservation readFast(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            String deviceId = null, segmentId = null, ward = null;
            long seq = 0, intensity = 0;
            Instant eventTime = null, receivedAt = null;
            double freeFlowKmh = 0, averageSpeedKmh = 0, occupancy = 0;
            int intervalSec = 0;
            VehicleCounts byClass = null;
            int seen = 0;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                int field = switch (name) {
                    case "deviceId" -> 1;
                    case "seq" -> 2;
                    case "eventTime" -> 3;
                    case "receivedAt" -> 4;
                    case "segmentId" -> 5;
                    case "ward" -> 6;
                    case "freeFlowKmh" -> 7;
                    case "intervalSec" -> 8;
                    case "intensity" -> 9;
                    case "byClass" -> 10;
                    case "averageSpeedKmh" -> 11;
                    case "occupancy" -> 12;
                    default -> 0;
                };
                if (field == 0) {
                    p.skipChildren();
                    continue;
                }
                if ((seen & (1 << field)) != 0) return null;
                seen |= 1 << field;
                switch (field) {
                    case 1 -> deviceId = text(p, t);
                    case 2 -> seq = integer(p, t);
                    case 3 -> eventTime = instant(p, t);
                    case 4 -> receivedAt = instant(p, t);
                    case 5 -> segmentId = text(p, t);
                    case 6 -> ward = text(p, t);
                    case 7 -> freeFlowKmh = number(p, t);
                    case 8 -> intervalSec = Math.toIntExact(integer(p, t));
                    case 9 -> intensity = integer(p, t);
                    case 10 -> byClass = counts(p, t);
                    case 11 -> averageSpeedKmh = number(p, t);
                    default -> occupancy = number(p, t);
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) return null;
            return new CameraObservation(deviceId, seq, eventTime, receivedAt, segmentId, ward, freeFlowKmh,
                    intervalSec, intensity, byClass, averageSpeedKmh, occupancy);
        }
    }

    private static VehicleCounts counts(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) throw OffThePath.INSTANCE;
        long motorbike = 0, car = 0, bus = 0, truck = 0, bicycle = 0;
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            int field = switch (name) {
                case "motorbike" -> 1;
                case "car" -> 2;
                case "bus" -> 3;
                case "truck" -> 4;
                case "bicycle" -> 5;
                default -> 0;
            };
            if (field == 0) {
                p.skipChildren();
                continue;
            }
            if ((seen & (1 << field)) != 0) throw OffThePath.INSTANCE;
            seen |= 1 << field;
            long n = integer(p, v);
            switch (field) {
                case 1 -> motorbike = n;
                case 2 -> car = n;
                case 3 -> bus = n;
                case 4 -> truck = n;
                default -> bicycle = n;
            }
        }
        return new VehicleCounts(motorbike, car, bus, truck, bicycle);
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) throw OffThePath.INSTANCE;
        return p.getText();
    }

    private static long integer(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) throw OffThePath.INSTANCE;
        return p.getLongValue();
    }

    private static double number(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) throw OffThePath.INSTANCE;
        return p.getDoubleValue();
    }

    private static Instant instant(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) throw OffThePath.INSTANCE;
        return UtcInstant.parse(p.getText());
    }

    /** Thrown (without a stack trace) when the JSON leaves the plain form; the general mapper reads it instead. */
    static final class OffThePath extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final OffThePath INSTANCE = new OffThePath();

        private OffThePath() {
            super("not the plain form", null, false, false);
        }
    }
}
