package io.modelscale.policy.server;

import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.placement.packing.LowerBounds;
import io.modelscale.placement.packing.RepackFailure;
import io.modelscale.policy.hpa.HpaDecision;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Objects;

/**
 * Why a server keeps its replica count, with the numbers seen. Code counts holds by type (a refused scale-down is a
 * {@link Refused}); text exists only in describe().
 */
public sealed interface ServerHoldReason {

    /** The reason in words, with its numbers. */
    String describe();

    /**
     * The policy does not act on this trigger.
     *
     * @param trigger the trigger it was asked on
     */
    record NotOnThisTrigger(ServerTrigger trigger) implements ServerHoldReason {
        public NotOnThisTrigger {
            Objects.requireNonNull(trigger, "trigger");
        }

        @Override
        public String describe() {
            return "the policy does not act on " + trigger;
        }
    }

    /** The operator has not yet said how many replicas the server runs. */
    record ExpectedReplicasUnknown() implements ServerHoldReason {
        @Override
        public String describe() {
            return "the expected replica count is not known yet";
        }
    }

    /**
     * A scale-up is not needed, or the maximum allows none.
     *
     * @param wanted   the replicas the policy's rule asks for
     * @param expected the expected replicas
     * @param scaling  the server's range
     */
    record NoScaleUpNeeded(long wanted, int expected, ScalingSpec scaling) implements ServerHoldReason {
        public NoScaleUpNeeded {
            Objects.requireNonNull(scaling, "scaling");
        }

        @Override
        public String describe() {
            return "no scale-up: " + wanted + " wanted, " + expected + " expected, maximum " + scaling.maxReplicas();
        }
    }

    /**
     * Seldon's scale-down finds nothing to remove: no empty replica, and packing not tried or not smaller.
     *
     * @param expected     the expected replicas
     * @param empty        the empty replicas
     * @param largestModel the largest desired model replica count
     * @param packingTried whether the packing chance came up this time
     */
    record NothingToRemove(int expected, int empty, int largestModel, boolean packingTried)
        implements ServerHoldReason {
        @Override
        public String describe() {
            return "no empty replica and no packing (expected " + expected + ", " + empty + " empty, largest model "
                + largestModel + (packingTried ? ", packing tried" : "") + ")";
        }
    }

    /**
     * The server is already at the fewest replicas allowed.
     *
     * @param expected the expected replicas
     * @param floor    {@code max(minReplicas, 1)}
     */
    record AtFloor(int expected, int floor) implements ServerHoldReason {
        @Override
        public String describe() {
            return "already at " + expected + " replicas, the lowest allowed is " + floor;
        }
    }

    /**
     * Models on the server lack replicas they want: no scale-down until they have them.
     *
     * @param lacking the model replicas lacking
     */
    record ModelsLackReplicas(int lacking) implements ServerHoldReason {
        @Override
        public String describe() {
            return "its models lack " + lacking + " replicas";
        }
    }

    /**
     * Every replica is needed.
     *
     * @param expected  the expected replicas
     * @param bounds    the lower bounds of the replicas the models need
     * @param packsOnto the fewest replicas a packing found, if one was searched for
     */
    record AllReplicasNeeded(int expected, LowerBounds bounds, Option<Integer> packsOnto)
        implements ServerHoldReason {
        public AllReplicasNeeded {
            Objects.requireNonNull(bounds, "bounds");
            Objects.requireNonNull(packsOnto, "packsOnto");
        }

        @Override
        public String describe() {
            return "its " + expected + " replicas are all needed (" + bounds.describe()
                + packsOnto.map(n -> ", packs onto " + n).getOrElse("") + ")";
        }
    }

    /**
     * The server's models cannot be packed onto its replicas at all.
     *
     * @param failure why
     */
    record CannotPack(RepackFailure failure) implements ServerHoldReason {
        public CannotPack {
            Objects.requireNonNull(failure, "failure");
        }

