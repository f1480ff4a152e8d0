package io.modelscale.simulation.engine;

import java.util.PriorityQueue;

/** The run's pending events in time order; events at the same time come out in the order they were scheduled. */
final class EventQueue {

    /** An event with its time and its place in scheduling order. */
    record Scheduled(long micros, long seq, SimEvent event) {
    }

    private final PriorityQueue<Scheduled> events = new PriorityQueue<>((a, b) ->
        a.micros() != b.micros() ? Long.compare(a.micros(), b.micros()) : Long.compare(a.seq(), b.seq()));
    private long seq;

    /** Schedules {@code event} at {@code micros}. */
    void schedule(long micros, SimEvent event) {
        events.add(new Scheduled(micros, seq++, event));
    }

    /** The next event, without removing it, or {@code null} when there is none. */
    Scheduled peek() {
        return events.peek();
    }

    /** Removes and returns the next event. */
    Scheduled poll() {
        return events.poll();
    }
}
