package io.modelscale.placement.rule;

import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerReplica;
import io.vavr.control.Option;

/**
 * A rule a server replica must pass to take a replica of the requested model. Filters run in list order and the
 * first rejection counts.
 */
public interface ReplicaFilter {

    /** A stable name for explanations, such as {@code ReplicaDrainingFilter}. */
    String ruleName();

    /** Why {@code replica} of {@code server} cannot take a replica of the requested model, or none if it can. */
    Option<String> reject(PlacementRequest request, Server server, ServerReplica replica);

    /**
     * Whether {@code replica} of {@code server} can take a replica of the requested model: exactly when
     * {@link #reject} gives none. The scheduler asks this of every candidate replica and asks {@link #reject} only
     * to explain a shortfall, so a filter on a hot path may answer it without writing the reason.
     */
    default boolean admits(PlacementRequest request, Server server, ServerReplica replica) {
        return reject(request, server, replica).isEmpty();
    }
}
