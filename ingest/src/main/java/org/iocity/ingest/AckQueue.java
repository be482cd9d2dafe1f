package org.iocity.ingest;

import java.util.ArrayDeque;

/**
 * The MQTT acknowledgements of one connection, in the order the messages arrived (MQTT 3.1.1 §4.6): a message is
 * acknowledged once Kafka has taken its record and every message before it is acknowledged, whatever order Kafka's
 * callbacks (one per partition) come in. A lost connection starts a new session: what is still waiting is never
 * acknowledged, as the broker redelivers it (persistent session).
 */
final class AckQueue {
    /** Sends one acknowledgement to the broker. */
    interface Acker {
        void ack(int id, int qos);
    }

    /** A message waiting for Kafka and for the messages before it. */
    static final class Ticket {
        final long session;
        final int id;
        final int qos;
        boolean done;

        private Ticket(long session, int id, int qos) {
            this.session = session;
            this.id = id;
            this.qos = qos;
        }
    }

    private final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
    private final Acker acker;
    private long session;

    AckQueue(Acker acker) {
        this.acker = acker;
    }

    synchronized Ticket arrived(int id, int qos) {
        Ticket t = new Ticket(session, id, qos);
        waiting.add(t);
        return t;
    }

    /** Kafka took the record of {@code t}: acknowledges it and every finished one after it, in arrival order. */
    synchronized void completed(Ticket t) {
        if (t.session != session) return;
        t.done = true;
        while (!waiting.isEmpty() && waiting.peek().done) {
            Ticket head = waiting.poll();
            acker.ack(head.id, head.qos);
        }
    }

    /** A new session (connection lost): tickets of the old one are never acknowledged. */
    synchronized void reset() {
        session++;
        waiting.clear();
    }

    synchronized int waiting() {
        return waiting.size();
    }
}
