package org.iocity.jobs.io;

import org.iocity.model.records.CameraObservation;
import org.iocity.model.records.Json;

/**
 * Reads a {@link CameraObservation} from its JSON. The exact form {@link Json} writes (every record ingest sends) is
 * read without a parser ({@link CameraObservationBytes}): the congestion job's hottest step. Anything else (other field
 * orders, spacing, a missing field, a null, bad JSON) is read by the general mapper, so the result, or the error, is
 * exactly {@link Json#fromBytes}'s. (A middle tier, Jackson's streaming parser straight into the record, was measured
 * alone and removed: it only ever saw records no producer of this system writes; BENCHMARKS.md, "Hand-written hot-path
 * code, each alone".)
 */
public final class CameraObservationJson {
    private CameraObservationJson() {}

    public static CameraObservation read(byte[] json) {
        try {
            return CameraObservationBytes.read(json); // the plain form, as ingest writes it
        } catch (RuntimeException notPlain) {
            // a field missing or out of order, whitespace, an escape, an odd number: the general mapper below
        }
        return Json.fromBytes(json, CameraObservation.class);
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
