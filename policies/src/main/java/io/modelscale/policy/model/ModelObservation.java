package io.modelscale.policy.model;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.model.ReplicaStatus;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerReplicaId;
import io.vavr.Tuple2;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything a model policy may read when it decides for one model: the time, the model (its versions, the latest
 * one's scaling range and status), the serving signals of this model and of every other, the cluster it runs in,
 * and when the control loop last changed the model's desired replica count.
 *
 * @param now        the time of the decision
 * @param model      the model decided on, as the cluster holds it
 * @param cluster    the whole cluster, as it is when the policy is asked
 * @param signals    every model's serving signals for the last period
 * @param lastScaled when the control loop last changed this model's desired replica count, if it has
 */
public record ModelObservation(Instant now, Model model, Cluster cluster, Signals signals,
                               Option<Instant> lastScaled) {

    public ModelObservation {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(lastScaled, "lastScaled");
    }

    /** The model's name. */
    public ModelName name() {
        return model.name();
    }

    /** The latest version, the one autoscaling changes. */
    public ModelVersion latest() {
        return model.latest();
    }

    /** The latest version's scaling spec: {@code replicas} is the desired count, with its range. */
    public ScalingSpec scaling() {
        return model.latest().spec().scaling();
    }

    /** This model's serving signals. */
    public ModelSignals own() {
        return signals.of(model.name());
    }

    /**
     * Whether {@link #readyReplicas()} reads the model alone: none of its placed replicas is Draining, the one state
     * whose count asks the cluster. A policy whose decision reads the ready replicas may promise that it stands
     * ({@link io.modelscale.policy.Step#steadyUntil()}) only while this holds.
     */
    public boolean readyFromModelAlone() {
        for (ModelVersion version : model.versions()) {
            if (version.server().isDefined()) {
                for (Tuple2<ReplicaIndex, ReplicaStatus> entry : version.replicas()) {
                    if (entry._2.state() == ModelReplicaState.DRAINING) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * The replicas requests can reach now, over every placed version of the model: those Loaded or Available, and
     * those Draining after they had loaded (not LoadedUnavailable, which the router does not send to).
     */
    public int readyReplicas() {
        int ready = 0;
        for (ModelVersion version : model.versions()) {
            if (version.server().isEmpty()) {
                continue;
            }
            for (Tuple2<ReplicaIndex, ReplicaStatus> entry : version.replicas()) {
                // The model is the cluster's: its own replica states are the cluster's, read without a lookup;
                // only a draining replica needs its server replica's word that the version had loaded there.
                ModelReplicaState state = entry._2.state();
                if (state == ModelReplicaState.LOADED || state == ModelReplicaState.AVAILABLE
                    || state == ModelReplicaState.DRAINING
                    && cluster.serves(version.id(), new ServerReplicaId(version.server().get(), entry._1))) {
                    ready++;
                }
            }
        }
        return ready;
    }
}
