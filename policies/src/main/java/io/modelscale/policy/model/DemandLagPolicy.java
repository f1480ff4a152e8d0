package io.modelscale.policy.model;

import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Inference-lag autoscaling driven by demand, one replica at a time: a variant of Seldon's lag policy
 * ({@code shared/spec/seldon-core-2.md} §2) that closes the two gaps of §7.1 and §7.11. Registered as
 * {@value #NAME}.
 *
 * <p>Seldon's agents measure lag per loaded replica, so a model whose replicas are all busy or unloaded cannot ask
 * for more, and a model scales down only after it received no request at all for the inactive threshold. Here the
 * input is the model's demand as its front door sees it ({@link ModelSignals}), whatever replicas are loaded: the
 * requests in flight or queued, and the arrival rate. Each decision:
 * <ul>
 *   <li>scales up by one when the demand exceeds what the desired replicas carry ({@code replicas × concurrency})
 *       by at least {@code lagThreshold} requests, or when a model at zero replicas receives requests;</li>
 *   <li>scales down by one when fewer replicas would carry the demand at {@code targetUtilization}, and that has
 *       held for the whole {@code scaleDownWindow} at the current count, so steady low traffic still lets a model
 *       shrink;</li>
 *   <li>keeps the count within {@code [max(minReplicas, 1), maxReplicas]}.</li>
 * </ul>
 * The memory is since when demand has been low, and the desired count it was low at: a change of the count, by
 * this policy or anyone, starts the window again. A cooldown between changes composes as a
 * {@link io.modelscale.policy.StabilityWindow}.
 *
 * @param config the policy's settings
 */
public record DemandLagPolicy(Config config) implements ModelScalingPolicy<DemandLagPolicy.Memory> {

    /** The name this policy is registered under. */
    public static final String NAME = "model.demandLag";

    /**
     * The policy's settings.
     *
     * @param lagThreshold      requests beyond the desired replicas' capacity that trigger a scale-up, at least 1
     * @param targetUtilization the share of a replica's concurrency to plan for when scaling down, in (0, 1]
     * @param scaleDownWindow   how long demand must stay low at one count before a scale-down
     */
    public record Config(long lagThreshold, double targetUtilization, Duration scaleDownWindow) {
        public Config {
            Objects.requireNonNull(scaleDownWindow, "scaleDownWindow");
            if (lagThreshold < 1) {
                throw new IllegalArgumentException("lagThreshold must be at least 1, got " + lagThreshold);
            }
            if (!(targetUtilization > 0 && targetUtilization <= 1)) {
                throw new IllegalArgumentException("targetUtilization must be in (0, 1], got " + targetUtilization);
            }
            if (scaleDownWindow.isNegative()) {
                throw new IllegalArgumentException("scaleDownWindow must not be negative, got " + scaleDownWindow);
            }
        }

        /** Lag threshold 30 requests, 80 % utilization, 5 minute scale-down window. */
        public static Config defaults() {
            return new Config(30, 0.8, Duration.ofMinutes(5));
        }
    }

    /**
     * What the policy remembers for one model.
     *
     * @param lowSince     since when fewer replicas would carry the demand, if they would
     * @param lastReplicas the desired count at the last decision
     */
    public record Memory(Option<Instant> lowSince, Option<Integer> lastReplicas) {
        public Memory {
            Objects.requireNonNull(lowSince, "lowSince");
            Objects.requireNonNull(lastReplicas, "lastReplicas");
        }

        /** Nothing remembered. */
        public static Memory initial() {
            return new Memory(Option.none(), Option.none());
        }
    }

    /** A policy with these settings. */
    public DemandLagPolicy {
        Objects.requireNonNull(config, "config");
    }

    @Override
    public Memory initialMemory(ModelObservation first) {
        return Memory.initial();
    }

    @Override
    public Step<Memory, ModelScalingDecision> decide(Memory memory, ModelObservation observation) {
        ScalingSpec scaling = observation.scaling();
        int current = scaling.replicas();
        Instant now = observation.now();
        Option<Step<Memory, ModelScalingDecision>> disabled = ModelScalingDecision.unlessAutoscaled(memory,
            observation);
        if (disabled.isDefined()) {
            return disabled.get();
        }
        ModelSignals signals = observation.own();
        long demand = signals.outstanding();
        int concurrency = signals.concurrencyPerReplica();
        Option<Instant> lowSince = memory.lastReplicas().isDefined() && memory.lastReplicas().get() == current
            ? memory.lowSince() : Option.none();
        long capacity = (long) current * concurrency;
        long lag = Math.max(0, demand - capacity);
        boolean fromZero = current == 0 && (demand > 0 || signals.arrivalsPerSecond() > 0);
        long needed = (long) Math.ceil(demand / (concurrency * config.targetUtilization()));
        boolean low = needed < current && !fromZero && lag < config.lagThreshold();
        // Deciding again on the same model and signals finds this memory's replica count and keeps its low-since
        // instant, so every hold below stands while they stay equal: only the scale-down window runs on time.
        Memory tracked = new Memory(low ? lowSince.orElse(Option.some(now)) : Option.none(), Option.some(current));
        if (lag >= config.lagThreshold() || fromZero) {
            ModelScaleReason why = fromZero ? new ModelScaleReason.FromZero(demand, signals.arrivalsPerSecond())
                : new ModelScaleReason.DemandAbove(demand, capacity);
            if (!scaling.maxReplicas().admits(current + 1L)) {
                return Step.steady(tracked, ModelScalingDecision.hold(observation, HoldReason.ABOVE_MAXIMUM,
                    () -> why.describe() + ", " + scaling));
            }
            return Step.of(tracked, ModelScalingDecision.scale(observation, current + 1, why));
        }
        if (!low) {
            return Step.steady(tracked, lag > 0
                ? ModelScalingDecision.hold(observation, HoldReason.DEMAND_ABOVE_CAPACITY_UNDER_THRESHOLD,
                    () -> "demand " + demand + " exceeds the capacity " + capacity + " of " + current + " replicas by "
                        + lag + ", threshold " + config.lagThreshold())
                : ModelScalingDecision.hold(observation, HoldReason.DEMAND_MET,
                    () -> "demand " + demand + " needs " + needed + " of " + current + " replicas"));
        }
        if (current - 1 < scaling.autoscalingFloor()) {
            // The usual state of an idle model at its floor, so its detail is kept short: when demand first fell
            // does not matter here.
            return Step.steady(tracked, ModelScalingDecision.hold(observation, HoldReason.BELOW_MINIMUM,
                () -> "demand " + demand + " needs " + needed + " of " + current + " replicas, " + scaling));
        }
        ModelScaleReason.DemandLow why = new ModelScaleReason.DemandLow(demand, needed, current,
            tracked.lowSince().get());
        if (now.isBefore(why.since().plus(config.scaleDownWindow()))) {
            return Step.steady(tracked, ModelScalingDecision.hold(observation, HoldReason.DEMAND_LOW_TOO_BRIEFLY,
                () -> why.describe() + ", window " + config.scaleDownWindow().getSeconds() + " s"),
                why.since().plus(config.scaleDownWindow()));
        }
        return Step.of(tracked, ModelScalingDecision.scale(observation, current - 1, why));
    }
}
