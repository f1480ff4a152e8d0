package io.modelscale.core.cluster;

import io.modelscale.core.Problem;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.server.ServerReplicaId;

/**
 * A broken whole-cluster invariant, as found by {@link Cluster#checkInvariants()}.
 */
public sealed interface Violation {

    /** One line for a person. */
    String describe();

    /**
     * A server replica holds two replicas of one model version: it lists the version as both loaded and loading.
     *
     * @param replica the server replica
     * @param version the model version
     */
    record DuplicateModelReplica(ServerReplicaId replica, ModelVersionId version) implements Violation {
        @Override
        public String describe() {
            return "server replica " + replica + " holds model " + version + " twice (listed loaded and loading)";
        }
    }

    /**
     * A server replica holds more model memory than its capacity with overcommit.
     *
     * @param replica         the server replica
     * @param registeredBytes the memory of the models occupying it
     * @param capacityBytes   its memory request plus overcommit
     */
    record OvercommittedReplica(ServerReplicaId replica, long registeredBytes, long capacityBytes)
        implements Violation {
        @Override
        public String describe() {
            return "server replica " + replica + " holds " + registeredBytes + " bytes of models, above its capacity"
                + " of " + capacityBytes + " bytes with overcommit";
        }
    }

    /**
     * A model replica's state disagrees with the server replica's loaded and loading sets.
     *
     * @param replica        the server replica
     * @param version        the model version
     * @param state          the model replica's state there (Unknown when the version has no replica there)
     * @param listedLoaded   whether the server replica lists the version as loaded
     * @param listedLoading  whether the server replica lists the version as loading
     */
    record InconsistentReplicaState(
        ServerReplicaId replica, ModelVersionId version, ModelReplicaState state, boolean listedLoaded,
        boolean listedLoading) implements Violation {
        @Override
        public String describe() {
            String listed = listedLoaded && listedLoading ? "loaded and loading"
                : listedLoaded ? "loaded" : listedLoading ? "loading" : "in neither set";
            return "model " + version + " is " + state + " on " + replica + " but the replica lists it " + listed
                + " (expected " + state.membership() + ")";
        }
    }

    /**
     * A model replica that occupies memory is on a server replica that is not connected.
     *
     * @param replica the missing server replica
     * @param version the model version
     * @param state   the model replica's state
     */
    record MissingServerReplica(ServerReplicaId replica, ModelVersionId version, ModelReplicaState state)
        implements Violation {
        @Override
        public String describe() {
            return "model " + version + " is " + state + " on " + replica + ", which is not connected";
        }
    }

    /**
     * A model version that occupies memory on some replica has no server.
     *
     * @param version the model version
     */
    record ReplicasWithoutServer(ModelVersionId version) implements Violation {
        @Override
        public String describe() {
            return "model " + version + " has replicas occupying memory but is placed on no server";
        }
    }

    /**
     * A model's or server's scaling spec breaks its own relations.
     *
     * @param owner   {@code model <name>} or {@code server <name>}
     * @param problem what is wrong
     */
    record InvalidScalingSpec(String owner, Problem problem) implements Violation {
        @Override
        public String describe() {
            return owner + ": " + problem.message();
        }
    }

    /**
     * A server or model is listed under another name than its own.
     *
     * @param kind   {@code server} or {@code model}
     * @param key    the name it is listed under
     * @param actual its own name
     */
    record MisfiledEntry(String kind, String key, String actual) implements Violation {
        @Override
        public String describe() {
            return kind + " " + actual + " is listed under the name " + key;
        }
    }
}