        @Override
        public String describe() {
            return "its models cannot be packed onto its replicas: " + failure.describe();
        }
    }

    /**
     * Over-provisioned, but not yet for the whole window.
     *
     * @param since    since when
     * @param expected the expected replicas
     * @param needed   the replicas that would hold the models
     * @param bounds   the lower bounds
     */
    record OverProvisioned(Instant since, int expected, int needed, LowerBounds bounds) implements ServerHoldReason {
        public OverProvisioned {
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(bounds, "bounds");
        }

        @Override
        public String describe() {
            return "over-provisioned since " + since + ": " + expected + " replicas where " + needed + " suffice ("
                + bounds.describe() + ")";
        }
    }

    /**
     * No make-before-break plan moves the models onto the target.
     *
     * @param target  the replicas aimed for
     * @param failure why no plan was found
     */
    record NoSafePlan(int target, RepackFailure failure) implements ServerHoldReason {
        public NoSafePlan {
            Objects.requireNonNull(failure, "failure");
        }

        @Override
        public String describe() {
            return "no safe plan onto " + target + " replicas: " + failure.describe();
        }
    }

    /**
     * A scale-down refused because it would leave a model unplaceable ({@link ScaleDownCheck}).
     *
     * @param target  the replicas the policy asked for
     * @param refusal why the check refused it
     */
    record Refused(int target, ScaleDownRefusal refusal) implements ServerHoldReason {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }

        @Override
        public String describe() {
            return "scale-down to " + target + " refused: " + refusal.describe();
        }
    }

    /**
     * A change held by a {@link io.modelscale.policy.StabilityWindow}.
     *
     * @param lastChange the change the window counts from
     * @param until      when the window ends
     * @param target     the replicas the policy asked for
     */
    record NotStable(Instant lastChange, Instant until, int target) implements ServerHoldReason {
        public NotStable {
            Objects.requireNonNull(lastChange, "lastChange");
            Objects.requireNonNull(until, "until");
        }

        @Override
        public String describe() {
            return "scaling to " + target + " waits for the stability window: last change at " + lastChange
                + ", stable at " + until;
        }
    }

    /**
     * A scale-up held because the control loop scaled the server down less than the reversal guard ago
     * ({@link MemoryAwareScaleUp}): scaling straight back up would undo that change within the guard.
     *
     * @param scaledDown the change the guard counts from
     * @param until      when the guard ends
     * @param target     the replicas the policy asked for
     */
    record ReversalGuard(Instant scaledDown, Instant until, int target) implements ServerHoldReason {
        public ReversalGuard {
            Objects.requireNonNull(scaledDown, "scaledDown");
            Objects.requireNonNull(until, "until");
        }

        @Override
        public String describe() {
            return "scaling to " + target + " waits out the reversal guard after the change at " + scaledDown;
        }
    }

    /**
     * The control loop refused the policy's target: it lies outside the server's range.
     *
     * @param target  the replicas the policy asked for
     * @param scaling the server's range
     */
    record OutOfRange(int target, ScalingSpec scaling) implements ServerHoldReason {
        public OutOfRange {
            Objects.requireNonNull(scaling, "scaling");
        }

        @Override
        public String describe() {
            return "the policy's target " + target + " lies outside " + scaling;
        }
    }

    /**
     * The policy asked for the count the server already has.
     *
     * @param replicas the count
     */
    record NoChange(int replicas) implements ServerHoldReason {
        @Override
        public String describe() {
            return "the policy asked for the current " + replicas + " replicas";
        }
    }

    /**
     * A Kubernetes HPA on the server recommends the current count.
     *
     * @param decision the HPA's decision
     */
    record HpaKeeps(HpaDecision decision) implements ServerHoldReason {
        public HpaKeeps {
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
    record Other(String text) implements ServerHoldReason {
        public Other {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String describe() {
            return text;
        }
    }
}
