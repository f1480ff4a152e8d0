package io.modelscale.placement;

import io.modelscale.core.server.ReplicaIndex;
import java.util.Objects;

/**
 * A server replica that could not take the model: which filter rejected it and why.
 *
 * @param index  the replica
 * @param filter the rejecting filter's name
 * @param reason why
 */
public record ReplicaRejection(ReplicaIndex index, String filter, String reason) {

    public ReplicaRejection {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(reason, "reason");
    }

    /** One line: {@code replica 1: AvailableMemoryReplicaFilter: free memory ...}. */
    public String describe() {
        return "replica " + index + ": " + filter + ": " + reason;
    }
}
