package io.modelscale.core.cluster;

import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.model.ReplicaStatus;
import io.modelscale.core.server.ServerReplicaId;
import java.util.Objects;

/**
 * One model replica where it is: a version, the server replica it is on, and its state there.
 *
 * @param version the model version
 * @param replica the server replica
 * @param status  the model replica's state there
 */
public record Placement(ModelVersionId version, ServerReplicaId replica, ReplicaStatus status) {

    public Placement {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(status, "status");
    }
}
