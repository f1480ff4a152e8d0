package io.modelscale.core.server;

/**
 * The ordinal of a server replica in its StatefulSet: {@code 0} for the first pod. A scale-down removes the
 * highest ordinals first.
 *
 * @param value the ordinal, zero or more
 */
public record ReplicaIndex(int value) implements Comparable<ReplicaIndex> {

    public ReplicaIndex {
        if (value < 0) {
            throw new IllegalArgumentException("replica index must not be negative, got " + value);
        }
    }

    /** The replica with ordinal {@code value}. */
    public static ReplicaIndex of(int value) {
        return new ReplicaIndex(value);
    }

    @Override
    public int compareTo(ReplicaIndex other) {
        return Integer.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
