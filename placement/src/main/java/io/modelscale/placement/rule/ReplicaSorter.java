package io.modelscale.placement.rule;

import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerReplica;
import java.util.Comparator;

/**
 * One key of the replica order. A {@link ReplicaOrder} applies its sorters as stable sorts in sequence, as Seldon
 * does, so the last sorter is the primary key.
 */
public interface ReplicaSorter {

    /** A stable name for explanations, such as {@code AvailableMemorySorter}. */
    String ruleName();

    /** The order this sorter puts the replicas of {@code server} in, for this request; earlier is preferred. */
    Comparator<ServerReplica> comparator(PlacementRequest request, Server server);
}
