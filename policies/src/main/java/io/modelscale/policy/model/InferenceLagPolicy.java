package io.modelscale.policy.model;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.placement.ScheduleOutcome;
import io.modelscale.placement.ScheduleResult;
import io.modelscale.placement.Scheduler;
import io.modelscale.placement.SchedulerConfig;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The scheduler's decision on an agent's inference-lag trigger ({@code shared/spec/seldon-core-2.md} §2.2,
 * {@code createScalingPseudoRequest}), one step of one replica at a time.
 *
 * <p>The checks run in Seldon's order, and the first that fails holds the count with its
 * {@link ModelScalingDecision.HoldReason}:
 * <ol>
 *   <li>the model exists ({@code UNKNOWN_MODEL});</li>
 *   <li>a scale-down needs a model that is not deleted ({@code MODEL_DELETED}); a scale-up needs the latest
 *       version to be the last one in state Available ({@code LATEST_NOT_AVAILABLE});</li>
 *   <li>the trigger is for the latest version ({@code VERSION_MISMATCH});</li>
 *   <li>the model's status has not changed within the stability window ({@code NOT_STABLE}): for scale-downs only
 *       in {@code seldonCore()}, for both directions in {@code documented()};</li>
 *   <li>autoscaling is enabled: a minimum or a maximum is set ({@code AUTOSCALING_DISABLED}); the target, the
 *       desired count plus or minus one, is at least {@code max(minReplicas, 1)} ({@code BELOW_MINIMUM}) and at
 *       most {@code maxReplicas} ({@code ABOVE_MAXIMUM});</li>
 *   <li>in {@code documented()} only, a scale-up needs a placement for the extra replica, or a server whose
 *       scale-up would make one ({@code NO_CAPACITY}).</li>
 * </ol>
 * The policy is stateless: its inputs are the snapshot, the trigger and the time.
 */
public final class InferenceLagPolicy {

    /**
     * The policy's settings.
     *
     * @param stabilityWindow  how long the model's status must have been unchanged, in time
     * @param stabilizeScaleUp whether the window also applies to scale-ups (it always applies to scale-downs)
     * @param capacityCheck    whether a scale-up needs room for the extra replica
     * @param placement        the placement rules the capacity check dry-runs; they must not draw randomness
     */
    public record Config(Duration stabilityWindow, boolean stabilizeScaleUp, boolean capacityCheck,
                         SchedulerConfig placement) {
        public Config {
            Objects.requireNonNull(stabilityWindow, "stabilityWindow");
            Objects.requireNonNull(placement, "placement");
            if (stabilityWindow.isNegative()) {
                throw new IllegalArgumentException("stabilityWindow must not be negative, got " + stabilityWindow);
            }
        }

        /** As Seldon's documentation says: 5 minutes in both directions, and a capacity check before scale-up. */
        public static Config documented() {
            return new Config(Duration.ofMinutes(5), true, true, SchedulerConfig.spreading());
        }

        /** As Seldon 2.10's code does: 60 s for scale-down only, no capacity check. */
        public static Config seldonCore() {
            return new Config(Duration.ofSeconds(60), false, false, SchedulerConfig.spreading());
        }
    }

    private final Config config;

