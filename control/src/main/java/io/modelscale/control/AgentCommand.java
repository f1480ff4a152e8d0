package io.modelscale.control;

import io.modelscale.core.cluster.Placement;
import java.util.Objects;

/** What the control step asks an agent to do: load or unload one model replica. */
public sealed interface AgentCommand {

    /** The model replica, with the state and time of the request. */
    Placement placement();

    /** One line a person understands. */
    String describe();

    /**
     * Load the version on the replica (it is LoadRequested, its memory reserved).
     *
     * @param placement the replica
     */
    record Load(Placement placement) implements AgentCommand {
        public Load {
            Objects.requireNonNull(placement, "placement");
        }

        @Override
        public String describe() {
            return "load " + placement.version() + " on " + placement.replica();
        }
    }

    /**
     * Unload the version from the replica (it is UnloadEnvoyRequested or UnloadRequested).
     *
     * @param placement the replica
     */
    record Unload(Placement placement) implements AgentCommand {
        public Unload {
            Objects.requireNonNull(placement, "placement");
        }

        @Override
        public String describe() {
            return "unload " + placement.version() + " from " + placement.replica();
        }
    }
}
