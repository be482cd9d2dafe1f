package org.iocity.model.records;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import org.iocity.model.kafka.Topics;

/**
 * ATSPM-style measures of one intersection over one 15-minute bin (or the part of it before or after a coordination
 * pattern change), written to {@link Topics#SIGNAL_PERFORMANCE} keyed by intersection id with {@code kind}
 * {@link #KIND}.
 *
 * @param binStart start of the (part) bin; {@code binEnd} its end
 * @param pattern the coordination pattern active in the bin (0 when none seen yet)
 * @param cutByPatternChange the bin is shorter than 15 minutes because the pattern changed at its start or end
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
public record SignalPerformance(String kind, String intersectionId, String ward, Instant binStart, Instant binEnd,
                                int pattern, boolean cutByPatternChange, List<Phase> phases,
                                List<DetectorHealth> detectors)
        implements SignalPerformanceTopicRecord {
    public static final String KIND = "bin";

    /**
     * Measures of one phase over the bin; cycles count in the bin in which they end.
     *
     * @param percentArrivalsOnGreen arrivals on green / all arrivals × 100 (advance detectors of the phase)
     * @param platoonRatio %AoG / (100 × green time / cycle time), over the cycles that ended in the bin
     * @param skips cycles of the most served phase minus cycles of this one (a phase left out of cycles)
     * @param meanPedDelayS from the first ped call (45) to the begin walk (21) it was served by
     * @param yellowActuations stop-bar actuations (82) while the phase was yellow; {@code redActuations} red clearance
     *        or red
     */
    public record Phase(int phase, int cycles, double meanCycleS, double meanSplitS, double greenS, double yellowS,
                        double redClearanceS, int arrivals, int arrivalsOnGreen, double percentArrivalsOnGreen,
                        double platoonRatio, int splitFailures, int gapOuts, int maxOuts, int forceOffs, int skips,
                        int pedCalls, int pedWalks, double meanPedDelayS, double maxPedDelayS, int yellowActuations,
                        int redActuations) {}

    /**
     * One detector channel over the bin.
     *
     * @param actuations detector-on events (82; 90 for pedestrian detectors)
     * @param shortPulses on-to-off under 100 ms
     * @param status {@code ok}, {@code stuck-on} (on for the whole bin), {@code no-activity} (no actuation while
     *        its phase was served), {@code chatter} (over 2,000 actuations or 100 short pulses in the bin)
     */
    public record DetectorHealth(int channel, int phase, String function, int actuations, double onSeconds,
                                 int shortPulses, String status) {}
}
