package io.modelscale.core.assertion;

import io.modelscale.core.cluster.Cluster;

/**
 * Entry point for modelscale's domain assertions: {@code assertThat(cluster).satisfiesInvariants()}.
 */
public final class ModelscaleAssertions {

    private ModelscaleAssertions() {
    }

    /** Assertions about a cluster snapshot. */
    public static ClusterAssert assertThat(Cluster actual) {
        return new ClusterAssert(actual);
    }
}
