package io.modelscale.policy.server;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.placement.Scheduler;
import io.modelscale.placement.SchedulerConfig;
import io.modelscale.placement.packing.LowerBounds;
import io.modelscale.placement.packing.PackingProblem;
import io.modelscale.placement.packing.RepackPlanner;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.collection.SortedMap;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeMap;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Objects;

/**
 * One step of server autoscaling for one server, usable from a control loop and from the simulator
 * ({@code shared/spec/seldon-core-2.md} §5, seed 004).
 *
 * <p>What triggers a step, as in Seldon: {@link Trigger#SCALE_UP} when placing a model that already had a server
 * could not reach its desired replicas; {@link Trigger#SCALE_DOWN} when a model replica on the server became
 * Unloaded or LoadFailed; and, for the consolidating policy, {@link Trigger#TICK}, a periodic evaluation.
 * <ul>
 *   <li>Scale-up by model replica count ({@link ScaleUp#MODEL_REPLICA_COUNT}, §5.2): the largest desired replica
 *       count of the server's models (deleted ones included, as in Seldon), capped at the maximum, when it exceeds
 *       the expected count; {@link ScaleUp#MEMORY_AWARE} targets the {@link LowerBounds} of the server's live models
 *       instead (replica count, memory, large replicas), the same bounds the consolidating policy never goes
 *       below, so the two never undo each other.</li>
 *   <li>Scale-down by Seldon's rules ({@link ScaleDown.Seldon}, §5.3: empty replicas, and lightly-loaded packing with
 *       the preset's packing chance and the caller's draw), or by the {@link ConsolidatingPolicy}.</li>
 *   <li>Every target is kept within {@code [max(minReplicas, 1), maxReplicas]}; with {@code safeScaleDown}, a
 *       scale-down that would leave a model of the removed replicas unplaceable is refused with the reason
 *       ({@link ScaleDownCheck}); otherwise it carries the drain steps.</li>
 * </ul>
 * Every decision, accepted or refused, reads as one line ({@link ServerScalingDecision#describe()}).
 */
public final class ServerAutoscaler {

    /** What started a step. */
    public enum Trigger {
        /** A model that already had a server could not get its desired replicas. */
        SCALE_UP,
        /** A model replica on the server became Unloaded or LoadFailed. */
        SCALE_DOWN,
        /** A periodic evaluation (acted on by the consolidating policy only). */
        TICK
    }

    /** How the server scales up. */
    public enum ScaleUp {
        /** Seldon's: to the largest desired model replica count. */
        MODEL_REPLICA_COUNT,
        /**
         * To the lower bounds of the live models' desired replicas (replica count, memory and large replicas), and
         * at least one more replica while a live model lacks replicas that the current replicas cannot hold as
         * placed (fragmentation).
         */
        MEMORY_AWARE
    }

    /** How the server scales down. */
    public sealed interface ScaleDown {
        /**
         * Seldon's empty-replica and lightly-loaded policies.
         *
         * @param packing how often packing is tried; {@link PackingChance#never()} for the empty-replica policy alone
         */
        record Seldon(PackingChance packing) implements ScaleDown {
            public Seldon {
                Objects.requireNonNull(packing, "packing");
            }
        }

        /**
         * The consolidating policy.
         *
         * @param config its settings
         */
        record Consolidating(ConsolidatingPolicy.Config config) implements ScaleDown {
            public Consolidating {
                Objects.requireNonNull(config, "config");
            }
        }
    }

    /**
     * The autoscaler's settings.
     *
     * @param enabled       whether server autoscaling acts at all ({@code autoscaling.autoscalingServerEnabled})
     * @param scaleUp       the scale-up policy
     * @param scaleDown     the scale-down policy
     * @param safeScaleDown whether a scale-down that leaves a model unplaceable is refused
     * @param placement     the placement rules the safety check uses; they must not draw randomness
     */
    public record Config(boolean enabled, ScaleUp scaleUp, ScaleDown scaleDown, boolean safeScaleDown,
                         SchedulerConfig placement) {
        public Config {
            Objects.requireNonNull(scaleUp, "scaleUp");
            Objects.requireNonNull(scaleDown, "scaleDown");
            Objects.requireNonNull(placement, "placement");
        }
    }

    /**
     * What the autoscaler remembers: the consolidating policy's memory per server.
     *
     * @param consolidation per server
     */
    public record Memory(SortedMap<ServerName, ConsolidatingPolicy.Memory> consolidation) {
        public Memory {
            Objects.requireNonNull(consolidation, "consolidation");
        }

        /** Nothing remembered. */
        public static Memory initial() {
            return new Memory(TreeMap.empty());
        }
    }

    /**
     * One step's result.
     *
     * @param memory   the memory for the next step
     * @param decision the decision, with its reason
     */
    public record Step(Memory memory, ServerScalingDecision decision) {
    }

    private final Config config;
    private final Scheduler scheduler;
    private final RepackPlanner planner;

    /** An autoscaler with these settings. */
    public ServerAutoscaler(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.scheduler = new Scheduler(config.placement());
        this.planner = new RepackPlanner();
    }

    /** The settings. */
    public Config config() {
        return config;
    }

