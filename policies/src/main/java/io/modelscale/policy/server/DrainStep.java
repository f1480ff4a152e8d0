package io.modelscale.policy.server;

import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.placement.packing.MigrationStep;
import java.util.Objects;

/**
 * One step of moving models off the replicas a scale-down removes, make-before-break.
 *
 * @param action  load, wait until available, or unload
 * @param version the model version
 * @param replica the server replica
 */
public record DrainStep(MigrationStep.Action action, ModelVersionId version, ServerReplicaId replica) {

    public DrainStep {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(replica, "replica");
    }

    /** One line: {@code load c:2 on s/0}. */
    public String describe() {
        switch (action) {
            case LOAD:
                return "load " + version + " on " + replica;
            case AWAIT_AVAILABLE:
                return "wait until " + version + " is available on " + replica;
            default:
                return "unload " + version + " from " + replica;
        }
    }
}