    /** A policy with these settings. */
    public InferenceLagPolicy(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The policy's settings. */
    public Config config() {
        return config;
    }

    /**
     * The desired count one step from the current one, within the model's range ({@code calculateDesiredNumReplicas}
     * with {@code checkModelScalingWithinRange}).
     */
    public static Either<ModelScalingDecision.HoldReason, Integer> desiredReplicas(
        ScalingTrigger.Direction direction, ScalingSpec scaling) {
        int target = scaling.replicas() + (direction == ScalingTrigger.Direction.UP ? 1 : -1);
        if (!scaling.autoscalingEnabled()) {
            return Either.left(ModelScalingDecision.HoldReason.AUTOSCALING_DISABLED);
        }
        if (target < scaling.minReplicas() || target < 1) {
            return Either.left(ModelScalingDecision.HoldReason.BELOW_MINIMUM);
        }
        if (!scaling.maxReplicas().admits(target)) {
            return Either.left(ModelScalingDecision.HoldReason.ABOVE_MAXIMUM);
        }
        return Either.right(target);
    }

    /** The decision on {@code trigger} for the snapshot at time {@code now}. */
    public ModelScalingDecision decide(Cluster cluster, ScalingTrigger trigger, Instant now) {
        Option<Model> found = cluster.model(trigger.version().model());
        if (found.isEmpty()) {
            return hold(trigger, ModelScalingDecision.HoldReason.UNKNOWN_MODEL, "model " + trigger.version().model());
        }
        Model model = found.get();
        ModelVersion latest = model.latest();
        boolean up = trigger.direction() == ScalingTrigger.Direction.UP;
        if (!up && model.deleted()) {
            return hold(trigger, ModelScalingDecision.HoldReason.MODEL_DELETED, "deleted");
        }
        if (up && !model.lastAvailable().exists(v -> v.version() == latest.version())) {
            return hold(trigger, ModelScalingDecision.HoldReason.LATEST_NOT_AVAILABLE,
                "version " + latest.version() + " is " + latest.status().state());
        }
        if (latest.version() != trigger.version().version()) {
            return hold(trigger, ModelScalingDecision.HoldReason.VERSION_MISMATCH,
                "latest is " + latest.version() + ", trigger for " + trigger.version().version());
        }
        ScalingSpec scaling = latest.spec().scaling();
        if (!up || config.stabilizeScaleUp()) {
            Instant stableFrom = latest.status().timestamp().plus(config.stabilityWindow());
            if (!latest.status().timestamp().isBefore(now.minus(config.stabilityWindow()))) {
                return hold(trigger, ModelScalingDecision.HoldReason.NOT_STABLE,
                    "status " + latest.status().state() + " since " + latest.status().timestamp() + ", stable after "
                        + stableFrom);
            }
        }
        Either<ModelScalingDecision.HoldReason, Integer> target = desiredReplicas(trigger.direction(), scaling);
        if (target.isLeft()) {
            return hold(trigger, target.getLeft(), scaling.toString() + ", wanted "
                + (scaling.replicas() + (up ? 1 : -1)));
        }
        if (up && config.capacityCheck()) {
            Option<String> noRoom = noCapacity(cluster, latest.spec(), target.get(), now);
            if (noRoom.isDefined()) {
                return hold(trigger, ModelScalingDecision.HoldReason.NO_CAPACITY, noRoom.get());
            }
        }
        String why = up ? "lag " + trigger.amount() + " reached the threshold"
            : "idle since " + Instant.ofEpochSecond(trigger.amount());
        return new ModelScalingDecision.Scale(latest.id(), scaling.replicas(), target.get(), why);
    }

    /** The snapshot with the decision applied: a {@code Scale} sets the latest version's desired count. */
    public static Cluster apply(Cluster cluster, ModelScalingDecision decision, Instant now) {
        if (!(decision instanceof ModelScalingDecision.Scale scale)) {
            return cluster;
        }
        ModelSpec spec = cluster.model(scale.version().model()).get().latest().spec();
        return cluster.deployModel(spec.withScaling(spec.scaling().withReplicas(scale.to())), now);
    }

    private Option<String> noCapacity(Cluster cluster, ModelSpec spec, int target, Instant now) {
        Cluster wanted = cluster.deployModel(spec.withScaling(spec.scaling().withReplicas(target)), now);
        ScheduleResult result = new Scheduler(config.placement()).schedule(wanted, spec.name(), now).get();
        if (result.outcome() instanceof ScheduleOutcome.Placed placed && !placed.partial()) {
            return Option.none();
        }
        for (ServerName name : result.serverScaleUp()) {
            Server server = cluster.server(name).get();
            int expected = server.spec().expectedReplicas().count().getOrElse(server.replicas().size());
            if (server.spec().scaling().maxReplicas().admits(expected + 1L)) {
                return Option.none();
            }
        }
        return Option.some(result.outcome().describe());
    }

    private static ModelScalingDecision hold(
        ScalingTrigger trigger, ModelScalingDecision.HoldReason reason, String detail) {
        return new ModelScalingDecision.Hold(trigger.version(), reason, detail);
    }
}
