package io.modelscale.control;

import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.core.server.ServerSpec;
import io.modelscale.policy.model.Signals;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * What happened, as a control plane learns it: the stats period came round, an operator changed a resource, an
 * agent reported a model replica's state or joined or left. {@link Autoscaler#step} records the change in the
 * snapshot (as Seldon's scheduler store does) and decides what follows ({@code shared/spec/seldon-core-2.md} §3).
 */
public sealed interface Trigger {

    /** One line a person understands. */
    String describe();

    /** The stats period: every model policy, then every server policy, on these serving signals. */
    static Trigger tick(Signals signals) {
        return new Tick(signals);
    }

    /**
     * The stats period came round: each live model's policy decides on the signals (a change is deployed and the
     * model placed again), then each server's policy.
     *
     * @param signals every model's serving signals for the period
     */
    record Tick(Signals signals) implements Trigger {
        public Tick {
            Objects.requireNonNull(signals, "signals");
        }

        @Override
        public String describe() {
            return "stats period";
        }
    }

    /**
     * A Model resource was created or changed: it is deployed and placed.
     *
     * @param spec what it asks for
     */
    record ModelDeployed(ModelSpec spec) implements Trigger {
        public ModelDeployed {
            Objects.requireNonNull(spec, "spec");
        }

        @Override
        public String describe() {
            return "model " + spec.name() + " deployed";
        }
    }

    /**
     * A Model resource was deleted: every replica is asked to unload.
     *
     * @param model the model
     */
    record ModelDeleted(ModelName model) implements Trigger {
        public ModelDeleted {
            Objects.requireNonNull(model, "model");
        }

        @Override
        public String describe() {
            return "model " + model + " deleted";
        }
    }

    /**
     * An agent (or the router) reported a model replica's state. Unloaded or LoadFailed asks the server's scale-down
     * policy (Seldon's SERVER_SCALE_DOWN); Available lets the version cleaner unload the versions it replaced.
     *
     * @param version  the model version
     * @param replica  the server replica
     * @param expected the state the replica must be in for the report to apply, or none for any
     * @param state    the reported state
     * @param reason   why, for a failure; empty otherwise
     */
    record ModelReplicaReported(ModelVersionId version, ServerReplicaId replica, Option<ModelReplicaState> expected,
                                ModelReplicaState state, String reason) implements Trigger {
        public ModelReplicaReported {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(replica, "replica");
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String describe() {
            return version + " on " + replica + " reported " + state + (reason.isEmpty() ? "" : " (" + reason + ")");
        }
    }

    /**
     * A server replica's agent connected, with no models: the models that lack replicas are placed again, as Seldon
     * does ({@code ScheduleFailedModels}, whose server scale-up requests it drops).
     *
     * @param server  the server
     * @param replica the replica
     */
    record ServerReplicaConnected(ServerName server, ServerReplica replica) implements Trigger {
        public ServerReplicaConnected {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(replica, "replica");
        }

        @Override
        public String describe() {
            return "server replica " + server + "/" + replica.index() + " connected";
        }
    }

    /**
     * A server replica's agent disconnected (its pod stopped or failed): the replica leaves the snapshot, each model
     * that had a replica there is placed again (its placement may ask for a server scale-up), then every model that
     * failed or is short of replicas is (their scale-up requests not acted on), as Seldon's scheduler does.
     *
     * @param replica the replica
     */
    record ServerReplicaDisconnected(ServerReplicaId replica) implements Trigger {
        public ServerReplicaDisconnected {
            Objects.requireNonNull(replica, "replica");
        }

        @Override
        public String describe() {
            return "server replica " + replica + " disconnected";
        }
    }

    /**
     * A server replica's pod is stopping (an eviction, a rolling update, a StatefulSet scaled down outside the
     * control step): it takes no new models, its models drain and are placed elsewhere, and a later
     * {@link DrainCheck} releases it once they are served there.
     *
     * @param replica the replica
     */
    record ServerReplicaDraining(ServerReplicaId replica) implements Trigger {
        public ServerReplicaDraining {
            Objects.requireNonNull(replica, "replica");
        }

        @Override
        public String describe() {
            return "server replica " + replica + " draining";
        }
    }

    /**
     * A Server resource was created or changed, or the operator reported its expected replicas.
     *
     * @param spec the server as now declared
     */
    record ServerUpdated(ServerSpec spec) implements Trigger {
        public ServerUpdated {
            Objects.requireNonNull(spec, "spec");
        }

        @Override
        public String describe() {
            return "server " + spec.name() + " updated (expected replicas " + spec.expectedReplicas() + ")";
        }
    }

    /**
     * A poll of a server's draining replicas: those whose models are available elsewhere (or given up on) are
     * released, and may now stop; a released replica below the server's expected count is one whose pod restarts.
     *
     * @param server the server
     */
    record DrainCheck(ServerName server) implements Trigger {
        public DrainCheck {
            Objects.requireNonNull(server, "server");
        }

        @Override
        public String describe() {
            return "drain check of server " + server;
        }
    }

    /**
     * A placement on a server fell short of a model's desired replicas outside the control step: the server's
     * scale-up policy is asked.
     *
     * @param server the server
     */
    record PlacementShort(ServerName server) implements Trigger {
        public PlacementShort {
            Objects.requireNonNull(server, "server");
        }

        @Override
        public String describe() {
            return "a placement on server " + server + " fell short";
        }
    }
}
