package io.modelscale.placement.rule;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What the placement rules see: the cluster, the model being placed and its latest version, and the randomness a
 * rule may draw from (only rules that reproduce Seldon's unordered iteration do).
 *
 * @param cluster the snapshot placement works on
 * @param model   the model being placed
 * @param version the version being placed: the model's latest
 * @param random  the source for rules that choose at random
 */
public record PlacementRequest(Cluster cluster, Model model, ModelVersion version, RandomGenerator random) {

    public PlacementRequest {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(random, "random");
    }

    /** The spec of the version being placed. */
    public ModelSpec spec() {
        return version.spec();
    }

    /**
     * Whether the version is LoadRequested, Loading, Loaded, Available or LoadedUnavailable on this replica (which
     * requires the version to be on this server).
     */
    public boolean loadingOrLoadedOn(ServerName server, ReplicaIndex index) {
        return version.server().contains(server) && version.state(index).isLoadingOrLoaded();
    }

    /** Whether the version is Available on this replica of its server. */
    public boolean availableOn(ServerName server, ReplicaIndex index) {
        return version.server().contains(server)
            && version.state(index) == io.modelscale.core.model.ModelReplicaState.AVAILABLE;
    }

    /** Whether the version is Loading, Loaded, Available or LoadedUnavailable on this replica of its server. */
    public boolean alreadyLoadingOrLoadedOn(ServerName server, ReplicaIndex index) {
        return version.server().contains(server) && version.state(index).alreadyLoadingOrLoaded();
    }
}
