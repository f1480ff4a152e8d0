package io.modelscale.control;

import io.modelscale.core.model.ModelName;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.placement.ScheduleResult;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.server.ServerScalingDecision;
import java.util.Objects;

/** One thing the control step decided, with its reason, in the order it decided them. */
public sealed interface Decision {

    /** One line a person understands. */
    String describe();

    /**
     * A model policy's decision (a hold included).
     *
     * @param decision the decision
     */
    record ModelScaling(ModelScalingDecision decision) implements Decision {
        public ModelScaling {
            Objects.requireNonNull(decision, "decision");
        }

        @Override
        public String describe() {
            return decision.describe();
        }
    }

    /**
     * A placement of one model by the scheduler.
     *
     * @param result what the scheduler did, and the server scale-up it asked for
     */
    record Scheduling(ScheduleResult result) implements Decision {
        public Scheduling {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public String describe() {
            return result.describe();
        }
    }

    /**
     * A server policy's decision (a hold or a refused scale-down included).
     *
     * @param decision the decision, after the scale-down check
     */
    record ServerScaling(ServerScalingDecision decision) implements Decision {
        public ServerScaling {
            Objects.requireNonNull(decision, "decision");
        }

        @Override
        public String describe() {
            return decision.describe();
        }
    }

    /**
     * A model's latest version became Available, so the versions it replaced were asked to unload.
     *
     * @param model the model
     * @param latest the version now serving
     */
    record ReplacedVersionsUnloaded(ModelName model, int latest) implements Decision {
        public ReplacedVersionsUnloaded {
            Objects.requireNonNull(model, "model");
        }

        @Override
        public String describe() {
            return "unload the versions of " + model + " that version " + latest + " replaced";
        }
    }

    /**
     * A stats period's signals named models the cluster does not have: they were read by no policy. A model renamed
     * in the router but not in the snapshot, say, would otherwise look idle without a word.
     *
     * @param models the models named, in name order
     */
    record SignalsIgnored(io.vavr.collection.Seq<ModelName> models) implements Decision {
        public SignalsIgnored {
            Objects.requireNonNull(models, "models");
        }

        @Override
        public String describe() {
            return "signals ignored: no model " + models.mkString(", ") + " in the cluster";
        }
    }

    /**
     * A draining server replica may stop: every model it held is available on a replica that stays, deleted,
     * replaced, or given up on.
     *
     * @param replica the replica
     */
    record ReplicaReleased(ServerReplicaId replica) implements Decision {
        public ReplicaReleased {
            Objects.requireNonNull(replica, "replica");
        }

        @Override
        public String describe() {
            return "server replica " + replica + " may stop: its models are served elsewhere";
        }
    }
}
