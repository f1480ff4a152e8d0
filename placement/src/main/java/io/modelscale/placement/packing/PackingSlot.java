package io.modelscale.placement.packing;

import io.modelscale.core.server.ReplicaIndex;
import io.vavr.collection.Seq;
import java.util.Objects;

/**
 * One server replica as a bin: its ordinal, the memory it may hold, what it can run, and whether it takes new
 * models.
 *
 * @param index         the replica's ordinal
 * @param capacityBytes the model memory it may hold: its memory request with overcommit, or without it for a
 *                      problem that never counts on overcommit ({@link PackingProblem#of(io.modelscale.core.cluster
 *                      .Cluster, io.modelscale.core.server.ServerName, boolean)})
 * @param capabilities  what it can run
 * @param draining      whether it is draining, in which case nothing may be placed on it
 */
public record PackingSlot(ReplicaIndex index, long capacityBytes, Seq<String> capabilities, boolean draining) {

    public PackingSlot {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(capabilities, "capabilities");
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("capacityBytes must not be negative, got " + capacityBytes);
        }
    }
}
