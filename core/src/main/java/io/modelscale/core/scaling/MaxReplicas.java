package io.modelscale.core.scaling;

import io.vavr.control.Option;

/**
 * The upper end of a replica range: a bound of at least one, or explicitly none.
 *
 * <p>Seldon Core 2 writes "no maximum" as {@code 4294967295} (and treats an explicit {@code 0} the same way); here it
 * is {@link #unbounded()}, never a magic number.
 */
public sealed interface MaxReplicas {

    /** No upper bound. */
    static MaxReplicas unbounded() {
        return Unbounded.INSTANCE;
    }

    /**
     * At most {@code value} replicas.
     *
     * @throws IllegalArgumentException if {@code value < 1}: use {@link #unbounded()} for no bound
     */
    static MaxReplicas of(int value) {
        return new Bounded(value);
    }

    /** {@code true} if {@code replicas} does not exceed this maximum. */
    boolean admits(long replicas);

    /** The bound, if there is one. */
    Option<Integer> bound();

    /** {@code true} unless this is {@link #unbounded()}. */
    default boolean isBounded() {
        return bound().isDefined();
    }

    /** {@code replicas}, lowered to the bound if it exceeds it. */
    default int clamp(int replicas) {
        return bound().map(b -> Math.min(b, replicas)).getOrElse(replicas);
    }

    /**
     * A maximum of {@code value} replicas.
     *
     * @param value the largest admitted count, at least 1
     */
    record Bounded(int value) implements MaxReplicas {
        public Bounded {
            if (value < 1) {
                throw new IllegalArgumentException(
                    "maxReplicas bound must be at least 1 (use MaxReplicas.unbounded() for none), got " + value);
            }
        }

        @Override
        public boolean admits(long replicas) {
            return replicas <= value;
        }

        @Override
        public Option<Integer> bound() {
            return Option.some(value);
        }

        @Override
        public int clamp(int replicas) {
            return Math.min(value, replicas);
        }

        @Override
        public String toString() {
            return Integer.toString(value);
        }
    }

    /** No maximum at all. */
    enum Unbounded implements MaxReplicas {
        /** The one unbounded maximum. */
        INSTANCE;

        @Override
        public boolean admits(long replicas) {
            return true;
        }

        @Override
        public Option<Integer> bound() {
            return Option.none();
        }

        @Override
        public int clamp(int replicas) {
            return replicas;
        }

        @Override
        public String toString() {
            return "unbounded";
        }
    }
}
