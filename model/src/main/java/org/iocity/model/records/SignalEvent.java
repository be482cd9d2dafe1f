package org.iocity.model.records;

import java.time.Instant;

/**
 * One high-resolution controller event, Indiana enumerations (e.g. 1 phase begin green, 8 begin yellow, 10 begin red
 * clearance, 81 detector off, 82 detector on, 45 pedestrian call, 131 coordination pattern change).
 *
 * @param param the phase, detector channel or pattern the code refers to
 */
public record SignalEvent(Instant ts, int code, int param) {
}
