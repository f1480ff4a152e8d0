package io.modelscale.core.cluster;

import io.modelscale.core.Problem;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplicaId;
import io.vavr.collection.Seq;

/**
 * Why a {@link Cluster} operation changed nothing. Every failure leaves the snapshot as it was.
 */
public sealed interface UpdateFailure {

    /** One line for a person. */
    String describe();

    /**
     * A model or server was given a scaling spec its own fields contradict ({@link ScalingSpec#problems()}: replicas
     * below the minimum or above the maximum, a minimum above the maximum). Seldon's operator rejects such a
     * resource; applied, it would break the snapshot's invariants.
     *
     * @param subject  what was given it: {@code model NAME} or {@code server NAME}
     * @param scaling  the spec given
     * @param problems what is wrong with it, each naming its field and value
     */
    record InvalidScaling(String subject, ScalingSpec scaling, Seq<Problem> problems) implements UpdateFailure {
        public InvalidScaling {
            java.util.Objects.requireNonNull(subject, "subject");
            java.util.Objects.requireNonNull(scaling, "scaling");
            java.util.Objects.requireNonNull(problems, "problems");
        }

        @Override
        public String describe() {
            return subject + ": " + problems.map(Problem::describe).mkString("; ");
        }
    }

    /**
     * No model has that name.
     *
     * @param model the name asked for
     */
    record UnknownModel(ModelName model) implements UpdateFailure {
        @Override
        public String describe() {
            return "model " + model + " does not exist";
        }
    }

    /**
     * The model has no such version.
     *
     * @param version the version asked for
     */
    record UnknownVersion(ModelVersionId version) implements UpdateFailure {
        @Override
        public String describe() {
            return "model " + version.model() + " has no version " + version.version();
        }
    }

    /**
     * The operation applies to the latest version only.
     *
     * @param version the version asked for
     * @param latest  the model's latest version number
     */
    record VersionNotLatest(ModelVersionId version, int latest) implements UpdateFailure {
        @Override
        public String describe() {
            return "version " + version.version() + " of model " + version.model() + " is not the latest ("
                + latest + ")";
        }
    }

    /**
     * No server has that name.
     *
     * @param server the name asked for
     */
    record UnknownServer(ServerName server) implements UpdateFailure {
        @Override
        public String describe() {
            return "server " + server + " does not exist";
        }
    }

    /**
     * The server has no such replica connected.
     *
     * @param replica the replica asked for
     */
    record UnknownReplica(ServerReplicaId replica) implements UpdateFailure {
        @Override
        public String describe() {
            return "server replica " + replica + " is not connected";
        }
    }

    /**
     * A replica with that index is already connected.
     *
     * @param replica the replica that was to be added
     */
    record ReplicaExists(ServerReplicaId replica) implements UpdateFailure {
        @Override
        public String describe() {
            return "server replica " + replica + " is already connected";
        }
    }

    /**
     * A joining replica must not list models: its models arrive through state updates.
     *
     * @param replica the replica that was to be added
     */
    record ReplicaNotEmpty(ServerReplicaId replica) implements UpdateFailure {
        @Override
        public String describe() {
            return "server replica " + replica + " must join with no models loaded or loading";
        }
    }

    /**
     * The same server replica was chosen twice for one model version.
     *
     * @param replica the replica chosen more than once
     */
    record ReplicaChosenTwice(ServerReplicaId replica) implements UpdateFailure {
        @Override
        public String describe() {
            return "server replica " + replica + " was chosen twice: a model has at most one replica per server"
                + " replica";
        }
    }

    /**
     * A replica state was reported for a server the version is not placed on.
     *
     * @param version the model version
     * @param replica the server replica named in the report
     */
    record NotPlacedThere(ModelVersionId version, ServerReplicaId replica) implements UpdateFailure {
        @Override
        public String describe() {
            return "model " + version + " is not placed on server " + replica.server();
        }
    }

    /**
     * A compare-and-set of a replica state found another state than expected.
     *
     * @param version  the model version
     * @param replica  the server replica
     * @param expected the state the caller expected
     * @param actual   the state found
     */
    record StateMismatch(
        ModelVersionId version, ServerReplicaId replica, ModelReplicaState expected, ModelReplicaState actual)
        implements UpdateFailure {
        @Override
        public String describe() {
            return "model " + version + " on " + replica + " is " + actual + ", expected " + expected;
        }
    }
}
