package io.modelscale.policy.model;

import io.modelscale.core.model.ModelVersionId;
import java.util.Objects;

/** What a model policy decided for one model version, always with its reason. */
public sealed interface ModelScalingDecision {

    /** The model version decided on. */
    ModelVersionId version();

    /** One line a person understands. */
    String describe();

    /** Scale the observed model's latest version from its desired count to {@code to}. */
    static ModelScalingDecision scale(ModelObservation observation, int to, ModelScaleReason reason) {
        return new Scale(observation.latest().id(), observation.scaling().replicas(), to, reason);
    }

    /** Keep the observed model's desired count. */
    static ModelScalingDecision hold(ModelObservation observation, HoldReason reason, String detail) {
        return new Hold(observation.latest().id(), reason, detail);
    }

    /**
     * Keep the observed model's desired count, with a detail written only when it is read: a policy that holds every
     * busy model on every stats period passes the numbers it saw, and the words cost nothing unless someone asks.
     * {@code detail} must be a pure function of values that do not change.
     */
    static ModelScalingDecision hold(ModelObservation observation, HoldReason reason,
                                     java.util.function.Supplier<String> detail) {
        return Hold.lazily(observation.latest().id(), reason, detail);
    }

    /**
     * The standing hold of a policy whose model does not autoscale ({@link HoldReason#AUTOSCALING_DISABLED}, with
     * its scaling spec), keeping {@code memory}; none when the model autoscales.
     */
    static <M> io.vavr.control.Option<io.modelscale.policy.Step<M, ModelScalingDecision>> unlessAutoscaled(
        M memory, ModelObservation observation) {
        return observation.scaling().autoscalingEnabled() ? io.vavr.control.Option.none()
            : io.vavr.control.Option.some(io.modelscale.policy.Step.steady(memory, hold(observation,
                HoldReason.AUTOSCALING_DISABLED, observation.scaling().toString())));
    }

    /**
     * Set the desired replica count from {@code from} to {@code to}.
     *
     * @param version the model version
     * @param from    the desired count before
     * @param to      the desired count after
     * @param reason  why, with the numbers that decided it
     */
    record Scale(ModelVersionId version, int from, int to, ModelScaleReason reason) implements ModelScalingDecision {
        public Scale {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(reason, "reason");
        }

        /** Whether this adds replicas. */
        public boolean up() {
            return to > from;
        }

        @Override
        public String describe() {
            return "scale " + version + " from " + from + " to " + to + ": " + reason.describe();
        }
    }

    /**
     * Keep the desired replica count: a value with {@link #version()}, {@link #reason()} and {@link #detail()}, equal
     * to another hold with the same three, as a record would be. Its detail may be written when it is first read
     * ({@link #lazily}); either way {@link #detail()} gives the same text every time.
     */
    final class Hold implements ModelScalingDecision {
        private final ModelVersionId version;
        private final HoldReason reason;
        private final String written;
        private final java.util.function.Supplier<String> detail;

        /**
         * @param version the model version
         * @param reason  which check held it
         * @param detail  the values the check saw
         */
        public Hold(ModelVersionId version, HoldReason reason, String detail) {
            this(version, reason, Objects.requireNonNull(detail, "detail"), null);
        }

        private Hold(ModelVersionId version, HoldReason reason, String written,
                     java.util.function.Supplier<String> detail) {
            this.version = Objects.requireNonNull(version, "version");
            this.reason = Objects.requireNonNull(reason, "reason");
            this.written = written;
            this.detail = detail;
        }

        /**
         * A hold whose detail is {@code detail.get()}, called each time the detail is read (never when it is not):
         * {@code detail} must be a pure function of values that do not change, and must not return null.
         */
        public static Hold lazily(ModelVersionId version, HoldReason reason,
                                  java.util.function.Supplier<String> detail) {
            return new Hold(version, reason, null, Objects.requireNonNull(detail, "detail"));
        }

        /** The model version. */
        @Override
        public ModelVersionId version() {
            return version;
        }

        /** Which check held it. */
        public HoldReason reason() {
            return reason;
        }

        /** The values the check saw. */
        public String detail() {
            return written != null ? written
                : Objects.requireNonNull(detail.get(), "a hold's detail must not be null");
        }

        @Override
        public String describe() {
            String text = detail();
            return "hold " + version + ": " + reason.text() + (text.isEmpty() ? "" : " (" + text + ")");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Hold that && version.equals(that.version) && reason == that.reason
                && detail().equals(that.detail());
        }

        @Override
        public int hashCode() {
            return Objects.hash(version, reason, detail());
        }

        @Override
        public String toString() {
            return "Hold[version=" + version + ", reason=" + reason + ", detail=" + detail() + "]";
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
        /** Neither the lag threshold nor the inactivity threshold was reached: Seldon's agents send no trigger. */
        NO_TRIGGER("no lag or inactivity trigger"),
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
        /** The demand exceeds what the replicas carry, but by less than the lag threshold. */
        DEMAND_ABOVE_CAPACITY_UNDER_THRESHOLD("the demand exceeds the replicas' capacity by less than the lag"
            + " threshold"),
        /** A scale-down waits until demand has stayed low for the whole window. */
        DEMAND_LOW_TOO_BRIEFLY("demand has not stayed low for the whole scale-down window"),
        /** The policy wants a change, but has not wanted it for its whole delay yet. */
        DELAYED("the policy has not wanted the change for its whole delay"),
        /** The last change was too recent. */
        COOLING_DOWN("the last change was within the cooldown"),
        /** The policy's own recommendation is the current count. */
        AT_RECOMMENDATION("the policy recommends the current count"),
        /** The control loop refused the policy's target: it lies outside the model's scaling range. */
        OUT_OF_RANGE("the policy's target lies outside [max(minReplicas, 1), maxReplicas]"),
        /** A policy of the user's own held, for the reason in the detail. */
        OTHER("the policy holds");

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
