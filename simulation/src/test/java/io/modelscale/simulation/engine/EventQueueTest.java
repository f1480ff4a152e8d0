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
     * Server replicas' completions and other events come out in the order one event per scheduling would give, as a
     * queue that adds an event each time a replica's completion is brought forward and ignores the superseded ones when
     * they come round (a replica's event acts only at the replica's latest scheduled time). The oracle is that queue:
     * a plain list of every event scheduled, the smallest (time, order) found by a scan. Replicas are scheduled only
     * earlier than their pending completion, or again once it has come round, as the serving side does.
     */
    @Test
    void replicaCompletionsComeOutAsOneEventPerSchedulingWould_supersededOnesIgnored() {
        SplittableRandom random = new SplittableRandom(3);
        EventQueue queue = new EventQueue();
        // every event scheduled and not yet come round: {time, order, kind (0 event, 1 replica), id}
        List<long[]> scheduled = new ArrayList<>();
        long[] pending = new long[12];
        java.util.Arrays.fill(pending, Long.MAX_VALUE);
        long order = 0;
        long now = 0;
        int superseded = 0;
        int tiesWithAnOlderOrder = 0;
        int takenReplicas = 0;
        int lastTaken = -1;
        for (int step = 0; step < 40_000; step++) {
            int choice = random.nextInt(4);
            if (choice == 0) {
                long at = now + random.nextInt(12);
                queue.schedule(at, new SimEvent.SlotCompletion((int) (1_000_000 + order), at));
                scheduled.add(new long[] {at, order, 0, 1_000_000 + order});
                order++;
            } else if (choice == 1) {
                int replica = lastTaken >= 0 && random.nextBoolean() ? lastTaken : random.nextInt(pending.length);
                long at = now + random.nextInt(12);
                if (random.nextBoolean()) {
                    // often at the time of one of its superseded completions, the case the order of ties is about
                    for (long[] e : scheduled) {
                        if (e[2] == 1 && e[3] == replica && e[0] >= now && e[0] != pending[replica]) {
                            at = e[0];
                            break;
                        }
                    }
                }
                if (at >= pending[replica]) {
                    continue; // the serving side schedules a replica only earlier than its pending completion
                }
                superseded += pending[replica] != Long.MAX_VALUE ? 1 : 0;
                for (long[] e : scheduled) {
                    tiesWithAnOlderOrder += e[2] == 1 && e[3] == replica && e[0] == at ? 1 : 0;
                }
                queue.scheduleSlot(replica, at);
                scheduled.add(new long[] {at, order++, 1, replica});
                pending[replica] = at;
                lastTaken = -1;
            } else {
                long[] expected = null;
                while (expected == null && !scheduled.isEmpty()) {
                    long[] first = scheduled.get(0);
                    for (long[] e : scheduled) {
                        if (e[0] < first[0] || e[0] == first[0] && e[1] < first[1]) {
                            first = e;
                        }
                    }
                    scheduled.remove(first);
                    if (first[2] == 0 || first[0] == pending[(int) first[3]]) {
                        expected = first;
                    }
                }
                if (expected == null) {
                    assertThat(queue.isEmpty()).isTrue();
                    continue;
                }
                assertThat(queue.nextMicros()).isEqualTo(expected[0]);
                assertThat(queue.slotFirst()).as("a replica's completion next").isEqualTo(expected[2] == 1);
                now = expected[0];
                if (expected[2] == 1) {
                    assertThat(queue.takeSlot()).isEqualTo((int) expected[3]);
                    pending[(int) expected[3]] = Long.MAX_VALUE;
                    lastTaken = (int) expected[3];
                    takenReplicas++;
                } else {
                    assertThat(((SimEvent.SlotCompletion) queue.take()).slot()).isEqualTo((int) expected[3]);
                    lastTaken = -1;
                }
            }
        }
        assertThat(superseded).as("completions brought forward").isGreaterThan(400);
        assertThat(tiesWithAnOlderOrder).as("replicas scheduled at a time they had a superseded completion")
            .isGreaterThan(100);
        assertThat(takenReplicas).as("replica completions taken").isGreaterThan(1_000);
    }
}
