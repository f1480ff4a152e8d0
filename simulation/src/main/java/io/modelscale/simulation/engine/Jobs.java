package io.modelscale.simulation.engine;

import java.util.Arrays;

/**
 * The requests in service on one server replica, soonest to finish first by the replica's virtual clock, ties in the
 * order they started: a binary min-heap whose entries are spread over primitive arrays (finish, start order, start
 * time, whether on time) and one array of owners, so that starting and finishing a request allocates nothing.
 *
 * @param <P> what a request is served for (its model replica)
 */
final class Jobs<P> {

    private double[] finish = new double[8];
    private long[] order = new long[8];
    private long[] started = new long[8];
    private boolean[] onTime = new boolean[8];
    private Object[] owner = new Object[8];
    private int size;
    private long added;

    /** A request for {@code of} starts at {@code at}, to finish when the virtual clock reaches {@code finishAt}. */
    void add(double finishAt, P of, long at, boolean inTime) {
        if (size == finish.length) {
            int grown = size * 2;
            finish = Arrays.copyOf(finish, grown);
            order = Arrays.copyOf(order, grown);
            started = Arrays.copyOf(started, grown);
            onTime = Arrays.copyOf(onTime, grown);
            owner = Arrays.copyOf(owner, grown);
        }
        long mine = added++;
        int hole = size++;
        while (hole > 0) {
            int parent = (hole - 1) >>> 1;
            if (!before(finishAt, mine, parent)) {
                break;
            }
            move(parent, hole);
            hole = parent;
        }
        put(hole, finishAt, mine, at, inTime, of);
    }

    /** How many are in service. */
    int size() {
        return size;
    }

    /** The first request's finish on the virtual clock; only when there is one. */
    double firstFinish() {
        return finish[0];
    }

    /** Whom the first request is served for; only when there is one. */
    @SuppressWarnings("unchecked")
    P firstOwner() {
        return (P) owner[0];
    }

    /** When the first request started; only when there is one. */
    long firstStarted() {
        return started[0];
    }

    /** Whether the first request started within the SLO and counts; only when there is one. */
    boolean firstOnTime() {
        return onTime[0];
    }

    /** Removes the first request; only when there is one. */
    void removeFirst() {
        size--;
        double lastFinish = finish[size];
        long lastOrder = order[size];
        long lastStarted = started[size];
        boolean lastOnTime = onTime[size];
        Object last = owner[size];
        owner[size] = null;
        if (size == 0) {
            return;
        }
        int hole = 0;
        while (true) {
            int child = 2 * hole + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(finish[child + 1], order[child + 1], child)) {
                child++;
            }
            if (!before(finish[child], order[child], lastFinish, lastOrder)) {
                break;
            }
            move(child, hole);
            hole = child;
        }
        finish[hole] = lastFinish;
        order[hole] = lastOrder;
        started[hole] = lastStarted;
        onTime[hole] = lastOnTime;
        owner[hole] = last;
    }

    private boolean before(double key, long seq, int other) {
        return before(key, seq, finish[other], order[other]);
    }

    private static boolean before(double key, long seq, double otherKey, long otherSeq) {
        return key != otherKey ? key < otherKey : seq < otherSeq;
    }

    private void move(int from, int to) {
        finish[to] = finish[from];
        order[to] = order[from];
        started[to] = started[from];
        onTime[to] = onTime[from];
        owner[to] = owner[from];
    }

    private void put(int at, double finishAt, long seq, long startedAt, boolean inTime, Object of) {
        finish[at] = finishAt;
        order[at] = seq;
        started[at] = startedAt;
        onTime[at] = inTime;
        owner[at] = of;
    }
}
