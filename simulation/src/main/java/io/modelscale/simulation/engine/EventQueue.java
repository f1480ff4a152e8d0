package io.modelscale.simulation.engine;

import java.util.Arrays;

/**
 * The run's pending events in time order; events at the same time come out in the order they were scheduled.
 *
 * <p>A binary heap over parallel arrays (time, scheduling order, event), so that scheduling and taking an event
 * allocate nothing beyond the event itself: a run schedules about one event per request.
 */
final class EventQueue {

    /** An event with its time and its place in scheduling order. */
    record Scheduled(long micros, long seq, SimEvent event) {
    }

    private long[] times = new long[64];
    private long[] order = new long[64];
    private SimEvent[] events = new SimEvent[64];
    private int size;
    private long seq;

    /** Schedules {@code event} at {@code micros}. */
    void schedule(long micros, SimEvent event) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            order = Arrays.copyOf(order, size * 2);
            events = Arrays.copyOf(events, size * 2);
        }
        long mine = seq++;
        int at = size++;
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!before(micros, mine, parent)) {
                break;
            }
            move(parent, at);
            at = parent;
        }
        put(at, micros, mine, event);
    }

    /** Whether there is no pending event. */
    boolean isEmpty() {
        return size == 0;
    }

    /** The next event's time; only when there is one. */
    long nextMicros() {
        return times[0];
    }

    /** Removes and returns the next event; only when there is one. */
    SimEvent take() {
        SimEvent first = events[0];
        size--;
        long lastTime = times[size];
        long lastOrder = order[size];
        SimEvent last = events[size];
        events[size] = null;
        if (size > 0) {
            int at = 0;
            while (true) {
                int child = 2 * at + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && before(times[child + 1], order[child + 1], child)) {
                    child++;
                }
                if (!before(times[child], order[child], lastTime, lastOrder)) {
                    break;
                }
                move(child, at);
                at = child;
            }
            put(at, lastTime, lastOrder, last);
        }
        return first;
    }

    /** The next event, without removing it, or {@code null} when there is none. */
    Scheduled peek() {
        return size == 0 ? null : new Scheduled(times[0], order[0], events[0]);
    }

    /** Removes and returns the next event, or {@code null} when there is none. */
    Scheduled poll() {
        if (size == 0) {
            return null;
        }
        Scheduled head = peek();
        take();
        return head;
    }

    private boolean before(long micros, long seqOf, int slot) {
        return before(micros, seqOf, times[slot], order[slot]);
    }

    private static boolean before(long micros, long seqOf, long otherMicros, long otherSeq) {
        return micros != otherMicros ? micros < otherMicros : seqOf < otherSeq;
    }

    private void move(int from, int to) {
        put(to, times[from], order[from], events[from]);
    }

    private void put(int at, long micros, long seqOf, SimEvent event) {
        times[at] = micros;
        order[at] = seqOf;
        events[at] = event;
    }
}
