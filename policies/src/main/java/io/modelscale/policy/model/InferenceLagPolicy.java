package io.modelscale.policy.model;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.placement.ScheduleOutcome;
import io.modelscale.placement.ScheduleResult;
import io.modelscale.placement.Scheduler;
import io.modelscale.placement.SchedulerConfig;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Objects;

/**
 * Seldon Core 2's model autoscaling on inference lag and inactivity ({@code shared/spec/seldon-core-2.md} §2), one
 * replica at a time. Registered as {@value #NAME}.
 *
 * <p>Seldon's agents count each model's lag (a request starting adds one, one ending takes one away, never below
 * zero) and, every stats period, send a scale-up trigger when the lag is at least {@code lagThreshold} (resetting it
 * to zero) and a scale-down trigger while the model has received no request for {@code inactiveThreshold}; only
 * models with a minimum or a maximum set take part. This policy follows those counters from the
 * {@link ModelSignals}: the lag is the requests outstanding now minus the fewest outstanding since the last
 * scale-up trigger, spread over the serving replicas as the agents of each replica would count them. When the signals
 * say what each replica has outstanding ({@link ModelSignals#perReplica()}), each agent's counter is followed on its
 * own (its outstanding now minus its fewest since it last fired) and the busiest agent's decides, as the first agent
 * to reach the threshold triggers the scale-up in Seldon; the agents at the threshold reset. The memory is those
 * fewest counts and when the policy first saw the model (its last use until a request arrives).
 *
 * <p>On a trigger it decides as Seldon's scheduler does ({@link #decide(Cluster, ScalingTrigger, Instant)}); the
 * stability window Seldon applies before that composes with this policy as a
 * {@link io.modelscale.policy.StabilityWindow}.
 *
 * @param config the policy's settings
 */
public record InferenceLagPolicy(Config config) implements ModelScalingPolicy<InferenceLagPolicy.Memory> {

    /** The name this policy is registered under. */
    public static final String NAME = "model.inferenceLag";

    /**
     * The policy's settings.
     *
     * @param lag           the agents' lag and inactivity thresholds
     * @param capacityCheck whether a scale-up needs room for the extra replica (the documentation's reading)
     * @param placement     the placement rules the capacity check dry-runs; random choices draw from a fixed seed
     */
    public record Config(LagSettings lag, boolean capacityCheck, SchedulerConfig placement) {
        public Config {
            Objects.requireNonNull(lag, "lag");
            Objects.requireNonNull(placement, "placement");
        }

        /** As Seldon's documentation says: the Helm chart's thresholds and a capacity check before a scale-up. */
        public static Config documented() {
            return new Config(LagSettings.helmDefaults(), true, SchedulerConfig.spreading());
        }

        /** As Seldon 2.10's code does: the Helm chart's thresholds and no capacity check. */
        public static Config seldonCore() {
            return new Config(LagSettings.helmDefaults(), false, SchedulerConfig.spreading());
        }
    }

    /**
     * What the policy remembers for one model.
     *
     * @param fewestSinceReset the fewest requests outstanding since the agents last reset their lag counter
     * @param lastUse          the model's last use as far as signals without the time of the last request tell it:
     *                         when the policy first saw the model, then each decision whose signals showed requests
     *                         arriving or outstanding; signals that carry {@link ModelSignals#lastRequest()} are read
     *                         instead
     * @param replicaFewest    under per-replica signals, each agent's fewest outstanding since it last reset its
     *                         counter, for the agents where that is above zero
     */
    public record Memory(long fewestSinceReset, Instant lastUse,
                         io.vavr.collection.Map<ServerReplicaId, Long> replicaFewest) {
        public Memory {
            Objects.requireNonNull(lastUse, "lastUse");
            Objects.requireNonNull(replicaFewest, "replicaFewest");
            for (io.vavr.Tuple2<ServerReplicaId, Long> e : replicaFewest) {
                if (e._2 == null || e._2 < 0) {
                    throw new IllegalArgumentException("replicaFewest must not be negative, got " + e._2 + " for "
                        + e._1);
                }
            }
            if (fewestSinceReset < 0) {
                throw new IllegalArgumentException("fewestSinceReset must not be negative, got " + fewestSinceReset);
            }
        }

        /** Memory without per-agent counters. */
        public Memory(long fewestSinceReset, Instant lastUse) {
            this(fewestSinceReset, lastUse, io.vavr.collection.HashMap.empty());
        }
    }

    /** A policy with these settings. */
    public InferenceLagPolicy {
        Objects.requireNonNull(config, "config");
    }

    @Override
    public Memory initialMemory(ModelObservation first) {
        return new Memory(0, first.now());
    }

