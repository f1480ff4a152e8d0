package io.modelscale.placement;

import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.vavr.collection.Seq;

/** What scheduling one model did, with its reason. */
public sealed interface ScheduleOutcome {

    /** One line for a person. */
    String describe();

    /**
     * The version was placed on these replicas of this server.
     *
     * @param version  the version placed (a new one when the model moved to another server)
     * @param server   the server
     * @param replicas the chosen replicas, in the order they were chosen
     * @param desired  the replicas the model wants; fewer were chosen when the placement is partial
     */
    record Placed(ModelVersionId version, ServerName server, Seq<ReplicaIndex> replicas, int desired)
        implements ScheduleOutcome {

        /** Whether fewer replicas than desired were placed (partial scheduling down to the minimum). */
        public boolean partial() {
            return replicas.size() < desired;
        }

        @Override
        public String describe() {
            return "placed " + version + " on " + server + " replicas " + replicas.mkString("[", ", ", "]")
                + (partial() ? " (partial: " + replicas.size() + " of " + desired + " desired)" : "");
        }
    }

    /**
     * The model is deleted: every replica of every version was asked to unload.
     *
     * @param model the model
     */
    record Unloaded(ModelName model) implements ScheduleOutcome {
        @Override
        public String describe() {
            return "unloading every replica of deleted model " + model;
        }
    }

    /**
     * No placement was possible; the version is ScheduleFailed and its existing replicas keep serving.
     *
     * @param version the version that could not be placed
     * @param failure why, in full
     */
    record Failed(ModelVersionId version, ScheduleFailure failure) implements ScheduleOutcome {
        @Override
        public String describe() {
            return "could not place " + version + ": " + failure.describe();
        }
    }
}
