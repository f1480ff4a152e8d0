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
}
