package io.modelscale.simulation.engine;

import java.util.Arrays;

/**
 * A binary min-heap of items by a {@code double} key, ties broken by the order they were added: parallel arrays of
 * keys, insertion numbers and items, so that comparing two entries reads two primitive arrays instead of two
 * objects. Adding and removing allocate nothing beyond growing the arrays.
 *
 * @param <T> the items
 */
final class Heap<T> {

    private double[] keys = new double[16];
    private long[] order = new long[16];
    private Object[] items = new Object[16];
    private int size;
    private long added;

    /** Adds {@code item} at {@code key}, after every item already added at the same key. */
    void add(double key, T item) {
        add(key, added++, item);
    }

    /**
     * Adds {@code item} at {@code key} with the caller's own order among equal keys, {@code mine}: items at the same
     * key come out in increasing order. For a caller that orders this heap's items among others'; not to be mixed
     * with {@link #add(double, Object)}.
     */
    void add(double key, long mine, T item) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            order = Arrays.copyOf(order, size * 2);
            items = Arrays.copyOf(items, size * 2);
        }
        int at = size++;
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!before(key, mine, keys[parent], order[parent])) {
                break;
            }
            move(parent, at);
            at = parent;
        }
        put(at, key, mine, item);
    }

    /** How many items it holds. */
    int size() {
        return size;
    }

    /** Whether it holds none. */
    boolean isEmpty() {
        return size == 0;
    }

    /** The first item's key; only when there is one. */
    double firstKey() {
        return keys[0];
    }

    /** The first item's order among equal keys; only when there is one. */
    long firstOrder() {
        return order[0];
    }

    /** The first item, or {@code null} when there is none. */
    @SuppressWarnings("unchecked")
    T peek() {
        return size == 0 ? null : (T) items[0];
    }

    /** Removes and returns the first item; only when there is one. */
    @SuppressWarnings("unchecked")
    T take() {
        T first = (T) items[0];
        size--;
        double lastKey = keys[size];
        long lastOrder = order[size];
        Object last = items[size];
        items[size] = null;
        if (size > 0) {
            int at = 0;
            while (true) {
                int child = 2 * at + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && before(keys[child + 1], order[child + 1], keys[child], order[child])) {
                    child++;
                }
                if (!before(keys[child], order[child], lastKey, lastOrder)) {
                    break;
                }
                move(child, at);
                at = child;
            }
            put(at, lastKey, lastOrder, last);
        }
        return first;
    }

    private static boolean before(double key, long seq, double otherKey, long otherSeq) {
        return key != otherKey ? key < otherKey : seq < otherSeq;
    }

    private void move(int from, int to) {
        put(to, keys[from], order[from], items[from]);
    }

    private void put(int at, double key, long seq, Object item) {
        keys[at] = key;
        order[at] = seq;
        items[at] = item;
    }
}
