package io.modelscale.core.model;

import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ReplicaIndex;
import io.vavr.collection.SortedMap;
import io.vavr.Tuple2;
import java.time.Instant;
import java.util.Objects;

/**
 * The status of a model version, derived from the states of its replicas.
 *
 * @param state               the version's state
 * @param reason              why, for failures; empty otherwise
 * @param availableReplicas   replicas in state Available
 * @param unavailableReplicas replicas loading or failed to load
 * @param drainingReplicas    replicas on draining server replicas
 * @param timestamp           when the status last changed: the newest replica timestamp, or the failure's time
 */
public record ModelStatus(
    ModelState state,
    String reason,
    int availableReplicas,
    int unavailableReplicas,
    int drainingReplicas,
    Instant timestamp) {

    public ModelStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(timestamp, "timestamp");
        if (availableReplicas < 0 || unavailableReplicas < 0 || drainingReplicas < 0) {
            throw new IllegalArgumentException("replica counts must not be negative, got available "
                + availableReplicas + ", unavailable " + unavailableReplicas + ", draining " + drainingReplicas);
        }
    }

    /**
     * Derives a version's status from its replicas, as Seldon Core 2 does ({@code shared/spec/seldon-core-2.md}
     * §4.8). Replicas are counted as available (Available), loading (LoadRequested, Loading, Loaded), failed
     * (LoadFailed, LoadedUnavailable), unloading (UnloadEnvoyRequested, UnloadRequested, Unloading), unload-failed
     * and draining.
     *
     * <p>A terminating version (its model deleted, or a newer version exists) is TerminateFailed if an unload
     * failed, Terminating while anything is unloading, available or loading, and Terminated otherwise. Any other
     * version takes the first of: Failed if a load failed; ScaledDown if nothing is available and both
     * {@code replicas} and {@code minReplicas} are zero; Available if every desired replica is available, or a
     * positive minimum of them is (partial scheduling), or some are and another version of the model is
     * available; Progressing.
     *
     * <p>The reason and timestamp of a failed state are those of the newest failure (on equal timestamps, the one
     * on the highest replica index); otherwise the timestamp is the newest replica timestamp, or {@code since} when
     * there are no replicas.
     *
     * @param scaling               the version's scaling spec
     * @param replicas              the state of each replica
     * @param terminating           whether the model is deleted or this is not its latest version
     * @param otherVersionAvailable whether the model's last available version is another one, in state Available
     * @param since                 the timestamp to keep when there are no replicas
     */
    public static ModelStatus derive(
        ScalingSpec scaling,
        SortedMap<ReplicaIndex, ReplicaStatus> replicas,
        boolean terminating,
        boolean otherVersionAvailable,
        Instant since) {
        int available = 0;
        int loading = 0;
        int loadFailed = 0;
        int unloading = 0;
        int unloadFailed = 0;
        int draining = 0;
        Instant newest = null;
        ReplicaStatus lastFailure = null;
        for (Tuple2<ReplicaIndex, ReplicaStatus> entry : replicas) {
            ReplicaStatus replica = entry._2;
            switch (replica.state()) {
                case AVAILABLE: available++; break;
                case LOAD_REQUESTED:
                case LOADING:
                case LOADED: loading++; break;
                case LOAD_FAILED:
                case LOADED_UNAVAILABLE: loadFailed++; break;
                case UNLOAD_ENVOY_REQUESTED:
                case UNLOAD_REQUESTED:
                case UNLOADING: unloading++; break;
                case UNLOAD_FAILED: unloadFailed++; break;
                case DRAINING: draining++; break;
                default: break;
            }
            boolean failure = replica.state() == ModelReplicaState.LOAD_FAILED
                || replica.state() == ModelReplicaState.LOADED_UNAVAILABLE
                || replica.state() == ModelReplicaState.UNLOAD_FAILED;
            if (failure && (lastFailure == null || !replica.timestamp().isBefore(lastFailure.timestamp()))) {
                lastFailure = replica;
            }
            if (newest == null || replica.timestamp().isAfter(newest)) {
                newest = replica.timestamp();
            }
        }
        Instant latest = newest == null ? since : newest;
        int unavailable = loading + loadFailed;
        if (terminating) {
            if (unloadFailed > 0) {
                return failed(ModelState.TERMINATE_FAILED, lastFailure, available, unavailable, draining);
            }
            ModelState state = unloading > 0 || available > 0 || loading > 0
                ? ModelState.TERMINATING : ModelState.TERMINATED;
            return new ModelStatus(state, "", available, unavailable, draining, latest);
        }
        if (loadFailed > 0) {
            return failed(ModelState.FAILED, lastFailure, available, unavailable, draining);
        }
        ModelState state;
        if (available == 0 && scaling.replicas() == 0 && scaling.minReplicas() == 0) {
            state = ModelState.SCALED_DOWN;
        } else if (available == scaling.replicas()
            || (scaling.minReplicas() > 0 && available >= scaling.minReplicas())
            || (available > 0 && otherVersionAvailable)) {
            state = ModelState.AVAILABLE;
        } else {
            state = ModelState.PROGRESSING;
        }
        return new ModelStatus(state, "", available, unavailable, draining, latest);
    }

    private static ModelStatus failed(
        ModelState state, ReplicaStatus failure, int available, int unavailable, int draining) {
        return new ModelStatus(state, failure.reason(), available, unavailable, draining, failure.timestamp());
    }
}
