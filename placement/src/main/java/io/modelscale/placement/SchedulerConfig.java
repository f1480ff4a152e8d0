package io.modelscale.placement;

import io.modelscale.placement.rule.ReplicaFilter;
import io.modelscale.placement.rule.ReplicaFilters;
import io.modelscale.placement.rule.ReplicaOrder;
import io.modelscale.placement.rule.ServerFilter;
import io.modelscale.placement.rule.ServerFilters;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import java.util.Objects;

/**
 * The rules a {@link Scheduler} applies: server filters, replica filters, the replica order and the server order.
 *
 * @param serverFilters  applied in order to every server; the first rejection counts
 * @param replicaFilters applied in order to the replicas of each server that passed; the first rejection counts
 * @param replicaOrder   the order in which a server's replicas are taken
 * @param serverOrder    the order of the eligible servers after the model's current one
 */
public record SchedulerConfig(
    Seq<ServerFilter> serverFilters,
    Seq<ReplicaFilter> replicaFilters,
    ReplicaOrder replicaOrder,
    ServerOrder serverOrder) {

    public SchedulerConfig {
        Objects.requireNonNull(serverFilters, "serverFilters");
        Objects.requireNonNull(replicaFilters, "replicaFilters");
        Objects.requireNonNull(replicaOrder, "replicaOrder");
        Objects.requireNonNull(serverOrder, "serverOrder");
    }

    /**
     * Seldon Core 2's rules, made deterministic: its filters, its spreading replica order (already loaded, then most
     * free memory, then lowest index), servers other than the current one by name, and requirements checked on the
     * lowest-index replica.
     */
    public static SchedulerConfig spreading() {
        return new SchedulerConfig(ServerFilters.defaults(), ReplicaFilters.defaults(), ReplicaOrder.spreading(),
            ServerOrder.BY_NAME);
    }

    /**
     * Seldon's rules with the packing replica order (already loaded, then lowest index): models fill low ordinals
     * first, so the replicas a StatefulSet scale-down removes are usually empty already.
     */
    public static SchedulerConfig packing() {
        return spreading().withReplicaOrder(ReplicaOrder.packing());
    }

    /**
     * Seldon Core 2 as its code behaves: the spreading rules, with eligible servers in random order and the
     * requirements checked on a random replica, both drawn from the caller's randomness.
     */
    public static SchedulerConfig seldonCore() {
        return new SchedulerConfig(
            List.of(ServerFilters.hasReplicas(), ServerFilters.sharing(), ServerFilters.notDeleted(),
                ServerFilters.requirements(ServerFilters.CapabilityCheck.RANDOM_REPLICA)),
            ReplicaFilters.defaults(), ReplicaOrder.spreading(), ServerOrder.RANDOM);
    }

    /**
     * The same rules with Seldon's memory filter replaced by {@link ReplicaFilters#memoryWithinRequest()}: models go
     * only where they fit within a replica's memory request, never into its overcommit.
     */
    public SchedulerConfig withinMemoryRequests() {
        return new SchedulerConfig(serverFilters, replicaFilters.map(f -> f == ReplicaFilters.memory()
            ? ReplicaFilters.memoryWithinRequest() : f), replicaOrder, serverOrder);
    }

    /** The same rules with another replica order. */
    public SchedulerConfig withReplicaOrder(ReplicaOrder order) {
        return new SchedulerConfig(serverFilters, replicaFilters, order, serverOrder);
    }

    /** The same rules with another server order. */
    public SchedulerConfig withServerOrder(ServerOrder order) {
        return new SchedulerConfig(serverFilters, replicaFilters, replicaOrder, order);
    }
}
