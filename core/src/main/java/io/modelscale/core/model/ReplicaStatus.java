package io.modelscale.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of one model replica, why it is in it, and since when.
 *
 * @param state     the state
 * @param reason    why, for failures; empty otherwise
 * @param timestamp when the replica entered the state
 */
public record ReplicaStatus(ModelReplicaState state, String reason, Instant timestamp) {

    public ReplicaStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** A replica in {@code state} since {@code timestamp}, with no reason. */
    public static ReplicaStatus of(ModelReplicaState state, Instant timestamp) {
        return new ReplicaStatus(state, "", timestamp);
    }
}
