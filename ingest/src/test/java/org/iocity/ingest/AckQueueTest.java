package org.iocity.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckQueueTest {
    final List<Integer> acked = new ArrayList<>();
    final AckQueue queue = new AckQueue((id, qos) -> acked.add(id));

    @Test
    void acknowledgementsFollowArrivalOrderWhateverOrderKafkaAnswersIn() {
        AckQueue.Ticket a = queue.arrived(1, 1);
        AckQueue.Ticket b = queue.arrived(2, 1);
        AckQueue.Ticket c = queue.arrived(3, 1);
        queue.completed(c);
        queue.completed(b);
        assertEquals(List.of(), acked, "1 is not in Kafka yet");
        queue.completed(a);
        assertEquals(List.of(1, 2, 3), acked);
        assertEquals(0, queue.waiting());
    }

    @Test
    void aRefusalLeavesItAndEverythingAfterItUnacknowledged() {
        AckQueue.Ticket a = queue.arrived(1, 1);
        AckQueue.Ticket b = queue.arrived(2, 1);
        AckQueue.Ticket c = queue.arrived(3, 1);
        queue.completed(a);
        assertTrue(queue.failed(b), "the first refusal ends the session");
        assertFalse(queue.failed(c), "later refusals of that session do not reopen again");
        queue.completed(c);
        assertEquals(List.of(1), acked, "2 and 3 are redelivered by the broker, never acknowledged");
        AckQueue.Ticket again = queue.arrived(2, 1);
        queue.completed(again);
        assertEquals(List.of(1, 2), acked);
    }

    @Test
    void ticketsOfALostConnectionAreNeverAcknowledged() {
        AckQueue.Ticket a = queue.arrived(7, 1);
        queue.reset();
        queue.completed(a);
        assertEquals(List.of(), acked);
        assertEquals(0, queue.waiting());
    }
}
