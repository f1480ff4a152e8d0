package io.modelscale.simulation.engine;

import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.server.ServerSpec;
import io.vavr.collection.Seq;
import java.util.Objects;

/**
 * A server as the scenario starts it: its spec (with the initial replica count as {@code scaling.replicas}) and what
 * each of its identical replicas offers.
 *
 * @param spec         the Server resource
 * @param capabilities what each replica can run
 * @param memory       each replica's memory and overcommit
 */
public record ServerSetup(ServerSpec spec, Seq<String> capabilities, ReplicaMemory memory) {

    public ServerSetup {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(memory, "memory");
    }
}
