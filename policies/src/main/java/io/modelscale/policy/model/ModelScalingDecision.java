package io.modelscale.policy.model;

import io.modelscale.core.model.ModelVersionId;
import java.util.Objects;

/** What a model policy decided for one model version, always with its reason. */
public sealed interface ModelScalingDecision {

    /** The model version decided on. */
    ModelVersionId version();

    /** One line a person understands. */
    String describe();

    /**
     * Set the desired replica count from {@code from} to {@code to}.
     *
     * @param version the model version
     * @param from    the desired count before
     * @param to      the desired count after
     * @param reason  why
     */
    record Scale(ModelVersionId version, int from, int to, String reason) implements ModelScalingDecision {
        public Scale {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String describe() {
            return "scale " + version + " from " + from + " to " + to + ": " + reason;
        }
    }

    /**
     * Keep the desired replica count.
     *
     * @param version the model version
     * @param reason  which check held it
     * @param detail  the values the check saw
     */
    record Hold(ModelVersionId version, HoldReason reason, String detail) implements ModelScalingDecision {
        public Hold {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String describe() {
            return "hold " + version + ": " + reason.text() + " (" + detail + ")";
        }
    }

    /** Why a model policy held a model's replica count. */
    enum HoldReason {
        /** No such model. */
        UNKNOWN_MODEL("no such model"),
        /** A scale-down was asked for a deleted model. */
        MODEL_DELETED("the model is deleted"),
        /** A scale-up needs the latest version to be the last available one. */
        LATEST_NOT_AVAILABLE("the latest version is not available"),
        /** The trigger names another version than the latest. */
        VERSION_MISMATCH("the trigger is for another version than the latest"),
        /** The model's state changed within the stability window. */
        NOT_STABLE("the model changed state within the stability window"),
        /** Neither a minimum nor a maximum is set. */
        AUTOSCALING_DISABLED("autoscaling is not enabled: neither minReplicas nor maxReplicas is set"),
        /** The target would be below {@code max(minReplicas, 1)}. */
        BELOW_MINIMUM("the target is below max(minReplicas, 1)"),
        /** The target would exceed {@code maxReplicas}. */
        ABOVE_MAXIMUM("the target exceeds maxReplicas"),
        /** No placement exists for the extra replica, and no server scale-up can make one. */
        NO_CAPACITY("no server can take another replica"),
        /** The demand does not call for a change. */
        DEMAND_MET("the current replicas meet the demand"),
        /** A scale-down waits until demand has stayed low for the whole window. */
        DEMAND_LOW_TOO_BRIEFLY("demand has not stayed low for the whole scale-down window"),
        /** The last change was too recent. */
        COOLING_DOWN("the last change was within the cooldown");

        private final String text;

        HoldReason(String text) {
            this.text = text;
        }

        /** The reason in words. */
        public String text() {
            return text;
        }
    }
}
