package io.modelscale.policy.server;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.placement.packing.Assignment;
import io.modelscale.placement.packing.LowerBounds;
import io.modelscale.placement.packing.PackingProblem;
import io.modelscale.placement.packing.RepackFailure;
import io.modelscale.placement.packing.RepackPlan;
import io.modelscale.placement.packing.RepackPlanner;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A server scale-down policy that consolidates models onto the fewest replicas that hold them, beyond Seldon's
 * lightly-loaded heuristic ({@code shared/spec/README.md} §3, item 4).
 *
 * <p>It is deterministic (no random draw). Its target is the smallest replica count at or above the
 * {@link LowerBounds} (largest model replica count, memory over capacity, replicas larger than half a server
 * replica) for which the {@link RepackPlanner} finds an assignment, and never below {@code max(minReplicas, 1)}. It
 * acts only after the server has been over-provisioned (expected replicas above that target) for {@code window}
 * without a break, removes at most {@code maxStep} replicas per step, and then waits another window; a rise in the
 * expected replicas (a scale-up) also starts a new window, and it never steps down while a model on the server lacks
 * replicas it wants. Its decision
 * carries the bounds, the make-before-break plan and the time it could act next. It only scales down; the
 * scale-up policy keeps the largest model replica count, which the target never goes below, so the two cannot
 * undo each other.
 */
public final class ConsolidatingPolicy {

    /**
     * The policy's settings.
     *
     * @param window  how long a server must be over-provisioned before a step, and the pause between steps
     * @param maxStep the most replicas removed in one step, at least 1
     */
    public record Config(Duration window, int maxStep) {
        public Config {
            Objects.requireNonNull(window, "window");
            if (window.isNegative()) {
                throw new IllegalArgumentException("window must not be negative, got " + window);
            }
            if (maxStep < 1) {
                throw new IllegalArgumentException("maxStep must be at least 1, got " + maxStep);
            }
        }

        /** A 5 minute window and one replica per step. */
        public static Config defaults() {
            return new Config(Duration.ofMinutes(5), 1);
        }
    }

    /**
     * What the policy remembers for one server.
     *
     * @param overProvisionedSince since when the server has had more replicas than its models need, if it has
     * @param lastStep             when the policy last removed replicas, or saw the server grow
     * @param lastSeenReplicas     the expected replicas at the last decision
     */
    public record Memory(Option<Instant> overProvisionedSince, Option<Instant> lastStep,
                         Option<Integer> lastSeenReplicas) {
        public Memory {
            Objects.requireNonNull(overProvisionedSince, "overProvisionedSince");
            Objects.requireNonNull(lastStep, "lastStep");
            Objects.requireNonNull(lastSeenReplicas, "lastSeenReplicas");
        }

        /** Nothing remembered. */
        public static Memory initial() {
            return new Memory(Option.none(), Option.none(), Option.none());
        }
    }

    /**
     * One decision with the memory after it.
     *
     * @param memory   the memory for the next decision
     * @param decision the decision
     * @param bounds   the lower bounds it was checked against, if the server's models could be read
     */
    public record Step(Memory memory, ServerScalingDecision decision, Option<LowerBounds> bounds) {
    }

    private final Config config;
    private final RepackPlanner planner;

    /** A policy with these settings, planning with {@code planner}. */
    public ConsolidatingPolicy(Config config, RepackPlanner planner) {
        this.config = Objects.requireNonNull(config, "config");
        this.planner = Objects.requireNonNull(planner, "planner");
    }

    /** The settings. */
    public Config config() {
        return config;
    }

    /** The decision for {@code server} at {@code now}. */
    public Step decide(Memory memory, Cluster cluster, ServerName server, Instant now) {
        Option<Server> found = cluster.server(server);
        if (found.isEmpty()) {
            return new Step(Memory.initial(), new ServerScalingDecision.Hold(server, "no such server", Option.none(),
                Option.none()), Option.none());
        }
        int expected = found.get().spec().expectedReplicas().count().getOrElse(found.get().replicas().size());
        int floor = found.get().spec().scaling().autoscalingFloor();
        PackingProblem problem = PackingProblem.of(cluster, server).get();
        LowerBounds bounds = LowerBounds.of(problem);
        Option<Integer> seen = Option.some(expected);
        if (memory.lastSeenReplicas().exists(previous -> expected > previous)) {
            memory = new Memory(Option.none(), Option.some(now), seen);
        }
        int lacking = problem.items().map(i -> Math.max(0, i.replicas()
            - problem.current().get(i.version()).map(io.vavr.collection.SortedSet::size).getOrElse(0))).sum().intValue();
        if (lacking > 0) {
            return new Step(new Memory(Option.none(), memory.lastStep(), seen), hold(server, "its models lack "
                + lacking + " replicas", Option.none(), bounds), Option.some(bounds));
        }
        if (Math.max(floor, bounds.value()) >= expected) {
            return new Step(new Memory(Option.none(), memory.lastStep(), seen), hold(server, "its " + expected
                + " replicas are all needed (" + bounds.describe() + ")", Option.none(), bounds), Option.some(bounds));
        }
        Either<RepackFailure, Assignment> minimal = planner.assignMinimal(problem);
        if (minimal.isLeft()) {
            return new Step(new Memory(Option.none(), memory.lastStep(), seen),
                hold(server, "its models cannot be packed onto its replicas: " + minimal.getLeft().describe(),
                    Option.none(), bounds), Option.some(bounds));
        }
        int needed = Math.max(floor, minimal.get().targetReplicas());
        if (needed >= expected) {
            return new Step(new Memory(Option.none(), memory.lastStep(), seen), hold(server, "its " + expected
                + " replicas are all needed (" + bounds.describe() + ", packs onto " + needed + ")", Option.none(),
                bounds), Option.some(bounds));
        }
        Instant since = memory.overProvisionedSince().getOrElse(now);
        Instant ready = since.plus(config.window());
        Instant pauseOver = memory.lastStep().map(t -> t.plus(config.window())).getOrElse(ready);
        Instant canAct = ready.isAfter(pauseOver) ? ready : pauseOver;
        Memory waiting = new Memory(Option.some(since), memory.lastStep(), seen);
        if (now.isBefore(canAct)) {
            return new Step(waiting, hold(server, "over-provisioned since " + since + ": " + expected
                + " replicas where " + needed + " suffice (" + bounds.describe() + ")", Option.some(canAct), bounds),
                Option.some(bounds));
        }
        int target = Math.max(needed, expected - config.maxStep());
        Either<RepackFailure, RepackPlan> plan = planner.plan(problem, target);
        if (plan.isLeft()) {
            return new Step(waiting, hold(server, "no safe plan onto " + target + " replicas: "
                + plan.getLeft().describe(), Option.some(now.plus(config.window())), bounds), Option.some(bounds));
        }
        List<DrainStep> steps = plan.get().steps().toList().map(s ->
            new DrainStep(s.action(), s.version(), new ServerReplicaId(server, s.replica())));
        Instant next = now.plus(config.window());
        return new Step(new Memory(Option.none(), Option.some(now), Option.some(target)),
            new ServerScalingDecision.Scale(server, expected, target, "consolidate: " + needed + " replicas hold its"
                + " models (" + bounds.describe() + ")", steps, Option.some(next), Option.some(bounds)),
            Option.some(bounds));
    }

    private static ServerScalingDecision hold(ServerName server, String reason, Option<Instant> next,
                                              LowerBounds bounds) {
        return new ServerScalingDecision.Hold(server, reason, next, Option.some(bounds));
    }
}
