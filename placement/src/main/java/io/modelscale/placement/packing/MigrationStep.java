package io.modelscale.placement.packing;

import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.server.ReplicaIndex;
import java.util.Objects;

/**
 * One step of a make-before-break migration.
 *
 * @param action  what to do
 * @param version the model version
 * @param replica the server replica
 */
public record MigrationStep(Action action, ModelVersionId version, ReplicaIndex replica) {

    public MigrationStep {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(replica, "replica");
    }

    /** What a step does. */
    public enum Action {
        /** Load the model on the replica. */
        LOAD,
        /** Wait until the replica loaded there is Available. */
        AWAIT_AVAILABLE,
        /** Unload the model from the replica. */
        UNLOAD
    }

    /** One line: {@code load iris:1 on replica 2}. */
    public String describe() {
        switch (action) {
            case LOAD:
                return "load " + version + " on replica " + replica;
            case AWAIT_AVAILABLE:
                return "wait until " + version + " is available on replica " + replica;
            default:
                return "unload " + version + " from replica " + replica;
        }
    }
}
