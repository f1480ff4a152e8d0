package io.modelscale.simulation.engine;

import java.util.Arrays;

/**
 * The run's pending events in time order; events at the same time come out in the order they were scheduled.
 *
 * <p>Two heaps share one count of scheduling order. Events are a {@link Heap} by time, so that scheduling and taking
 * one allocates nothing beyond the event itself. Server replicas' completions (per-replica serving) are an indexed
 * heap of replica numbers with at most one entry each: {@link #scheduleSlot} moves a replica's entry to its new time
 * rather than adding another, so a completion brought forward leaves nothing stale behind and costs no allocation.
 * For the order of ties, a replica's entry counts as scheduled when it was last moved, unless the replica had a
 * completion scheduled at that very time before (brought forward since): then as scheduled then. The order is thus
 * that of one event per scheduling, superseded ones ignored when they come round.
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
    /*
     * Each replica's completions scheduled and not yet come round, those brought forward since included (their
     * times and scheduling orders): a completion brought forward to a time at which one was scheduled before counts
     * as scheduled then, for the order of ties, as the one scheduled before would have fired first.
     */
    private long[][] earlierAt = new long[0][];
    private long[][] earlierOrder = new long[0][];
    private int[] earlierCount = new int[0];
    /* The time and scheduling order of the last item taken: everything scheduled before it has come round. */
    private long lastTime = Long.MIN_VALUE;
    private long lastOrder = Long.MIN_VALUE;

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
            int grown = Math.max(slot + 1, old * 2);
            position = Arrays.copyOf(position, grown);
            Arrays.fill(position, old, grown, -1);
            earlierAt = Arrays.copyOf(earlierAt, grown);
            earlierOrder = Arrays.copyOf(earlierOrder, grown);
            earlierCount = Arrays.copyOf(earlierCount, grown);
        }
        long order = remember(slot, micros, added++);
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
        lastTime = slotAt[0];
        lastOrder = slotOrder[0];
        forget(taken, slotAt[0], slotOrder[0]);
        return taken;
    }

    /**
     * Records a completion of {@code slot} scheduled at {@code micros} with {@code order}; returns the order it
     * counts with: the earliest of those scheduled for the replica at that very time.
     */
    private long remember(int slot, long micros, long order) {
        int n = earlierCount[slot];
        if (earlierAt[slot] == null || n == earlierAt[slot].length) {
            int grown = Math.max(4, n * 2);
            earlierAt[slot] = earlierAt[slot] == null ? new long[grown] : Arrays.copyOf(earlierAt[slot], grown);
            earlierOrder[slot] = earlierOrder[slot] == null ? new long[grown]
                : Arrays.copyOf(earlierOrder[slot], grown);
        }
        long counts = order;
        for (int i = 0; i < n; i++) {
            // one scheduled at this very time counts if it has not come round yet (it is after the last item taken)
            if (earlierAt[slot][i] == micros && earlierOrder[slot][i] < counts
                && (micros > lastTime || earlierOrder[slot][i] > lastOrder)) {
                counts = earlierOrder[slot][i];
            }
        }
        earlierAt[slot][n] = micros;
        earlierOrder[slot][n] = order;
        earlierCount[slot] = n + 1;
        return counts;
    }

    /**
     * The replica's completion at {@code micros} with {@code order} comes round: it and every one scheduled for the
     * replica before that time are past.
     */
    private void forget(int slot, long micros, long order) {
        int kept = 0;
        for (int i = 0, n = earlierCount[slot]; i < n; i++) {
            long time = earlierAt[slot][i];
            if (time > micros || time == micros && earlierOrder[slot][i] != order) {
                earlierAt[slot][kept] = time;
                earlierOrder[slot][kept] = earlierOrder[slot][i];
                kept++;
            }
        }
        earlierCount[slot] = kept;
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
        lastTime = (long) heap.firstKey();
        lastOrder = heap.firstOrder();
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
