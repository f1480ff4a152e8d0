package io.modelscale.policy.model;

import io.modelscale.core.server.ServerReplicaId;
import java.util.Objects;

/**
 * What one replica of a model has outstanding, as the agent on its server replica counts it: the requests sent to it
 * and not yet finished (in service or waiting there), now and at the fewest since the last stats period. A router
 * that routes requests to replicas (Envoy's least-request balancer in front of Seldon's agents) reports one per
 * replica with anything outstanding now; a replica it leaves out has nothing outstanding now (so its fewest since
 * the last period was zero too).
 *
 * @param replica           the server replica the model replica runs on
 * @param outstanding       requests outstanding on it now
 * @param fewestOutstanding the fewest outstanding on it at any moment since the last period, at most
 *                          {@code outstanding}
 */
public record ReplicaOutstanding(ServerReplicaId replica, long outstanding, long fewestOutstanding) {

    public ReplicaOutstanding {
        Objects.requireNonNull(replica, "replica");
        if (outstanding < 0 || fewestOutstanding < 0 || fewestOutstanding > outstanding) {
            throw new IllegalArgumentException("expected 0 <= fewestOutstanding <= outstanding, got "
                + fewestOutstanding + " and " + outstanding + " on " + replica);
        }
    }
}
