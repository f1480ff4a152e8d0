package io.modelscale.policy.server;

import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.placement.packing.Assignment;
import io.modelscale.placement.packing.LowerBounds;
import io.modelscale.placement.packing.PackingProblem;
import io.modelscale.placement.packing.RepackFailure;
import io.modelscale.placement.packing.RepackPlan;
import io.modelscale.placement.packing.RepackPlanner;
import io.modelscale.policy.Step;
import io.modelscale.policy.server.internal.ServerStats;
import io.vavr.Lazy;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A server scale-down policy that consolidates models onto the fewest replicas that hold them, beyond Seldon's
 * lightly-loaded heuristic ({@code shared/spec/README.md} §3, item 4). Registered as {@value #NAME}.
 *
 * <p>It is deterministic (no random draw). Its target is the smallest replica count at or above the
 * {@link LowerBounds} (largest model replica count, memory over capacity, replicas larger than half a server
 * replica) for which the {@link RepackPlanner} finds an assignment, and never below {@code max(minReplicas, 1)}. It
 * acts, on every stats period and whenever a model replica on the server unloads, only after the server has been
 * over-provisioned (expected replicas above that target) for {@code window} without a break, removes at most
 * {@code maxStep} replicas per step, and then waits another window; a rise in the expected replicas (a scale-up)
 * also starts a new window, no step comes within the reversal guard of any change of the server's replica count
 * (its own or another policy's, as {@link ServerObservation#lastScaled()} tells), and it never steps down while a model on the server lacks replicas it wants. Its decision
 * carries the bounds, the make-before-break plan and the time it could act next. It only scales down, never below
 * the lower bounds the memory-aware scale-up aims at (when both count memory the same way: {@code overcommit} here
 * and there); that alone does not keep the two from undoing each other when models move or grow right after a
 * scale-down, which the scale-up's reversal guard does.
 *
 * @param config  the settings
 * @param planner the repacking planner
 */
public record ConsolidatingPolicy(Config config, RepackPlanner planner)
    implements ServerScaleDownPolicy<ConsolidatingPolicy.Memory> {

    /** The name this policy is registered under. */
    public static final String NAME = "server.consolidating";

    /** A policy with these settings, planning with {@code planner}. */
    public ConsolidatingPolicy {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(planner, "planner");
    }

    /** A policy with these settings and the default planner. */
    public static ConsolidatingPolicy of(Config config) {
        return new ConsolidatingPolicy(config, new RepackPlanner());
    }

    /**
     * The policy's settings.
     *
     * @param window     how long a server must be over-provisioned before a step, and the pause between steps
     * @param maxStep    the most replicas removed in one step, at least 1
     * @param overcommit    whether a replica's overcommit share counts as room ({@code false}: its memory
     *                      request alone, as {@link MemoryAwareScaleUp#overcommit()} must say too)
     * @param reversalGuard the least pause after the server grew or the policy stepped, however short the window: no
     *                      scale-down reverses a change within it
     */
    public record Config(Duration window, int maxStep, boolean overcommit, Duration reversalGuard) {

        /** These settings, counting memory requests only, with a 5 minute reversal guard. */
        public Config(Duration window, int maxStep) {
            this(window, maxStep, false, Duration.ofMinutes(5));
        }

        /** These settings with a 5 minute reversal guard. */
        public Config(Duration window, int maxStep, boolean overcommit) {
            this(window, maxStep, overcommit, Duration.ofMinutes(5));
        }

        public Config {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(reversalGuard, "reversalGuard");
            if (window.isNegative() || window.compareTo(Duration.ofDays(366)) > 0) {
                throw new IllegalArgumentException("window must be from 0 to 366 days, got " + window);
            }
            if (reversalGuard.isNegative() || reversalGuard.compareTo(Duration.ofDays(366)) > 0) {
                throw new IllegalArgumentException("reversalGuard must be from 0 to 366 days, got " + reversalGuard);
            }
            if (maxStep < 1) {
                throw new IllegalArgumentException("maxStep must be at least 1, got " + maxStep);
            }
        }

        /** A 5 minute window, one replica per step, memory requests only. */
        public static Config defaults() {
            return new Config(Duration.ofMinutes(5), 1);
        }
    }

    /**
     * What the policy remembers for one server.
     *
     * @param overProvisionedSince since when the server has had more replicas than its models need, if it has
     * @param lastStep             when the policy last asked to remove replicas (whether or not the control loop's
     *                             check let it), or saw the server grow
     * @param lastSeenReplicas     the expected replicas at the last decision
     * @param sizing               what the last decision worked out from the server's packing problem, reused while
     *                             the problem stays the same (equal memories hold the very same sizing, if any)
     */
    public record Memory(Option<Instant> overProvisionedSince, Option<Instant> lastStep,
                         Option<Integer> lastSeenReplicas, Option<Sizing> sizing) {
        public Memory {
            Objects.requireNonNull(overProvisionedSince, "overProvisionedSince");
            Objects.requireNonNull(lastStep, "lastStep");
            Objects.requireNonNull(lastSeenReplicas, "lastSeenReplicas");
            Objects.requireNonNull(sizing, "sizing");
        }

        /** What the policy remembers, with nothing worked out yet. */
        public Memory(Option<Instant> overProvisionedSince, Option<Instant> lastStep,
                      Option<Integer> lastSeenReplicas) {
            this(overProvisionedSince, lastStep, lastSeenReplicas, Option.none());
        }

        /** Nothing remembered. */
        public static Memory initial() {
            return new Memory(Option.none(), Option.none(), Option.none());
        }
    }

    /**
     * What the policy worked out from one packing problem of its server: the problem, its lower bounds, and the
     * fewest replicas the planner packs it onto (worked out the first time a decision needs it). A stats period whose
     * problem is the same ({@link PackingProblem#sameAs}) reuses it instead of reading and packing the server's models
     * again: the decision is the same either way.
     */
    public static final class Sizing {
        private final PackingProblem problem;
        private final LowerBounds bounds;
        private final Lazy<Either<RepackFailure, Integer>> fewest;

        Sizing(PackingProblem problem, RepackPlanner planner) {
            this.problem = problem;
            this.bounds = LowerBounds.of(problem);
            this.fewest = Lazy.of(() -> planner.fewestReplicas(problem));
        }

        /** The problem it was worked out from. */
        public PackingProblem problem() {
            return problem;
        }

        /** The problem's lower bounds. */
        public LowerBounds bounds() {
            return bounds;
        }

        /** The fewest replicas the planner packs the problem onto, or why it packs it onto none. */
        public Either<RepackFailure, Integer> fewestReplicas() {
            return fewest.get();
        }

        @Override
        public String toString() {
            return "Sizing[" + problem.server() + ", " + problem.items().size() + " models, " + bounds.describe() + "]";
        }
    }

    @Override
    public Memory initialMemory() {
        return Memory.initial();
    }

    @Override
    public Step<Memory, ServerScalingDecision> decide(Memory memory, ServerObservation observation) {
        ServerName server = observation.name();
        if (observation.trigger() == ServerTrigger.PLACEMENT_SHORT) {
            return Step.of(memory, ServerScalingDecision.hold(observation,
                new ServerHoldReason.NotOnThisTrigger(observation.trigger())));
        }
        Server found = observation.server();
        Instant now = observation.now();
        int expected = observation.expectedReplicas();
        int floor = found.spec().scaling().autoscalingFloor();
        Option<Sizing> kept = memory.sizing().filter(known -> known.problem().sameAs(observation.cluster(),
            config.overcommit()));
        Sizing sizing = kept.getOrElse(() -> new Sizing(
            PackingProblem.of(observation.cluster(), server, config.overcommit()).get(), planner));
        Option<Sizing> worked = Option.some(sizing);
        PackingProblem problem = sizing.problem();
        LowerBounds bounds = sizing.bounds();
        Option<Integer> seen = Option.some(expected);
        Memory remembered = memory.lastSeenReplicas().exists(previous -> expected > previous)
            ? new Memory(Option.none(), Option.some(now), seen, worked) : memory;
        Memory calm = new Memory(Option.none(), remembered.lastStep(), seen, worked);
        int lacking = ServerStats.lacking(problem);
        if (lacking > 0) {
            return hold(calm, server, new ServerHoldReason.ModelsLackReplicas(lacking), Option.none(), bounds);
        }
        if (Math.max(floor, bounds.value()) >= expected) {
            return hold(calm, server, new ServerHoldReason.AllReplicasNeeded(expected, bounds, Option.none()),
                Option.none(), bounds);
        }
        Either<RepackFailure, Integer> minimal = sizing.fewestReplicas();
        if (minimal.isLeft()) {
            return hold(calm, server, new ServerHoldReason.CannotPack(minimal.getLeft()), Option.none(), bounds);
        }
        int needed = Math.max(floor, minimal.get());
        if (needed >= expected) {
            return hold(calm, server, new ServerHoldReason.AllReplicasNeeded(expected, bounds, Option.some(needed)),
                Option.none(), bounds);
        }
        Instant since = remembered.overProvisionedSince().getOrElse(now);
        Instant ready = since.plus(config.window());
        Duration pause = config.window().compareTo(config.reversalGuard()) >= 0 ? config.window()
            : config.reversalGuard();
        Instant pauseOver = remembered.lastStep().map(t -> t.plus(pause)).getOrElse(ready);
        Instant guardOver = observation.lastScaled().map(t -> t.plus(config.reversalGuard())).getOrElse(ready);
        Instant canAct = latest(ready, latest(pauseOver, guardOver));
        Memory waiting = new Memory(Option.some(since), remembered.lastStep(), seen, worked);
        if (now.isBefore(canAct)) {
            return hold(waiting, server, new ServerHoldReason.OverProvisioned(since, expected, needed, bounds),
                Option.some(canAct), bounds);
        }
        int target = Math.max(needed, expected - config.maxStep());
        Either<RepackFailure, RepackPlan> plan = planner.plan(problem, target);
        if (plan.isLeft()) {
            return hold(waiting, server, new ServerHoldReason.NoSafePlan(target, plan.getLeft()),
                Option.some(now.plus(config.window())), bounds);
        }
        List<DrainStep> steps = plan.get().steps().toList().map(s ->
            new DrainStep(s.action(), s.version(), new ServerReplicaId(server, s.replica())));
        Instant next = now.plus(pause);
        return Step.of(new Memory(Option.none(), Option.some(now), seen, worked),
            new ServerScalingDecision.Scale(server, expected, target, new ServerScaleReason.Consolidate(needed, bounds),
                steps, Option.some(next), Option.some(bounds)));
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Step<Memory, ServerScalingDecision> hold(Memory memory, ServerName server,
                                                            ServerHoldReason reason, Option<Instant> next,
                                                            LowerBounds bounds) {
        return Step.of(memory, new ServerScalingDecision.Hold(server, reason, next, Option.some(bounds)));
    }
}
