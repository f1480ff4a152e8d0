package io.modelscale.core.arbitrary;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplicaId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * Drives model replicas along the paths agents and the router take them, as compare-and-set updates of a
 * {@link Cluster}: loading (LoadRequested, Loading, Loaded, Available) and unloading (UnloadEnvoyRequested,
 * UnloadRequested, Unloading, Unloaded). Test fixtures and generators share these paths.
 */
public final class Transitions {

    /** The load path, in order. */
    public static final List<ModelReplicaState> LOAD = List.of(ModelReplicaState.LOAD_REQUESTED,
        ModelReplicaState.LOADING, ModelReplicaState.LOADED, ModelReplicaState.AVAILABLE);

    /** The unload path, in order. */
    public static final List<ModelReplicaState> UNLOAD = List.of(ModelReplicaState.UNLOAD_ENVOY_REQUESTED,
        ModelReplicaState.UNLOAD_REQUESTED, ModelReplicaState.UNLOADING, ModelReplicaState.UNLOADED);

    private Transitions() {
    }

    /**
     * Moves the replica from its current state along the path that contains it up to {@code target}; a replica
     * already at or past {@code target} stays.
     *
     * @throws IllegalStateException if the replica is on neither path or an update fails
     */
    public static Cluster advance(Cluster cluster, ModelVersionId version, ServerReplicaId at,
                                  ModelReplicaState target, Instant now) {
        List<ModelReplicaState> path = LOAD.contains(target) ? LOAD : UNLOAD;
        ModelReplicaState current = cluster.state(version, at);
        int from = path.indexOf(current);
        if (from < 0) {
            throw new IllegalStateException(version + " on " + at + " is " + current + ", not on the path to " + target);
        }
        Cluster result = cluster;
        for (int step = from + 1; step <= path.indexOf(target); step++) {
            ModelReplicaState expected = path.get(step - 1);
            ModelReplicaState next = path.get(step);
            result = result.updateModelState(version, at, Option.some(expected), next, "", now)
                .getOrElseThrow(failure -> new IllegalStateException(failure.describe()));
        }
        return result;
    }

    /** Places {@code version} on these replicas of {@code server} and takes each to {@code target}. */
    public static Cluster place(Cluster cluster, ModelVersionId version, ServerName server, ModelReplicaState target,
                                Instant now, int... indexes) {
        List<ReplicaIndex> chosen = List.ofAll(indexes).map(ReplicaIndex::of);
        Cluster result = cluster.updateLoadedModels(version, Option.some(server), chosen, now)
            .getOrElseThrow(failure -> new IllegalStateException(failure.describe()));
        for (ReplicaIndex index : chosen) {
            result = advance(result, version, new ServerReplicaId(server, index), target, now);
        }
        return result;
    }

    /** Every requested load becomes Available and every requested unload Unloaded. */
    public static Cluster settle(Cluster cluster, Instant now) {
        Cluster result = cluster;
        for (var placement : cluster.placements()) {
            ModelReplicaState state = placement.status().state();
            if (state == ModelReplicaState.LOAD_REQUESTED) {
                result = advance(result, placement.version(), placement.replica(), ModelReplicaState.AVAILABLE, now);
            } else if (state == ModelReplicaState.UNLOAD_ENVOY_REQUESTED) {
                result = advance(result, placement.version(), placement.replica(), ModelReplicaState.UNLOADED, now);
            }
        }
        return result;
    }
}
