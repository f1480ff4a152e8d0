package io.modelscale.core.memory;

/**
 * The memory budget of one server replica: its memory request and how far the scheduler may overcommit it.
 *
 * <p>With overcommit percentage {@code p}, the scheduler may register models whose memory adds up to
 * {@code total + floor(total × p / 100)} bytes on the replica; the agent keeps the least recently used ones out of
 * main memory ({@code shared/spec/seldon-core-2.md} §4.6). The available memory an agent reports is
 * {@code max(0, total + overcommit − registered)}, which is both branches of Seldon's
 * {@code GetAvailableMemoryBytesWithOverCommit}. Seldon computes the overcommit share in {@code float32}; here it is
 * exact integer arithmetic, which agrees wherever {@code float32} is exact and saturates instead of overflowing.
 *
 * @param totalBytes           the replica's memory request in bytes ({@code MEMORY_REQUEST})
 * @param overcommitPercentage how far registered models may exceed {@code totalBytes}, in percent of it
 */
public record ReplicaMemory(long totalBytes, int overcommitPercentage) {

    public ReplicaMemory {
        if (totalBytes < 0) {
            throw new IllegalArgumentException("totalBytes must not be negative, got " + totalBytes);
        }
        if (overcommitPercentage < 0) {
            throw new IllegalArgumentException("overcommitPercentage must not be negative, got " + overcommitPercentage);
        }
    }

    /** The overcommit share, {@code floor(totalBytes × overcommitPercentage / 100)}, saturating. */
    public long overcommitBytes() {
        long whole = totalBytes / 100;
        long rest = totalBytes % 100;
        try {
            return Math.addExact(Math.multiplyExact(whole, (long) overcommitPercentage),
                rest * overcommitPercentage / 100);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    /** The most registered model memory the replica may hold: total plus overcommit, saturating. */
    public long capacityBytes() {
        long sum = totalBytes + overcommitBytes();
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * The available memory an agent with these models registered reports: {@code max(0, capacity − registered)}.
     *
     * @param registeredBytes the memory of every model registered on the replica, loaded or loading
     */
    public long availableBytes(long registeredBytes) {
        if (registeredBytes < 0) {
            throw new IllegalArgumentException("registeredBytes must not be negative, got " + registeredBytes);
        }
        return Math.max(0, capacityBytes() - registeredBytes);
    }
}
