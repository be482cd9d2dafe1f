package org.iocity.api.state;

/**
 * A congestion window as the job sent it early, at the window's end, on {@code ioc.congestion.live}: a segment's
 * {@link org.iocity.model.records.CongestionResult} or an area's {@link org.iocity.model.records.AreaCongestion}. The wall shows it at
 * once as provisional, and the final result of the same window on {@code ioc.congestion} replaces it
 * ({@link CongestionState}, {@link ResultState}). Never written to history.
 */
public record Provisional(Object result) {

    /**
     * Whether a result of the window ending {@code end} ({@code provisional} or final) replaces the one held, of the
     * window ending {@code heldEnd}: a newer window does; for the same window a final result replaces either, a
     * provisional one only a provisional one (a re-sent copy).
     */
    static boolean replaces(java.time.Instant end, boolean provisional, java.time.Instant heldEnd, boolean heldProvisional) {
        return end.isAfter(heldEnd) || end.equals(heldEnd) && (!provisional || heldProvisional);
    }
}
