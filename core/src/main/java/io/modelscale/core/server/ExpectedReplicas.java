package io.modelscale.core.server;

import io.vavr.control.Option;

/**
 * How many replicas the scheduler has been told a server should have ({@code ServerNotify}): unknown until the
 * operator says, then a count. A known count of {@code 0} means the Server resource is being deleted.
 */
public sealed interface ExpectedReplicas {

    /** Not yet told (Seldon's {@code -1}). */
    static ExpectedReplicas unknown() {
        return Unknown.INSTANCE;
    }

    /** Told to expect {@code count} replicas. */
    static ExpectedReplicas of(int count) {
        return new Known(count);
    }

    /** The count, if known. */
    Option<Integer> count();

    /** {@code true} when the server is being deleted: a known count of zero. */
    default boolean beingDeleted() {
        return count().contains(0);
    }

    /**
     * A known count of replicas.
     *
     * @param value the count, zero or more
     */
    record Known(int value) implements ExpectedReplicas {
        public Known {
            if (value < 0) {
                throw new IllegalArgumentException(
                    "expected replicas must not be negative (use ExpectedReplicas.unknown()), got " + value);
            }
        }

        @Override
        public Option<Integer> count() {
            return Option.some(value);
        }

        @Override
        public String toString() {
            return Integer.toString(value);
        }
    }

    /** Not yet known. */
    enum Unknown implements ExpectedReplicas {
        /** The one unknown count. */
        INSTANCE;

        @Override
        public Option<Integer> count() {
            return Option.none();
        }

        @Override
        public String toString() {
            return "unknown";
        }
    }
}
