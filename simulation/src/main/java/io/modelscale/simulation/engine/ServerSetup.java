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
 * @param memoryOrigin where the memory figure came from, for the report (a podSpec's memory request, a ServerConfig
 *                     default, the Simulation section)
 */
public record ServerSetup(ServerSpec spec, Seq<String> capabilities, ReplicaMemory memory, String memoryOrigin) {

    /** A server whose memory the scenario states itself. */
    public ServerSetup(ServerSpec spec, Seq<String> capabilities, ReplicaMemory memory) {
        this(spec, capabilities, memory, "set by the scenario");
    }

    public ServerSetup {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(memoryOrigin, "memoryOrigin");
    }

    /**
     * The same server starting at {@code replicas}: its spec's replicas and the count the operator reports as
     * expected, both, so that the control loop sees the server it starts with.
     */
    public ServerSetup withReplicas(int replicas) {
        return new ServerSetup(spec.startingAt(replicas), capabilities, memory, memoryOrigin);
    }

    /** One line for a report: the name, each replica's memory and overcommit, and where the memory came from. */
    public String describe() {
        return spec.name().value() + ": replicas of " + io.modelscale.core.memory.MemoryQuantity.ofBytes(
            memory.totalBytes()).format() + " (" + memoryOrigin + ")" + (memory.overcommitPercentage() == 0 ? ""
            : " + " + memory.overcommitPercentage() + " % overcommit") + ", capabilities "
            + capabilities.mkString(", ");
    }
}