    @Override
    public Step<Memory, ModelScalingDecision> decide(Memory memory, ModelObservation observation) {
        ModelSignals signals = observation.own();
        long fewest = Math.min(memory.fewestSinceReset(), signals.fewestOutstanding());
        long lag = signals.outstanding() - fewest;
        int serving = Math.max(1, observation.readyReplicas());
        long perReplica = (lag + serving - 1) / serving;
        long threshold = config.lag().lagThreshold();
        io.vavr.collection.Map<ServerReplicaId, Long> agents = io.vavr.collection.HashMap.empty();
        io.vavr.collection.Map<ServerReplicaId, Long> agentsReset = agents;
        if (signals.perReplica().isDefined()) {
            // each agent's own counter: its outstanding now minus its fewest since it last reset, zero before then
            perReplica = 0;
            for (ReplicaOutstanding replica : signals.perReplica().get()) {
                long agentFewest = Math.min(memory.replicaFewest().get(replica.replica()).getOrElse(0L),
                    replica.fewestOutstanding());
                long agentLag = replica.outstanding() - agentFewest;
                perReplica = Math.max(perReplica, agentLag);
                long afterReset = agentLag >= threshold ? replica.outstanding() : agentFewest;
                agents = agentFewest == 0 ? agents : agents.put(replica.replica(), agentFewest);
                agentsReset = afterReset == 0 ? agentsReset : agentsReset.put(replica.replica(), afterReset);
            }
        }
        Instant now = observation.now();
        // Signals without the time of the last request (ModelSignals.of) still say the model is in use now when
        // requests arrive or are outstanding: idle time counts from the last such decision, not from the first one.
        boolean enabled = !observation.model().deleted() && observation.scaling().autoscalingEnabled();
        // (a model that does not autoscale keeps its last use, so that its standing hold stays true)
        boolean inUse = enabled && signals.lastRequest().isEmpty()
            && (signals.arrivalsPerSecond() > 0 || signals.outstanding() > 0);
        Instant lastUse = inUse && now.isAfter(memory.lastUse()) ? now : memory.lastUse();
        Instant lastUsed = signals.lastRequest().getOrElse(lastUse);
        if (enabled && perReplica >= threshold) {
            ScalingTrigger up = new ScalingTrigger(observation.latest().id(), ScalingTrigger.Direction.UP, perReplica);
            return Step.of(new Memory(signals.outstanding(), lastUse, agentsReset),
                decide(observation.cluster(), up, now, lastUsed));
        }
        Memory next = new Memory(fewest, lastUse, agents);
        long inactive = config.lag().inactiveThreshold().getSeconds();
        if (enabled && lastUsed.getEpochSecond() <= now.getEpochSecond() - inactive) {
            ScalingTrigger down = new ScalingTrigger(observation.latest().id(), ScalingTrigger.Direction.DOWN,
                lastUsed.getEpochSecond());
            // A scale-down is held on the model's own spec alone (deleted, range, version): that hold stands while
            // the model and its signals do, idle time only growing.
            ModelScalingDecision decision = decide(observation.cluster(), down, now, lastUsed);
            return decision instanceof ModelScalingDecision.Hold ? Step.steady(next, decision)
                : Step.of(next, decision);
        }
        long seenLag = perReplica;
        boolean busiest = signals.perReplica().isDefined();
        boolean requested = signals.lastRequest().isDefined();
        long lastSecond = lastUsed.getEpochSecond();
        ModelScalingDecision hold = ModelScalingDecision.hold(observation, enabled ? HoldReason.NO_TRIGGER
            : observation.model().deleted() ? HoldReason.MODEL_DELETED : HoldReason.AUTOSCALING_DISABLED,
            () -> "lag " + seenLag + (busiest ? " on the busiest agent" : " per replica") + ", threshold " + threshold
                + (requested ? "; last request at second " : "; no request time given, last seen in use (or first seen)"
                    + " at second ") + lastSecond
                + ", scale-down after " + inactive + " s idle");
        // Deciding again on the same model and signals gives this memory back (each count is a running minimum)
        // and this hold, until the model has been idle for the inactivity threshold; not when signals without a
        // request time say it is in use, which moves its last use to the time of each decision.
        if (!enabled) {
            return Step.steady(next, hold);
        }
        return inUse ? Step.of(next, hold) : Step.steady(next, hold, idleUntil(lastUsed, inactive));
    }

    /** The first instant at which a model last used at {@code lastUsed} has been idle {@code inactive} seconds. */
    private static Instant idleUntil(Instant lastUsed, long inactive) {
        long second = lastUsed.getEpochSecond();
        return second > Instant.MAX.getEpochSecond() - inactive ? Instant.MAX : Instant.ofEpochSecond(second + inactive);
    }

