package org.iocity.model.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The hand-written instant serializer of {@link Json#mapper()} ({@link InstantText}) writes exactly what Jackson's own
 * serializers write, in camera observations (the gateway's busiest record) and elsewhere, and what it writes reads
 * back to the same record.
 */
class HotPathSerializersPropertiesTest {
    private static final ObjectMapper JACKSON = Json.beanMapper();

    @Property(tries = 1000)
    void cameraObservationsAreWrittenAsJacksonWritesThem(@ForAll("observations") CameraObservation o) throws JsonProcessingException {
        assertEquals(JACKSON.writeValueAsString(o), Json.toString(o));
        assertEquals(o, Json.fromBytes(Json.toBytes(o), CameraObservation.class));
    }

    @Property(tries = 500)
    void instantsInOtherRecordsAreWrittenAsJacksonWritesThem(@ForAll("instants") Instant at, @ForAll("texts") String detail)
            throws JsonProcessingException {
        DeadLetter dl = new DeadLetter("mqtt", "ioc/v1/camera/cam-0001/counts", null, RejectReason.OUT_OF_RANGE, detail, at, "e30=", 2);
        assertEquals(JACKSON.writeValueAsString(dl), Json.toString(dl));
        assertEquals(JACKSON.writerWithDefaultPrettyPrinter().writeValueAsString(dl), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(dl));
    }

    @Provide
    Arbitrary<CameraObservation> observations() {
        Arbitrary<Double> doubles = Arbitraries.oneOf(Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.of(0.0, -0.0, 1e-9, 1e300, 23.5, 0.21, Double.MIN_VALUE, Double.MAX_VALUE));
        Arbitrary<Long> longs = Arbitraries.longs();
        Arbitrary<VehicleCounts> counts = Combinators.combine(longs, longs, longs, longs, longs).as(VehicleCounts::new);
        Arbitrary<CameraObservation> envelope = Combinators.combine(texts().injectNull(0.1), longs, instants().injectNull(0.1),
                        instants().injectNull(0.1), texts().injectNull(0.1), texts().injectNull(0.3))
                .as((id, seq, ts, rx, seg, ward) -> new CameraObservation(id, seq, ts, rx, seg, ward, 0, 0, 0, null, 0, 0));
        return Combinators.combine(envelope, doubles, Arbitraries.integers(), Arbitraries.of(0L, 12L, Long.MAX_VALUE),
                        counts.injectNull(0.1), doubles, doubles)
                .as((e, ff, interval, intensity, byClass, speed, occ) -> new CameraObservation(e.deviceId(), e.seq(), e.eventTime(),
                        e.receivedAt(), e.segmentId(), e.ward(), ff, interval, intensity, byClass, speed, occ));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(-62_135_596_800L, 400_000_000_000L),
                Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                        Arbitraries.integers().between(0, 999_999_999))).as(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
                Arbitraries.of("cam-0001", "seg-nguyen-hue-a", "Bến Thành", "\"quoted\" \\ \n", ""));
    }
}