    /**
     * One step for {@code server}.
     *
     * @param draw a uniform draw in {@code [0, 1)} for Seldon's packing chance; deterministic policies ignore it
     */
    public Step step(Memory memory, Cluster cluster, ServerName server, Trigger trigger, Instant now, double draw) {
        Option<Server> found = cluster.server(server);
        if (found.isEmpty()) {
            return new Step(memory, hold(server, "no such server"));
        }
        if (!config.enabled()) {
            return new Step(memory, hold(server, "server autoscaling is disabled"));
        }
        Server target = found.get();
        if (trigger == Trigger.SCALE_UP) {
            return new Step(memory, scaleUp(cluster, target));
        }
        if (config.scaleDown() instanceof ScaleDown.Consolidating consolidating) {
            ConsolidatingPolicy policy = new ConsolidatingPolicy(consolidating.config(), planner);
            ConsolidatingPolicy.Step step = policy.decide(
                memory.consolidation().get(server).getOrElse(ConsolidatingPolicy.Memory.initial()), cluster, server,
                now);
            Memory next = new Memory(memory.consolidation().put(server, step.memory()));
            return new Step(next, safe(cluster, target, step.decision(), now));
        }
        if (trigger == Trigger.TICK) {
            return new Step(memory, hold(server, "Seldon's scale-down acts only when a model replica is unloaded"));
        }
        ScaleDown.Seldon seldon = (ScaleDown.Seldon) config.scaleDown();
        ServerStats stats = ServerStats.of(cluster, server);
        Option<Long> wanted = SeldonServerScaling.scaleDown(target.spec().expectedReplicas(),
            target.spec().scaling().minReplicas(), stats, seldon.packing(), draw);
        int expected = target.spec().expectedReplicas().count().getOrElse(-1);
        if (wanted.isEmpty()) {
            return new Step(memory, hold(server, "no empty replica and no packing (expected " + expected + ", "
                + stats.numEmptyReplicas() + " empty, largest model " + stats.maxNumReplicaHostedModels() + ")"));
        }
        int to = clamp(target, wanted.get());
        if (to >= expected) {
            return new Step(memory, hold(server, "already at " + expected + " replicas, the lowest allowed"));
        }
        boolean packed = to < expected - stats.numEmptyReplicas();
        String reason = packed ? "lightly loaded: the largest model has " + stats.maxNumReplicaHostedModels()
            + " replicas" : stats.numEmptyReplicas() + " empty replicas";
        return new Step(memory, safe(cluster, target, new ServerScalingDecision.Scale(server, expected, to, reason,
            List.empty(), Option.none(), Option.none()), now));
    }

    private ServerScalingDecision scaleUp(Cluster cluster, Server server) {
        if (server.spec().expectedReplicas().count().isEmpty()) {
            return hold(server.name(), "the expected replica count is not known yet");
        }
        int expected = server.spec().expectedReplicas().count().get();
        long goal;
        String reason;
        Option<LowerBounds> read = Option.none();
        if (config.scaleUp() == ScaleUp.MEMORY_AWARE) {
            PackingProblem problem = PackingProblem.of(cluster, server.name()).get();
            LowerBounds bounds = LowerBounds.of(problem);
            goal = bounds.value();
            reason = "the models need " + bounds.describe();
            read = Option.some(bounds);
            int short_ = problem.items().map(i -> Math.max(0, i.replicas()
                - problem.current().get(i.version()).map(SortedSet::size).getOrElse(0))).sum().intValue();
            if (short_ > 0 && goal <= expected) {
                goal = expected + 1L;
                reason = "its models lack " + short_ + " replicas the current replicas cannot hold as placed ("
                    + bounds.describe() + ")";
            }
        } else {
            ServerStats stats = ServerStats.of(cluster, server.name());
            goal = SeldonServerScaling.scaleUp(server.spec().expectedReplicas(),
                SeldonServerScaling.schedulerMax(server.spec().scaling().maxReplicas()), stats).getOrElse((long) expected);
            reason = "the largest model wants " + stats.maxNumReplicaHostedModels() + " replicas";
        }
        int to = clamp(server, goal);
        if (to <= expected) {
            return new ServerScalingDecision.Hold(server.name(), "no scale-up: " + reason + ", expected " + expected
                + ", maximum " + server.spec().scaling().maxReplicas(), Option.none(), read);
        }
        return new ServerScalingDecision.Scale(server.name(), expected, to, reason, List.empty(), Option.none(), read);
    }

    private ServerScalingDecision safe(Cluster cluster, Server server, ServerScalingDecision decision, Instant now) {
        if (!(decision instanceof ServerScalingDecision.Scale scale) || scale.to() >= scale.from()) {
            return decision;
        }
        Either<String, Seq<DrainStep>> check = ScaleDownCheck.check(cluster, server.name(), scale.to(), scheduler,
            now);
        if (check.isLeft()) {
            if (config.safeScaleDown()) {
                return new ServerScalingDecision.Hold(server.name(), "scale-down to " + scale.to() + " refused: "
                    + check.getLeft(), scale.nextActAt(), scale.bounds());
            }
            return scale;
        }
        Seq<DrainStep> drain = scale.drain().isEmpty() ? check.get() : scale.drain();
        return new ServerScalingDecision.Scale(scale.server(), scale.from(), scale.to(), scale.reason(), drain,
            scale.nextActAt(), scale.bounds());
    }

    private static int clamp(Server server, long wanted) {
        int floor = server.spec().scaling().autoscalingFloor();
        long bounded = Math.max(floor, Math.min(SeldonServerScaling.schedulerMax(server.spec().scaling().maxReplicas()),
            wanted));
        return (int) Math.min(Integer.MAX_VALUE, bounded);
    }

    private static ServerScalingDecision hold(ServerName server, String reason) {
        return new ServerScalingDecision.Hold(server, reason, Option.none(), Option.none());
    }
}
