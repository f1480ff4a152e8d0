package io.modelscale.policy.model;

import io.modelscale.policy.hpa.HpaDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/** Why a model policy changed a desired replica count, with the numbers it saw. Text exists only in describe(). */
public sealed interface ModelScaleReason {

    /** The reason in words, with its numbers. */
    String describe();

    /**
     * Seldon's agents' lag per serving replica reached the threshold (a scale-up trigger).
     *
     * @param lagPerReplica the lag the agents counted, per serving replica
     * @param threshold     the lag threshold
     */
    record LagReached(long lagPerReplica, long threshold) implements ModelScaleReason {
        @Override
        public String describe() {
            return "lag " + lagPerReplica + " reached the threshold " + threshold;
        }
    }

    /**
     * The model received no request for the inactivity threshold (a scale-down trigger).
     *
     * @param lastUsed  the last request, or when the model was first seen without one
     * @param threshold the inactivity threshold
     */
    record Idle(Instant lastUsed, Duration threshold) implements ModelScaleReason {
        public Idle {
            Objects.requireNonNull(lastUsed, "lastUsed");
            Objects.requireNonNull(threshold, "threshold");
        }

        @Override
        public String describe() {
            return "idle since " + lastUsed + " (threshold " + threshold.getSeconds() + " s)";
        }
    }

    /**
     * Requests arrive for a model at zero replicas.
     *
     * @param outstanding       requests in flight or queued
     * @param arrivalsPerSecond the arrival rate
     */
    record FromZero(long outstanding, double arrivalsPerSecond) implements ModelScaleReason {
        @Override
        public String describe() {
            return "requests arrive for a model at zero replicas (" + outstanding + " outstanding, "
                + String.format(Locale.ROOT, "%.3g", arrivalsPerSecond) + "/s)";
        }
    }

    /**
     * The demand exceeds what the desired replicas carry by at least the lag threshold.
     *
     * @param demand   requests in flight or queued
     * @param capacity requests the desired replicas serve at once
     */
    record DemandAbove(long demand, long capacity) implements ModelScaleReason {
        @Override
        public String describe() {
            return "demand " + demand + " exceeds the capacity " + capacity + " by " + (demand - capacity);
        }
    }

    /**
     * Fewer replicas have carried the demand for the whole scale-down window.
     *
     * @param demand  requests in flight or queued
     * @param needed  the replicas the demand needs at the target utilization
     * @param current the desired replicas
     * @param since   since when the demand has been this low
     */
    record DemandLow(long demand, long needed, int current, Instant since) implements ModelScaleReason {
        public DemandLow {
            Objects.requireNonNull(since, "since");
        }

        @Override
        public String describe() {
            return "demand " + demand + " needs " + needed + " of " + current + " replicas since " + since;
        }
    }

    /**
     * The offered load needs more replicas than the model has to meet its wait target ({@link SloAwarePolicy}).
     *
     * @param sizing the load and the replicas it needs
     */
    record OfferedLoad(LoadSizing sizing) implements ModelScaleReason {
        public OfferedLoad {
            Objects.requireNonNull(sizing, "sizing");
        }

        @Override
        public String describe() {
            return sizing.describe();
        }
    }

    /**
     * The offered load has needed fewer replicas than the model has for the whole scale-down window
     * ({@link SloAwarePolicy}); the model goes to the most replicas needed in that time.
     *
     * @param sizing  the load now and the replicas it needs
     * @param highest the most replicas needed since {@code since}, the count scaled to
     * @param since   since when fewer replicas have been enough
     */
    record OfferedLoadLow(LoadSizing sizing, int highest, Instant since) implements ModelScaleReason {
        public OfferedLoadLow {
            Objects.requireNonNull(sizing, "sizing");
            Objects.requireNonNull(since, "since");
        }

        @Override
        public String describe() {
            return sizing.describe() + "; at most " + highest + " needed since " + since;
        }
    }

    /**
     * Ray Serve's policy wants another count ({@link RayServePolicy}): the mean ongoing requests over the look-back
     * against the target per running replica.
     *
     * @param ongoing the mean ongoing requests (in flight and queued) over the look-back
     * @param target  the target ongoing requests per replica
     * @param running the replicas running
     * @param desired the replicas asked for
     */
    record OngoingRequests(double ongoing, double target, int running, int desired) implements ModelScaleReason {
        @Override
        public String describe() {
            return String.format(Locale.ROOT, "%.3g ongoing requests on %d running replicas, target %.3g each: %d"
                + " replicas", ongoing, running, target, desired);
        }
    }

    /**
     * Knative's decider wants another count.
     *
     * @param step the decider's step, with its averages and windows
     */
    record Knative(KnativeAutoscaler.Step step) implements ModelScaleReason {
        public Knative {
            Objects.requireNonNull(step, "step");
        }

        @Override
        public String describe() {
            return "Knative: " + step.describe();
        }
    }

    /**
     * A Kubernetes HPA on the model recommends another count.
     *
     * @param decision the HPA's decision
     */
    record Hpa(HpaDecision decision) implements ModelScaleReason {
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
    record Other(String text) implements ModelScaleReason {
        public Other {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String describe() {
            return text;
        }
    }
}
