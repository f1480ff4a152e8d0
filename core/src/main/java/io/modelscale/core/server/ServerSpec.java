package io.modelscale.core.server;

import io.modelscale.core.scaling.ScalingSpec;
import java.util.Objects;

/**
 * What a Server resource declares and what the scheduler knows of its size.
 *
 * @param name             the server's name
 * @param scaling          its replica counts; autoscaling keeps it within {@code [max(min, 1), max]}
 * @param shared           whether models without a requested server may be placed on it (Seldon sets this for
 *                         every connected server)
 * @param expectedReplicas the replica count the operator last reported, or unknown
 */
public record ServerSpec(ServerName name, ScalingSpec scaling, boolean shared, ExpectedReplicas expectedReplicas) {

    public ServerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(expectedReplicas, "expectedReplicas");
    }

    /**
     * A shared server with the given scaling spec, expected to run {@code scaling.replicas()} replicas: what the
     * operator reports once the server's StatefulSet exists. For a server the operator has not reported yet, follow
     * with {@code withExpectedReplicas(ExpectedReplicas.unknown())}.
     */
    public static ServerSpec of(ServerName name, ScalingSpec scaling) {
        return new ServerSpec(name, scaling, true, ExpectedReplicas.of(scaling.replicas()));
    }

    /** The same server, now expected to run {@code expected} replicas. */
    public ServerSpec withExpectedReplicas(ExpectedReplicas expected) {
        return new ServerSpec(name, scaling, shared, expected);
    }

    /**
     * The same server declaring {@code replicas} and expected to run them, as the operator reports a StatefulSet
     * that has reached its count: where a cluster starts when it is taken as already running. The result may be
     * invalid for the range, see {@link ScalingSpec#problems()}.
     */
    public ServerSpec startingAt(int replicas) {
        return new ServerSpec(name, scaling.withReplicas(replicas), shared, ExpectedReplicas.of(replicas));
    }

    /** The same server with another scaling spec. */
    public ServerSpec withScaling(ScalingSpec newScaling) {
        return new ServerSpec(name, newScaling, shared, expectedReplicas);
    }

    /** The same server, shared or dedicated. */
    public ServerSpec withShared(boolean newShared) {
        return new ServerSpec(name, scaling, newShared, expectedReplicas);
    }
}
