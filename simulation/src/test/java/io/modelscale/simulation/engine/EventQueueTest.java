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

    /**
     * Server replicas' completions and other events come out together in time order, ties in scheduling order, where a
     * replica's completion scheduled again replaces its pending one (counting as scheduled when it was moved), also
     * when the replica was just taken. Oracle: a plain list of what is pending, the smallest found by a scan.
     */
    @Test
    void aReplicasCompletionScheduledAgainReplacesItsPendingOne_inOrderWithOtherEvents() {
        SplittableRandom random = new SplittableRandom(3);
        EventQueue queue = new EventQueue();
        // pending: {time, order, kind (0 event, 1 replica), id}
        List<long[]> pending = new ArrayList<>();
        long order = 0;
        long now = 0;
        int moved = 0;
        int rescheduledRightAfterTaking = 0;
        int takenReplicas = 0;
        int lastTakenReplica = -1;
        for (int step = 0; step < 30_000; step++) {
            int choice = random.nextInt(4);
            if (choice == 0) {
                long at = now + random.nextInt(40);
                queue.schedule(at, new SimEvent.SlotCompletion((int) (1_000_000 + order), at));
                pending.add(new long[] {at, order++, 0, 1_000_000 + order - 1});
            } else if (choice == 1) {
                int replica = lastTakenReplica >= 0 && random.nextBoolean() ? lastTakenReplica : random.nextInt(30);
                long at = now + random.nextInt(40);
                boolean had = pending.removeIf(p -> p[2] == 1 && p[3] == replica);
                moved += had ? 1 : 0;
                rescheduledRightAfterTaking += replica == lastTakenReplica ? 1 : 0;
                queue.scheduleSlot(replica, at);
                pending.add(new long[] {at, order++, 1, replica});
                lastTakenReplica = -1;
            } else if (!pending.isEmpty()) {
                long[] expected = pending.get(0);
                for (long[] p : pending) {
                    if (p[0] < expected[0] || p[0] == expected[0] && p[1] < expected[1]) {
                        expected = p;
                    }
                }
                pending.remove(expected);
                assertThat(queue.isEmpty()).isFalse();
                assertThat(queue.nextMicros()).isEqualTo(expected[0]);
                assertThat(queue.slotFirst()).isEqualTo(expected[2] == 1);
                now = expected[0];
                if (expected[2] == 1) {
                    assertThat(queue.takeSlot()).isEqualTo((int) expected[3]);
                    lastTakenReplica = (int) expected[3];
                    takenReplicas++;
                } else {
                    assertThat(((SimEvent.SlotCompletion) queue.take()).slot()).isEqualTo((int) expected[3]);
                    lastTakenReplica = -1;
                }
            }
        }
        assertThat(queue.isEmpty()).isEqualTo(pending.isEmpty());
        assertThat(moved).as("pending completions moved").isGreaterThan(500);
        assertThat(rescheduledRightAfterTaking).as("replicas scheduled again right after being taken")
            .isGreaterThan(500);
        assertThat(takenReplicas).as("replica completions taken").isGreaterThan(1_000);
    }
}
