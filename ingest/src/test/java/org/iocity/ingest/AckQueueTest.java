package org.iocity.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void aMessageWaitingForKafkaHoldsBackTheOnesAfterIt() {
        AckQueue.Ticket a = queue.arrived(1, 1);
        AckQueue.Ticket b = queue.arrived(2, 1);
        AckQueue.Ticket c = queue.arrived(3, 1);
        queue.completed(a);
        queue.completed(c);
        assertEquals(List.of(1), acked, "2 is still being sent again to Kafka");
        assertEquals(2, queue.waiting());
        queue.completed(b);
        assertEquals(List.of(1, 2, 3), acked);
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
