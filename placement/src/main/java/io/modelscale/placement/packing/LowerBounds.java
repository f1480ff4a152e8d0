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
        int largest = problem.items().map(PackingItem::replicas).max().getOrElse(0);
        boolean misfit = problem.items().exists(i -> i.replicas() > 0 && i.memoryBytes() > capacity);
        if (misfit) {
            return new LowerBounds(largest, Integer.MAX_VALUE, Integer.MAX_VALUE);
        }
        BigInteger total = BigInteger.ZERO;
        for (PackingItem item : problem.items()) {
            total = total.add(BigInteger.valueOf(item.memoryBytes()).multiply(BigInteger.valueOf(item.replicas())));
        }
        int memory = capacity == 0 ? 0 : total.add(BigInteger.valueOf(capacity - 1))
            .divide(BigInteger.valueOf(capacity)).min(BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
        int large = problem.items().filter(i -> i.memoryBytes() > capacity - i.memoryBytes())
            .map(PackingItem::replicas).sum().intValue();
        return new LowerBounds(largest, memory, large);
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
