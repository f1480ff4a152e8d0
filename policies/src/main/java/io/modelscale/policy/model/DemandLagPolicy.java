package io.modelscale.policy.model;

import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Inference-lag autoscaling driven by demand, one replica at a time: a variant of Seldon's lag policy
 * ({@code shared/spec/seldon-core-2.md} §2) that closes the two gaps of §7.1 and §7.11.
 *
 * <p>Seldon's agents measure lag per loaded replica, so a model whose replicas are all busy or unloaded cannot ask
 * for more, and a model scales down only after it received no request at all for the inactive threshold. Here the
 * input is the model's demand as its front door sees it, whatever replicas are loaded: the requests in flight or
 * queued, and the arrival rate. Each decision:
 * <ul>
 *   <li>scales up by one when the demand exceeds what the desired replicas carry ({@code replicas × concurrency})
 *       by at least {@code lagThreshold} requests, or when a model at zero replicas receives requests;</li>
 *   <li>scales down by one when fewer replicas would carry the demand at {@code targetUtilization}, and that has
 *       held for the whole {@code scaleDownWindow}, so steady low traffic still lets a model shrink;</li>
 *   <li>waits {@code cooldown} after any change, and keeps the count within
 *       {@code [max(minReplicas, 1), maxReplicas]}.</li>
 * </ul>
 * The memory is the time of the last change and since when demand has been low.
 */
public final class DemandLagPolicy {

    /**
     * The policy's settings.
     *
     * @param lagThreshold      requests beyond the desired replicas' capacity that trigger a scale-up, at least 1
     * @param targetUtilization the share of a replica's concurrency to plan for when scaling down, in (0, 1]
     * @param scaleDownWindow   how long demand must stay low before a scale-down
     * @param cooldown          how long to wait after a change before the next
     */
    public record Config(long lagThreshold, double targetUtilization, Duration scaleDownWindow, Duration cooldown) {
        public Config {
            Objects.requireNonNull(scaleDownWindow, "scaleDownWindow");
            Objects.requireNonNull(cooldown, "cooldown");
            if (lagThreshold < 1) {
                throw new IllegalArgumentException("lagThreshold must be at least 1, got " + lagThreshold);
            }
            if (!(targetUtilization > 0 && targetUtilization <= 1)) {
                throw new IllegalArgumentException("targetUtilization must be in (0, 1], got " + targetUtilization);
            }
            if (scaleDownWindow.isNegative() || cooldown.isNegative()) {
                throw new IllegalArgumentException("scaleDownWindow and cooldown must not be negative");
            }
        }

        /** Lag threshold 30 requests, 80 % utilization, 5 minute scale-down window, 60 s cooldown. */
        public static Config defaults() {
            return new Config(30, 0.8, Duration.ofMinutes(5), Duration.ofSeconds(60));
        }
    }

    /**
     * What the policy remembers.
     *
     * @param lastChange when it last changed the count
     * @param lowSince   since when fewer replicas would carry the demand
     */
    public record Memory(Option<Instant> lastChange, Option<Instant> lowSince) {
        public Memory {
            Objects.requireNonNull(lastChange, "lastChange");
            Objects.requireNonNull(lowSince, "lowSince");
        }

        /** Nothing remembered. */
        public static Memory initial() {
            return new Memory(Option.none(), Option.none());
        }
    }

    /**
     * One evaluation's inputs.
     *
     * @param now                   the time
     * @param version               the model version
     * @param scaling               its scaling spec; {@code replicas} is the desired count
     * @param demand                requests in flight or queued for the model
     * @param arrivalsPerSecond     the recent arrival rate, requests per second
     * @param concurrencyPerReplica requests one replica serves at once, at least 1
     */
    public record Observation(Instant now, ModelVersionId version, ScalingSpec scaling, long demand,
                              double arrivalsPerSecond, int concurrencyPerReplica) {
        public Observation {
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(scaling, "scaling");
            if (demand < 0 || arrivalsPerSecond < 0 || concurrencyPerReplica < 1) {
                throw new IllegalArgumentException("demand and arrivals must not be negative and concurrency must be"
                    + " at least 1, got " + demand + ", " + arrivalsPerSecond + " and " + concurrencyPerReplica);
            }
        }
    }

    /**
     * One evaluation's result.
     *
     * @param memory   the memory for the next evaluation
     * @param decision the decision with its reason
     */
    public record Step(Memory memory, ModelScalingDecision decision) {
    }

    private final Config config;

    /** A policy with these settings. */
    public DemandLagPolicy(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** One evaluation. */
    public Step decide(Memory memory, Observation observation) {
        ScalingSpec scaling = observation.scaling();
        int current = scaling.replicas();
        Instant now = observation.now();
        if (!scaling.autoscalingEnabled()) {
            return hold(memory, observation, HoldReason.AUTOSCALING_DISABLED, scaling.toString());
        }
        long capacity = (long) current * observation.concurrencyPerReplica();
        long lag = Math.max(0, observation.demand() - capacity);
        boolean fromZero = current == 0 && (observation.demand() > 0 || observation.arrivalsPerSecond() > 0);
        long needed = (long) Math.ceil(observation.demand()
            / (observation.concurrencyPerReplica() * config.targetUtilization()));
        boolean low = needed < current && !fromZero && lag < config.lagThreshold();
        Memory tracked = new Memory(memory.lastChange(),
            low ? memory.lowSince().orElse(Option.some(now)) : Option.none());
        boolean coolingDown = memory.lastChange().exists(t -> now.isBefore(t.plus(config.cooldown())));
        if (lag >= config.lagThreshold() || fromZero) {
            String why = fromZero ? "requests arrive for a model at zero replicas"
                : "demand " + observation.demand() + " exceeds the capacity " + capacity + " by " + lag;
            if (coolingDown) {
                return hold(tracked, observation, HoldReason.COOLING_DOWN, why);
            }
            if (!scaling.maxReplicas().admits(current + 1L)) {
                return hold(tracked, observation, HoldReason.ABOVE_MAXIMUM, why + ", " + scaling);
            }
            return scale(tracked, observation, current + 1, why);
        }
        if (!low) {
            return hold(tracked, observation, HoldReason.DEMAND_MET,
                "demand " + observation.demand() + " needs " + needed + " of " + current + " replicas");
        }
        String why = "demand " + observation.demand() + " needs " + needed + " of " + current + " replicas since "
            + tracked.lowSince().get();
        if (current - 1 < scaling.autoscalingFloor()) {
            return hold(tracked, observation, HoldReason.BELOW_MINIMUM, why + ", " + scaling);
        }
        if (now.isBefore(tracked.lowSince().get().plus(config.scaleDownWindow()))) {
            return hold(tracked, observation, HoldReason.DEMAND_LOW_TOO_BRIEFLY, why);
        }
        if (coolingDown) {
            return hold(tracked, observation, HoldReason.COOLING_DOWN, why);
        }
        return scale(new Memory(tracked.lastChange(), Option.none()), observation, current - 1, why);
    }

    private static Step scale(Memory memory, Observation observation, int to, String why) {
        return new Step(new Memory(Option.some(observation.now()), memory.lowSince()),
            new ModelScalingDecision.Scale(observation.version(), observation.scaling().replicas(), to, why));
    }

    private static Step hold(Memory memory, Observation observation, HoldReason reason, String detail) {
        return new Step(memory, new ModelScalingDecision.Hold(observation.version(), reason, detail));
    }
}
