package io.modelscale.simulation.engine;

/**
 * The run's pending events in time order; events at the same time come out in the order they were scheduled.
 *
 * <p>A {@link Heap} by time, so that scheduling and taking an event allocate nothing beyond the event itself: a run
 * schedules about one event per request.
 */
final class EventQueue {

    /** An event with its time. */
    record Scheduled(long micros, SimEvent event) {
    }

    // Times are whole microseconds of a run, far below 2^53: as doubles they are exact and keep their order.
    private final Heap<SimEvent> heap = new Heap<>();

    /** Schedules {@code event} at {@code micros}. */
    void schedule(long micros, SimEvent event) {
        heap.add(micros, event);
    }

    /** Whether there is no pending event. */
    boolean isEmpty() {
        return heap.isEmpty();
    }

    /** The next event's time; only when there is one. */
    long nextMicros() {
        return (long) heap.firstKey();
    }

    /** Removes and returns the next event; only when there is one. */
    SimEvent take() {
        return heap.take();
    }

    /** The next event, without removing it, or {@code null} when there is none. */
    Scheduled peek() {
        return heap.isEmpty() ? null : new Scheduled(nextMicros(), heap.peek());
    }

    /** Removes and returns the next event, or {@code null} when there is none. */
    Scheduled poll() {
        if (heap.isEmpty()) {
            return null;
        }
        Scheduled head = peek();
        take();
        return head;
    }
}
