package org.iocity.model.records;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import org.iocity.model.kafka.Topics;

/**
 * One cycle of one phase of a signalised intersection, from its begin green to its next begin green (Indiana
 * events), written to {@link Topics#SIGNAL_PERFORMANCE} keyed by intersection id with {@code kind} {@link #KIND}.
 *
 * @param pattern coordination pattern active when the cycle began (event 131; 0 when none seen yet)
 * @param greenS begin green to begin yellow; {@code yellowS} begin yellow to begin red clearance;
 *        {@code redClearanceS} begin to end of red clearance; {@code redS} the rest until the next green
 * @param splitS green + yellow + red clearance
 * @param termination {@code gap-out}, {@code max-out}, {@code force-off} or {@code unknown}
 * @param arrivalsOnGreen advance-detector actuations (82) of the phase while it was green
 * @param arrivalsOnRed the other advance-detector actuations of the phase in the cycle (yellow and red)
 * @param greenOccupancy GOR: the largest share of the green any stop-bar detector of the phase was occupied
 * @param red5Occupancy ROR5: the same over the first 5 s after the start of red clearance
 * @param splitFailure both GOR and ROR5 at least 0.80
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
public record SignalCycle(String kind, String intersectionId, String ward, int phase, int pattern, Instant start,
                          Instant end, double greenS, double yellowS, double redClearanceS, double redS, double splitS,
                          double cycleS, String termination, int arrivalsOnGreen, int arrivalsOnRed,
                          double greenOccupancy, double red5Occupancy, boolean splitFailure)
        implements SignalPerformanceTopicRecord {
    public static final String KIND = "cycle";
}