    /**
     * The desired count one step from the current one, within the model's range ({@code calculateDesiredNumReplicas}
     * with {@code checkModelScalingWithinRange}).
     */
    public static Either<HoldReason, Integer> desiredReplicas(ScalingTrigger.Direction direction, ScalingSpec scaling) {
        int target = scaling.replicas() + (direction == ScalingTrigger.Direction.UP ? 1 : -1);
        if (!scaling.autoscalingEnabled()) {
            return Either.left(HoldReason.AUTOSCALING_DISABLED);
        }
        if (target < scaling.minReplicas() || target < 1) {
            return Either.left(HoldReason.BELOW_MINIMUM);
        }
        if (!scaling.maxReplicas().admits(target)) {
            return Either.left(HoldReason.ABOVE_MAXIMUM);
        }
        return Either.right(target);
    }

    /**
     * The scheduler's decision on an agent's trigger ({@code shared/spec/seldon-core-2.md} §2.2,
     * {@code createScalingPseudoRequest}), for a control plane that receives Seldon's agents' triggers itself. The
     * checks run in Seldon's order, the first that fails holding the count with its reason: the model exists
     * ({@code UNKNOWN_MODEL}); a scale-down needs a model that is not deleted ({@code MODEL_DELETED}), a scale-up
     * needs the latest version to be the last one Available ({@code LATEST_NOT_AVAILABLE}); the trigger is for the
     * latest version ({@code VERSION_MISMATCH}); autoscaling is enabled and the target, the desired count plus or
     * minus one, lies within {@code [max(minReplicas, 1), maxReplicas]} ({@code AUTOSCALING_DISABLED},
     * {@code BELOW_MINIMUM}, {@code ABOVE_MAXIMUM}); with the capacity check, a scale-up needs a placement for the
     * extra replica or a server whose scale-up would make one ({@code NO_CAPACITY}). Seldon's stability window is
     * not applied here: compose a {@link io.modelscale.policy.StabilityWindow}.
     */
    public ModelScalingDecision decide(Cluster cluster, ScalingTrigger trigger, Instant now) {
        return decide(cluster, trigger, now, Instant.ofEpochSecond(trigger.amount()));
    }

    private ModelScalingDecision decide(Cluster cluster, ScalingTrigger trigger, Instant now, Instant lastUsed) {
        Option<Model> found = cluster.model(trigger.version().model());
        if (found.isEmpty()) {
            return hold(trigger, HoldReason.UNKNOWN_MODEL, "model " + trigger.version().model());
        }
        Model model = found.get();
        ModelVersion latest = model.latest();
        boolean up = trigger.direction() == ScalingTrigger.Direction.UP;
        if (!up && model.deleted()) {
            return hold(trigger, HoldReason.MODEL_DELETED, "deleted");
        }
        if (up && !model.lastAvailable().exists(v -> v.version() == latest.version())) {
            return hold(trigger, HoldReason.LATEST_NOT_AVAILABLE,
                "version " + latest.version() + " is " + latest.status().state());
        }
        if (latest.version() != trigger.version().version()) {
            return hold(trigger, HoldReason.VERSION_MISMATCH,
                "latest is " + latest.version() + ", trigger for " + trigger.version().version());
        }
        ScalingSpec scaling = latest.spec().scaling();
        Either<HoldReason, Integer> target = desiredReplicas(trigger.direction(), scaling);
        if (target.isLeft()) {
            return hold(trigger, target.getLeft(), scaling + ", wanted " + (scaling.replicas() + (up ? 1 : -1)));
        }
        if (up && config.capacityCheck()) {
            Option<String> noRoom = noCapacity(cluster, latest.spec(), target.get(), now);
            if (noRoom.isDefined()) {
                return hold(trigger, HoldReason.NO_CAPACITY, noRoom.get());
            }
        }
        ModelScaleReason why = up ? new ModelScaleReason.LagReached(trigger.amount(), config.lag().lagThreshold())
            : new ModelScaleReason.Idle(lastUsed, config.lag().inactiveThreshold());
        return new ModelScalingDecision.Scale(latest.id(), scaling.replicas(), target.get(), why);
    }

    private Option<String> noCapacity(Cluster cluster, ModelSpec spec, int target, Instant now) {
        Cluster wanted = cluster.deployModel(spec.withScaling(spec.scaling().withReplicas(target)), now);
        ScheduleResult result = new Scheduler(config.placement()).schedule(wanted, spec.name(), now,
            new java.util.SplittableRandom(0)).get();
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

    private static ModelScalingDecision hold(ScalingTrigger trigger, HoldReason reason, String detail) {
        return new ModelScalingDecision.Hold(trigger.version(), reason, detail);
    }
}
