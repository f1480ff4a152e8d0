package io.modelscale.core.model;

import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.vavr.collection.SortedMap;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeMap;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Objects;

/**
 * One version of a model: its spec, the server it is placed on, the state of each replica and its derived status.
 * All replicas of a version live on its one server, keyed by server replica index, so a version never has two
 * replicas on one server replica.
 *
 * @param version  the version number, from 1
 * @param spec     what the version asks for
 * @param server   the server its replicas are on, or none
 * @param replicas the state of the replica on each server replica index
 * @param status   the status derived from the replicas (or ScheduleFailed, set by placement)
 */
public record ModelVersion(
    int version,
    ModelSpec spec,
    Option<ServerName> server,
    SortedMap<ReplicaIndex, ReplicaStatus> replicas,
    ModelStatus status) {

    public ModelVersion {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, got " + version);
        }
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(replicas, "replicas");
        Objects.requireNonNull(status, "status");
    }

    /** A new version with no server and no replicas, its status derived at {@code now}. */
    public static ModelVersion initial(int version, ModelSpec spec, Instant now) {
        SortedMap<ReplicaIndex, ReplicaStatus> none = TreeMap.empty();
        return new ModelVersion(version, spec, Option.none(), none,
            ModelStatus.derive(spec.scaling(), none, false, false, now));
    }

    /** This version's identifier. */
    public ModelVersionId id() {
        return new ModelVersionId(spec.name(), version);
    }

    /** The state of the replica on server replica {@code index}; Unknown when there is none. */
    public ModelReplicaState state(ReplicaIndex index) {
        return replicas.get(index).map(ReplicaStatus::state).getOrElse(ModelReplicaState.UNKNOWN);
    }

    /**
     * The server replicas where this version is Loaded, Available or LoadedUnavailable; only when there are none,
     * those where it is Draining (Seldon's {@code GetAssignment}). Replicas still loading are not among them.
     */
    public SortedSet<ReplicaIndex> loadedElseDrainingReplicas() {
        SortedSet<ReplicaIndex> serving = replicas.filterValues(r -> r.state() == ModelReplicaState.LOADED
            || r.state() == ModelReplicaState.AVAILABLE
            || r.state() == ModelReplicaState.LOADED_UNAVAILABLE).keySet();
        return serving.isEmpty()
            ? replicas.filterValues(r -> r.state() == ModelReplicaState.DRAINING).keySet()
            : serving;
    }

    /** Whether any replica can receive requests (Loaded, Available, LoadedUnavailable or Draining). */
    public boolean hasLiveReplicas() {
        return replicas.values().exists(r -> r.state().canReceiveTraffic());
    }

    /** Whether any replica is LoadRequested, Loading, Loaded, Available or LoadedUnavailable. */
    public boolean isLoadingOrLoaded() {
        return replicas.values().exists(r -> r.state().isLoadingOrLoaded());
    }

    /** The same version with another spec. */
    public ModelVersion withSpec(ModelSpec newSpec) {
        return new ModelVersion(version, newSpec, server, replicas, status);
    }

    /** The same version placed on another server, or on none. */
    public ModelVersion withServer(Option<ServerName> newServer) {
        return new ModelVersion(version, spec, newServer, replicas, status);
    }

    /** The same version with other replica states; its status is not recomputed here. */
    public ModelVersion withReplicas(SortedMap<ReplicaIndex, ReplicaStatus> newReplicas) {
        return new ModelVersion(version, spec, server, newReplicas, status);
    }

    /** The same version with another status. */
    public ModelVersion withStatus(ModelStatus newStatus) {
        return new ModelVersion(version, spec, server, replicas, newStatus);
    }
}
