package io.modelscale.policy.server;

import io.modelscale.placement.packing.LowerBounds;
import io.modelscale.policy.hpa.HpaDecision;
import java.util.Objects;

/** Why a server policy changed a server's replica count, with its numbers. Text exists only in describe(). */
public sealed interface ServerScaleReason {

    /** The reason in words, with its numbers. */
    String describe();

    /**
     * Seldon's scale-up: the largest desired replica count of the server's models exceeds its replicas.
     *
     * @param largestModel the largest desired model replica count
     */
    record LargestModel(int largestModel) implements ServerScaleReason {
        @Override
        public String describe() {
            return "the largest model wants " + largestModel + " replicas";
        }
    }

    /**
     * The memory-aware scale-up: the server's live models need at least this many replicas.
     *
     * @param bounds the lower bounds of the replicas they need
     */
    record ModelsNeed(LowerBounds bounds) implements ServerScaleReason {
        public ModelsNeed {
            Objects.requireNonNull(bounds, "bounds");
        }

        @Override
        public String describe() {
            return "the models need " + bounds.describe();
        }
    }

    /**
     * The memory-aware scale-up: models lack replicas that the current replicas cannot hold as placed.
     *
     * @param lacking the model replicas lacking
     * @param bounds  the lower bounds, already met by the current replicas
     */
    record Fragmented(int lacking, LowerBounds bounds) implements ServerScaleReason {
        public Fragmented {
            Objects.requireNonNull(bounds, "bounds");
        }

        @Override
        public String describe() {
            return "its models lack " + lacking + " replicas the current replicas cannot hold as placed ("
                + bounds.describe() + ")";
        }
    }

    /**
     * Seldon's empty-replica scale-down.
     *
     * @param empty the empty replicas
     */
    record EmptyReplicas(int empty) implements ServerScaleReason {
        @Override
        public String describe() {
            return empty + " empty replicas";
        }
    }

    /**
     * Seldon's lightly-loaded packing: down to the largest model replica count.
     *
     * @param largestModel the largest desired model replica count
     */
    record LightlyLoaded(int largestModel) implements ServerScaleReason {
        @Override
        public String describe() {
            return "lightly loaded: the largest model has " + largestModel + " replicas";
        }
    }

    /**
     * The consolidating policy: fewer replicas hold the server's models.
     *
     * @param needed the replicas that hold them
     * @param bounds the lower bounds
     */
    record Consolidate(int needed, LowerBounds bounds) implements ServerScaleReason {
        public Consolidate {
            Objects.requireNonNull(bounds, "bounds");
        }

        @Override
        public String describe() {
            return "consolidate: " + needed + " replicas hold its models (" + bounds.describe() + ")";
        }
    }

    /**
     * A Kubernetes HPA on the server recommends another count.
     *
     * @param decision the HPA's decision
     */
    record Hpa(HpaDecision decision) implements ServerScaleReason {
        public Hpa {
            Objects.requireNonNull(decision, "decision");
        }

        @Override
        public String describe() {
            return "HPA: " + decision.describe();
        }
    }

    /**
     * A reason given by a policy of the user's own.
     *
     * @param text the reason in words
     */
    record Other(String text) implements ServerScaleReason {
        public Other {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String describe() {
            return text;
        }
    }
}
