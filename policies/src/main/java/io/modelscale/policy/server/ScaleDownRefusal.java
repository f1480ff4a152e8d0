package io.modelscale.policy.server;

import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.placement.ScheduleOutcome;
import io.vavr.collection.SortedSet;
import java.util.Objects;

/** Why {@link ScaleDownCheck} refused lowering a server's replica count. */
public sealed interface ScaleDownRefusal {

    /** One line a person understands. */
    String describe();

    /**
     * No server of that name.
     *
     * @param server the server asked about
     */
    record UnknownServer(ServerName server) implements ScaleDownRefusal {
        public UnknownServer {
            Objects.requireNonNull(server, "server");
        }

        @Override
        public String describe() {
            return "server " + server + " does not exist";
        }
    }

    /**
     * Placing a model of the removed replicas again would not give it all its desired replicas.
     *
     * @param server  the server
     * @param removed the replicas the scale-down removes
     * @param model   the model left short
     * @param outcome what placing it again did
     */
    record ModelUnplaceable(ServerName server, SortedSet<ReplicaIndex> removed, ModelName model,
                            ScheduleOutcome outcome) implements ScaleDownRefusal {
        public ModelUnplaceable {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(removed, "removed");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(outcome, "outcome");
        }

        @Override
        public String describe() {
            return "removing replicas " + removed.mkString(", ") + " of " + server + " would leave model " + model
                + " without its replicas: " + outcome.describe();
        }
    }

    /**
     * Placing a model of the removed replicas again would leave it ScheduleFailed.
     *
     * @param model the model
     */
    record ScheduleFailed(ModelName model) implements ScaleDownRefusal {
        public ScheduleFailed {
            Objects.requireNonNull(model, "model");
        }

        @Override
        public String describe() {
            return "model " + model + " would be ScheduleFailed";
        }
    }

    /**
     * An older version still serves the model only on removed replicas while its replacement is not yet Available
     * anywhere; older versions are not placed again, so removing them would leave the model without a serving
     * replica until the new version loads.
     *
     * @param server  the server
     * @param removed the replicas the scale-down removes
     * @param version the older version that serves only there
     */
    record OnlyServedThere(ServerName server, SortedSet<ReplicaIndex> removed, ModelVersionId version)
        implements ScaleDownRefusal {
        public OnlyServedThere {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(removed, "removed");
            Objects.requireNonNull(version, "version");
        }

        @Override
        public String describe() {
            return "removing replicas " + removed.mkString(", ") + " of " + server + " would stop " + version
                + ", which serves model " + version.model() + " only there until its newer version is available";
        }
    }
}
