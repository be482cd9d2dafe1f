package org.iocity.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A publisher that keeps what it is given; refuses topics matching {@code refuse}. */
final class RecordingPublisher implements MessagePublisher {
    record Sent(String topic, byte[] payload, boolean retained) {}

    final List<Sent> sent = new ArrayList<>();
    private final Predicate<String> refuse;
    private long failed;
    boolean closed;

    RecordingPublisher() {
        this(t -> false);
    }

    RecordingPublisher(Predicate<String> refuse) {
        this.refuse = refuse;
    }

    @Override
    public synchronized boolean publish(String topic, byte[] payload, boolean retained) {
        if (refuse.test(topic)) {
            failed++;
            return false;
        }
        sent.add(new Sent(topic, payload, retained));
        return true;
    }

    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    @Override
    public synchronized long published() {
        return sent.size();
    }

    @Override
    public synchronized long failed() {
        return failed;
    }

    @Override
    public int inFlight() {
        return 0;
    }

    @Override
    public boolean awaitIdle(Duration timeout) {
        return true;
    }

    @Override
    public String target() {
        return "memory";
    }

    @Override
    public void close() {
        closed = true;
    }
}
