package io.modelscale.simulation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The event queue gives events in time order, ties in scheduling order, against a sorted list as the oracle. */
class EventQueueTest {

    @Test
    void eventsComeOutInTimeOrder_tiesInTheOrderTheyWereScheduled_whileSchedulingGoesOn() {
        SplittableRandom random = new SplittableRandom(7);
        EventQueue queue = new EventQueue();
        List<long[]> expected = new ArrayList<>();
        List<long[]> taken = new ArrayList<>();
        long seq = 0;
        long now = 0;
        int ties = 0;
        for (int step = 0; step < 20_000; step++) {
            if (queue.isEmpty() || random.nextInt(3) > 0) {
                long at = now + random.nextInt(50);
                // the event carries its own scheduling number, so the oracle can tell ties apart
                queue.schedule(at, new SimEvent.SlotCompletion((int) seq, at));
                expected.add(new long[] {at, seq++});
            } else {
                now = queue.nextMicros();
                SimEvent.SlotCompletion event = (SimEvent.SlotCompletion) queue.take();
                taken.add(new long[] {event.at(), event.slot()});
            }
        }
        while (!queue.isEmpty()) {
            SimEvent.SlotCompletion event = (SimEvent.SlotCompletion) queue.take();
            taken.add(new long[] {event.at(), event.slot()});
        }
        for (int i = 1; i < taken.size(); i++) {
            if (taken.get(i)[0] == taken.get(i - 1)[0]) {
                ties++;
            }
        }
        expected.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        // taken in time order overall: each event is taken no earlier than the time of the one before it
        for (int i = 1; i < taken.size(); i++) {
            assertThat(taken.get(i)[0]).isGreaterThanOrEqualTo(taken.get(i - 1)[0]);
        }
        assertThat(taken).hasSameSizeAs(expected);
        assertThat(taken.stream().map(e -> e[0] + ":" + e[1]).sorted().toList())
            .isEqualTo(expected.stream().map(e -> e[0] + ":" + e[1]).sorted().toList());
        for (int i = 1; i < taken.size(); i++) {
            if (taken.get(i)[0] == taken.get(i - 1)[0]) {
                assertThat(taken.get(i)[1]).as("ties in scheduling order").isGreaterThan(taken.get(i - 1)[1]);
            }
        }
        assertThat(ties).as("the generator makes ties often").isGreaterThan(1_000);
        assertThat(queue.peek()).isNull();
        assertThat(queue.poll()).isNull();
    }
}
