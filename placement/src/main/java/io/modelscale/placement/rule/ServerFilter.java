package io.modelscale.placement.rule;

import io.modelscale.core.server.Server;
import io.vavr.control.Option;

/**
 * A rule a server must pass before any of its replicas is considered. Filters run in list order and the first
 * rejection counts.
 */
public interface ServerFilter {

    /** A stable name for explanations, such as {@code DeletedServerFilter}. */
    String ruleName();

    /** Why {@code server} cannot take the requested model, or none if it can. */
    Option<String> reject(PlacementRequest request, Server server);
}
