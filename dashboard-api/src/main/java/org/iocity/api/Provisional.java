package org.iocity.api;

/**
 * A congestion window as the job sent it early, at the window's end, on {@code ioc.congestion.live}: a segment's
 * {@link org.iocity.model.CongestionResult} or an area's {@link org.iocity.model.AreaCongestion}. The wall shows it at
 * once as provisional, and the final result of the same window on {@code ioc.congestion} replaces it
 * ({@link CongestionState}, {@link ResultState}). Never written to history.
 */
record Provisional(Object result) {}
