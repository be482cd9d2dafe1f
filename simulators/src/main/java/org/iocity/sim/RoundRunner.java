package org.iocity.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces rounds of messages on the simulated clock: round k has event time {@code start + k * tick}, goes out when the
 * wall clock reaches {@code start + k * tick / speedup} (never before its event time), and the run ends at a message
 * or time limit or when {@code stopped} opens. Logs a progress line every {@code reportEvery}.
 */
final class RoundRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RoundRunner.class);

    /** Sends the round with event time {@code eventTime}, at most {@code maxMessages}; returns the messages made. */
    interface Round {
        long send(Instant eventTime, long maxMessages);
    }

    private RoundRunner() {}

    static CameraSimulator.RunResult run(CameraSimulator.RunPlan plan, int tickSec, MessagePublisher publisher,
                                         CountDownLatch stopped, Round round, Supplier<String> detail) {
        long wallStart = System.currentTimeMillis();
        Instant simStart = plan.simulatedStart() != null ? plan.simulatedStart() : Instant.ofEpochMilli(wallStart);
        long stopAt = plan.maxDuration() == null ? Long.MAX_VALUE : wallStart + plan.maxDuration().toMillis();
        long reportEveryMs = plan.reportEvery() == null ? Long.MAX_VALUE : Math.max(1, plan.reportEvery().toMillis());
        long nextReport = reportEveryMs == Long.MAX_VALUE ? Long.MAX_VALUE : wallStart + reportEveryMs;
        long sent = 0;
        long rounds = 0;
        Instant last = null;
        long lastReportPublished = publisher.published();
        long lastReportAt = wallStart;
        while (true) {
            if (plan.maxMessages() > 0 && sent >= plan.maxMessages() || stopped.getCount() == 0) break;
            Instant eventTime = simStart.plusSeconds(rounds * tickSec);
            long due = Math.max(wallStart + Math.round(rounds * tickSec * 1000 / plan.speedup()), eventTime.toEpochMilli());
            // wait for the round, waking for progress lines; stopped ends the wait at once
            boolean stop = false;
            while (true) {
                long now = System.currentTimeMillis();
                if (now >= stopAt) {
                    stop = true;
                    break;
                }
                if (now >= nextReport) {
                    long published = publisher.published();
                    double rate = (published - lastReportPublished) * 1000.0 / Math.max(1, now - lastReportAt);
                    LOG.info("published {} failed {} in flight {} ({} msg/s); event time {}{}", published, publisher.failed(),
                            publisher.inFlight(), String.format(Locale.ROOT, "%.1f", rate),
                            last == null ? "-" : CameraMessageFactory.timestamp(last), detail.get());
                    lastReportPublished = published;
                    lastReportAt = now;
                    nextReport += reportEveryMs * Math.max(1, (now - nextReport) / reportEveryMs + 1);
                }
                long wake = Math.min(Math.min(due, nextReport), stopAt);
                if (now >= due) break;
                if (await(stopped, wake - now)) {
                    stop = true;
                    break;
                }
            }
            if (stop) break;
            sent += round.send(eventTime, plan.maxMessages() > 0 ? plan.maxMessages() - sent : Long.MAX_VALUE);
            last = eventTime;
            rounds++;
        }
        if (!publisher.awaitIdle(Duration.ofSeconds(10))) {
            LOG.warn("{} messages still in flight at the end of the run", publisher.inFlight());
        }
        return new CameraSimulator.RunResult(rounds, sent, publisher.published(), publisher.failed(), last);
    }

    private static boolean await(CountDownLatch stopped, long millis) {
        try {
            return stopped.await(Math.max(1, millis), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
