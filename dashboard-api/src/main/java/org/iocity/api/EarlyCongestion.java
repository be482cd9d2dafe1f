package org.iocity.api;

import org.iocity.model.CongestionResult;

/**
 * A segment's congestion window as the job sent it early, at the window's end, on {@code ioc.congestion.live}: the
 * wall shows it at once as provisional, and the final result of the same window on {@code ioc.congestion} replaces it
 * ({@link CongestionState}). Never written to history.
 */
record EarlyCongestion(CongestionResult result) {}
