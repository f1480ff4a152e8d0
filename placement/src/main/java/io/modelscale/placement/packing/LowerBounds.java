package io.modelscale.placement.packing;

import java.math.BigInteger;

/**
 * Lower bounds on the number of server replicas a server's models need; no packing can use fewer than
 * {@link #value()}.
 *
 * <ul>
 *   <li>{@code largestReplicaCount}: a model's replicas need distinct server replicas, so at least its replica count
 *       (the target of Seldon's lightly-loaded policy, which ignores memory);</li>
 *   <li>{@code memory}: the total memory of all model replicas over the capacity of one server replica, rounded up;</li>
 *   <li>{@code largeItems}: model replicas needing more than half a server replica cannot share one, so at least
 *       their number.</li>
 * </ul>
 * Each is {@link Integer#MAX_VALUE} when some model replica fits no server replica at all.
 *
 * @param largestReplicaCount the largest replica count of any model
 * @param memory              total memory over per-replica capacity, rounded up
 * @param largeItems          the number of model replicas larger than half a server replica
 */
public record LowerBounds(int largestReplicaCount, int memory, int largeItems) {

    /** The bounds for this problem, with the largest slot capacity as the per-replica capacity. */
    public static LowerBounds of(PackingProblem problem) {
        long capacity = problem.slots().map(PackingSlot::capacityBytes).max().getOrElse(0L);
        int count = problem.items().size();
        int[] replicas = new int[count];
        long[] bytes = new long[count];
        int i = 0;
        for (PackingItem item : problem.items()) {
            replicas[i] = item.replicas();
            bytes[i++] = item.memoryBytes();
        }
        return of(capacity, replicas, bytes, count);
    }

    /**
     * The bounds for the first {@code count} models, model {@code i} wanting {@code replicas[i]} replicas of
     * {@code bytes[i]} bytes each, on server replicas of {@code capacity} bytes: the arithmetic of
     * {@link #of(PackingProblem)} without building a problem, for callers that bound many hypothetical placements.
     */
    public static LowerBounds of(long capacity, int[] replicas, long[] bytes, int count) {
        if (count < 0 || count > replicas.length || count > bytes.length) {
            throw new IllegalArgumentException("count must be from 0 to the arrays' lengths (" + replicas.length
                + " replicas, " + bytes.length + " sizes), got " + count);
        }
        int largest = 0;
        boolean misfit = false;
        for (int i = 0; i < count; i++) {
            largest = Math.max(largest, replicas[i]);
            misfit |= replicas[i] > 0 && bytes[i] > capacity;
        }
        if (misfit) {
            return new LowerBounds(largest, Integer.MAX_VALUE, Integer.MAX_VALUE);
        }
        BigInteger total = BigInteger.ZERO;
        long large = 0;
        for (int i = 0; i < count; i++) {
            total = total.add(BigInteger.valueOf(bytes[i]).multiply(BigInteger.valueOf(replicas[i])));
            if (bytes[i] > capacity - bytes[i]) {
                large += replicas[i];
            }
        }
        int memory = capacity == 0 ? 0 : total.add(BigInteger.valueOf(capacity - 1))
            .divide(BigInteger.valueOf(capacity)).min(BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
        return new LowerBounds(largest, memory, (int) Math.min(Integer.MAX_VALUE, large));
    }

    /** The strongest bound: the largest of the three. */
    public int value() {
        return Math.max(largestReplicaCount, Math.max(memory, largeItems));
    }

    /** One line: {@code at least 3 replicas (largest model 2, memory 3, large items 1)}. */
    public String describe() {
        return "at least " + value() + " replicas (largest model " + largestReplicaCount + ", memory " + memory
            + ", large items " + largeItems + ")";
    }
}
