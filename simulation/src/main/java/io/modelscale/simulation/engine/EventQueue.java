package io.modelscale.simulation.engine;

import java.util.Arrays;

/**
 * The run's pending events in time order; events at the same time come out in the order they were scheduled.
 *
 * <p>Two heaps share one count of scheduling order. Events are a {@link Heap} by time, so that scheduling and taking
 * one allocates nothing beyond the event itself. Server replicas' completions (per-replica serving) are an indexed
 * heap of replica numbers with at most one entry each: {@link #scheduleSlot} moves a replica's entry to its new time
 * rather than adding another, so a completion brought forward leaves nothing stale behind and costs no allocation.
 * A replica's entry counts as scheduled when it was last moved, for the order of ties.
 */
final class EventQueue {

    /** An event with its time. */
    record Scheduled(long micros, SimEvent event) {
    }

    // Times are whole microseconds of a run, far below 2^53: as doubles they are exact and keep their order.
    private final Heap<SimEvent> heap = new Heap<>();
    private long added;

    /* The indexed heap of server replicas by completion time, ties by scheduling order. */
    private int[] slots = new int[16];
    private long[] slotAt = new long[16];
    private long[] slotOrder = new long[16];
    /* Each replica's place in the heap, or -1. */
    private int[] position = new int[0];
    private int slotCount;
    /*
     * A replica just taken whose entry still sits at the root: the replica's next completion is usually scheduled
     * before anything else is asked, and then the entry moves down from the root once instead of being removed and
     * added again. Any other use removes it first.
     */
    private int taken = -1;

    /** Schedules {@code event} at {@code micros}. */
    void schedule(long micros, SimEvent event) {
        heap.add(micros, added++, event);
    }

    /**
     * Server replica {@code slot}'s completion is due at {@code micros}, scheduled now: its pending one, if any, is
     * moved there.
     */
    void scheduleSlot(int slot, long micros) {
        if (taken != slot) {
            settle();
        }
        taken = -1;
        if (slot >= position.length) {
            int old = position.length;
            position = Arrays.copyOf(position, Math.max(slot + 1, old * 2));
            Arrays.fill(position, old, position.length, -1);
        }
        long order = added++;
        int at = position[slot];
        if (at < 0) {
            if (slotCount == slots.length) {
                slots = Arrays.copyOf(slots, slotCount * 2);
                slotAt = Arrays.copyOf(slotAt, slotCount * 2);
                slotOrder = Arrays.copyOf(slotOrder, slotCount * 2);
            }
            at = slotCount++;
            slots[at] = slot;
            position[slot] = at;
        }
        slotAt[at] = micros;
        slotOrder[at] = order;
        siftDown(siftUp(at));
    }

    /** Whether there is no pending event. */
    boolean isEmpty() {
        settle();
        return heap.isEmpty() && slotCount == 0;
    }

    /** The next event's time; only when there is one. */
    long nextMicros() {
        settle();
        return slotFirst() ? slotAt[0] : (long) heap.firstKey();
    }

    /** Whether the next event is a server replica's completion ({@link #takeSlot}); only when there is one. */
    boolean slotFirst() {
        settle();
        if (slotCount == 0) {
            return false;
        }
        if (heap.isEmpty()) {
            return true;
        }
        long eventAt = (long) heap.firstKey();
        return slotAt[0] != eventAt ? slotAt[0] < eventAt : slotOrder[0] < heap.firstOrder();
    }

    /** Removes the next event, a server replica's completion, and returns the replica; only when it is one. */
    int takeSlot() {
        settle();
        taken = slots[0];
        return taken;
    }

    /** Removes the replica taken last, if its entry is still at the root. */
    private void settle() {
        if (taken < 0) {
            return;
        }
        taken = -1;
        int slot = slots[0];
        position[slot] = -1;
        slotCount--;
        if (slotCount > 0) {
            slots[0] = slots[slotCount];
            slotAt[0] = slotAt[slotCount];
            slotOrder[0] = slotOrder[slotCount];
            position[slots[0]] = 0;
            siftDown(0);
        }
    }

    /**
     * Removes and returns the next event, only when there is one; a server replica's completion comes as a
     * {@link SimEvent.SlotCompletion}.
     */
    SimEvent take() {
        settle();
        if (slotFirst()) {
            long at = slotAt[0];
            return new SimEvent.SlotCompletion(takeSlot(), at);
        }
        return heap.take();
    }

    /** The next event, without removing it, or {@code null} when there is none. */
    Scheduled peek() {
        settle();
        if (isEmpty()) {
            return null;
        }
        return slotFirst() ? new Scheduled(slotAt[0], new SimEvent.SlotCompletion(slots[0], slotAt[0]))
            : new Scheduled(nextMicros(), heap.peek());
    }

    /** Removes and returns the next event, or {@code null} when there is none. */
    Scheduled poll() {
        if (isEmpty()) {
            return null;
        }
        long at = nextMicros();
        return new Scheduled(at, take());
    }

    private boolean before(int a, int b) {
        return slotAt[a] != slotAt[b] ? slotAt[a] < slotAt[b] : slotOrder[a] < slotOrder[b];
    }

    private int siftUp(int at) {
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!before(at, parent)) {
                break;
            }
            swap(at, parent);
            at = parent;
        }
        return at;
    }

    private void siftDown(int at) {
        while (true) {
            int child = 2 * at + 1;
            if (child >= slotCount) {
                return;
            }
            if (child + 1 < slotCount && before(child + 1, child)) {
                child++;
            }
            if (!before(child, at)) {
                return;
            }
            swap(at, child);
            at = child;
        }
    }

    private void swap(int a, int b) {
        int slot = slots[a];
        long time = slotAt[a];
        long order = slotOrder[a];
        slots[a] = slots[b];
        slotAt[a] = slotAt[b];
        slotOrder[a] = slotOrder[b];
        slots[b] = slot;
        slotAt[b] = time;
        slotOrder[b] = order;
        position[slots[a]] = a;
        position[slots[b]] = b;
    }
}
