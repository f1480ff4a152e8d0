package io.modelscale.policy.server;

import io.modelscale.core.server.Server;
import io.modelscale.placement.packing.LowerBounds;
import io.modelscale.placement.packing.PackingProblem;
import io.modelscale.policy.Step;
import io.modelscale.policy.server.internal.SeldonServerScaling;
import io.modelscale.policy.server.internal.ServerStats;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A server scale-up that counts memory ({@code shared/spec/README.md} §3, item 4): when a placement falls short,
 * scale to the {@link LowerBounds} of the desired replicas of the server's live models (the largest replica count,
 * memory over capacity, replicas larger than half a server replica), and to at least one more replica while a live
 * model lacks replicas that the current replicas cannot hold as placed (fragmentation), once every replica expected
 * has connected (a replica still starting will take them). These are the bounds the
 * {@link ConsolidatingPolicy} never goes below. Registered as {@value #NAME}, counting memory requests only, with a
 * 5 minute reversal guard.
 *
 * <p>Without {@code countsMemory} it scales only to the largest desired replica count of the server's live models,
 * as Seldon's scale-up does ({@link ServerScaleReason.LargestModel}), and a model whose replicas do not fit in memory
 * waits for room; the reversal guard and the look after it are the same.
 *
 * <p>The reversal guard: within {@code reversalGuard} of a change the control loop made to the server's count that
 * this policy did not make (the scale-down policy's), it holds ({@link ServerHoldReason.ReversalGuard}) rather
 * than scale straight back up; the models short of replicas run on those they have until the guard ends. With a
 * scale-down policy that waits at least as long after a scale-up (the consolidating window), the server never
 * reverses within the guard. Its memory is when it last scaled up, and when the guard it held for ends: on the
 * first stats period after that it looks again ({@link #actsOnTick}), so that a model left short during the guard
 * gets its replicas.
 *
 * @param overcommit    whether a replica's overcommit share counts as room ({@code false}: its memory request alone,
 *                      for placement that never counts on overcommit, as the consolidating preset places)
 * @param reversalGuard how long after a change it did not make it does not scale up, zero or more
 * @param countsMemory  whether it scales up for memory (and for fragmentation) as well as for the largest replica
 *                      count
 */
public record MemoryAwareScaleUp(boolean overcommit, Duration reversalGuard, boolean countsMemory)
    implements ServerScaleUpPolicy<MemoryAwareScaleUp.Memory> {

    /** The name this policy is registered under. */
    public static final String NAME = "server.memoryAware";

    public MemoryAwareScaleUp {
        Objects.requireNonNull(reversalGuard, "reversalGuard");
        if (reversalGuard.isNegative() || reversalGuard.compareTo(Duration.ofDays(366)) > 0) {
            throw new IllegalArgumentException("reversalGuard must be from 0 to 366 days, got " + reversalGuard);
        }
    }

    /** A policy that counts memory. */
    public MemoryAwareScaleUp(boolean overcommit, Duration reversalGuard) {
        this(overcommit, reversalGuard, true);
    }

    /** The policy as registered: memory requests only, no overcommit, a 5 minute reversal guard. */
    public MemoryAwareScaleUp() {
        this(false, Duration.ofMinutes(5));
    }

    /**
     * The same guard scaling only to the largest desired replica count, as Seldon's scale-up does; the name it goes
     * by is {@value #COUNT_ONLY_NAME}.
     */
    public static MemoryAwareScaleUp countOnly() {
        return new MemoryAwareScaleUp(false, Duration.ofMinutes(5), false);
    }

    /** The name {@link #countOnly()} goes by. */
    public static final String COUNT_ONLY_NAME = "server.memoryAware.countOnly";

    /**
     * What the policy remembers for one server.
     *
     * @param lastUp     when it last scaled the server up, if it has
     * @param guardUntil when the reversal guard it last held for ends, if it held and has not looked again since
     */
    public record Memory(Option<Instant> lastUp, Option<Instant> guardUntil) {
        public Memory {
            Objects.requireNonNull(lastUp, "lastUp");
            Objects.requireNonNull(guardUntil, "guardUntil");
        }

        /** Nothing remembered. */
        public static Memory initial() {
            return new Memory(Option.none(), Option.none());
        }
    }

    @Override
    public Memory initialMemory() {
        return Memory.initial();
    }

    /**
     * True: after holding for its reversal guard, nothing else asks again (a model left short is not placed again
     * until a replica connects), so the policy asks to be asked on the first stats period once the guard is over.
     */
    @Override
    public boolean actsOnTick(Memory memory, java.time.Instant now) {
        return memory.guardUntil().exists(until -> !now.isBefore(until));
    }

    /**
     * Also, counting memory, whenever a model no server holds is waiting for room this server could give it
     * ({@link #waiting}): nothing else asks, since a model that failed to be placed asks no server to scale up.
     */
    @Override
    public boolean actsOnTick(Memory memory, ServerObservation observation) {
        return actsOnTick(memory, observation.now())
            || countsMemory && !waiting(observation.cluster(), observation.server(), capacity(observation)).isEmpty();
    }

    /**
     * The models no server holds that a replica of {@code server} could take, were there one more: not deleted,
     * their latest version ScheduleFailed and placed nowhere, not pinned to another server, their requirements (and an
     * explainer's capability) among the capabilities of its lowest replica (where placement looks), each replica of
     * them within {@code capacity}. A model that waits for another reason (a minimum beyond the server's maximum) can
     * take the server to its maximum, and no further.
     * Counting memory, the policy counts them with the server's own models, so that a cold start or a failed
     * placement that leaves them out does not leave them waiting for ever.
     */
    static io.vavr.collection.Seq<io.modelscale.placement.packing.PackingItem> waiting(
        io.modelscale.core.cluster.Cluster cluster, Server server, long capacity) {
        if (server.replicas().isEmpty() || capacity <= 0) {
            return List.empty();
        }
        io.vavr.collection.Seq<String> capabilities = server.replicas().head()._2.capabilities();
        java.util.List<io.modelscale.placement.packing.PackingItem> found = new java.util.ArrayList<>();
        for (io.vavr.Tuple2<io.modelscale.core.model.ModelName, io.modelscale.core.model.Model> entry
            : cluster.models()) {
            io.modelscale.core.model.ModelVersion latest = entry._2.latest();
            if (entry._2.deleted() || latest.server().isDefined()
                || latest.status().state() != io.modelscale.core.model.ModelState.SCHEDULE_FAILED
                || latest.spec().requestedServer().exists(pinned -> !pinned.equals(server.name()))
                || !capabilities.containsAll(latest.spec().requirements())
                || latest.spec().explainer() && !capabilities.contains(io.modelscale.core.model.ModelSpec
                    .EXPLAINER_CAPABILITY)
                || latest.spec().requiredMemoryBytes() > capacity) {
                continue;
            }
            found.add(io.modelscale.placement.packing.PackingItem.of(latest.id(), latest.spec()));
        }
        return List.ofAll(found);
    }

    /** The model memory one replica of the server may hold, as this policy counts it. */
    private long capacity(ServerObservation observation) {
        long most = 0;
        for (io.vavr.Tuple2<io.modelscale.core.server.ReplicaIndex, io.modelscale.core.server.ServerReplica> replica
            : observation.server().replicas()) {
            most = Math.max(most, overcommit ? replica._2.memory().capacityBytes() : replica._2.memory().totalBytes());
        }
        return most;
    }

    @Override
    public Step<Memory, ServerScalingDecision> decide(Memory memory, ServerObservation observation) {
        Server server = observation.server();
        boolean afterGuard = observation.trigger() == ServerTrigger.TICK
            && actsOnTick(memory, observation.now());
        // the models waiting for room, looked for once: they decide whether a stats period asks, and the bounds
        io.vavr.collection.Seq<io.modelscale.placement.packing.PackingItem> waiting = countsMemory
            ? waiting(observation.cluster(), server, capacity(observation)) : List.empty();
        boolean onTick = observation.trigger() == ServerTrigger.TICK && (afterGuard || !waiting.isEmpty());
        Option<ServerHoldReason> notAsked = onTick
            ? ServerScaleUpPolicy.notAsked(observation).filter(r -> !(r instanceof ServerHoldReason.NotOnThisTrigger))
            : ServerScaleUpPolicy.notAsked(observation);
        Memory looked = afterGuard ? new Memory(memory.lastUp(), Option.none()) : memory;
        if (notAsked.isDefined()) {
            return Step.of(looked, ServerScalingDecision.hold(observation, notAsked.get()));
        }
        int expected = server.spec().expectedReplicas().count().get();
        PackingProblem problem = PackingProblem.of(observation.cluster(), server.name(), overcommit).get();
        LowerBounds bounds = waiting.isEmpty() ? LowerBounds.of(problem) : withWaiting(problem, waiting);
        long goal = countsMemory ? bounds.value() : bounds.largestReplicaCount();
        ServerScaleReason reason = countsMemory ? new ServerScaleReason.ModelsNeed(bounds)
            : new ServerScaleReason.LargestModel(bounds.largestReplicaCount());
        int lacking = countsMemory ? ServerStats.lacking(problem) + waiting.map(
            io.modelscale.placement.packing.PackingItem::replicas).sum().intValue() : 0;
        if (lacking > 0 && goal <= expected && server.replicas().size() >= expected) {
            goal = expected + 1L;
            reason = new ServerScaleReason.Fragmented(lacking, bounds);
        }
        int to = SeldonServerScaling.clamp(server.spec().scaling(), goal);
        // on a stats period it scales only for a model still short: one lacking room, or (counting replicas alone)
        // the largest model wanting more replicas than are expected, which the first test leaves
        if (to <= expected || onTick && countsMemory && lacking == 0) {
            return Step.of(looked, new ServerScalingDecision.Hold(server.name(),
                new ServerHoldReason.NoScaleUpNeeded(goal, expected, server.spec().scaling()), Option.none(),
                Option.some(bounds)));
        }
        Option<Instant> changedByOthers = observation.lastScaled().filter(at -> !memory.lastUp().contains(at));
        if (changedByOthers.isDefined()
            && observation.now().isBefore(changedByOthers.get().plus(reversalGuard))) {
            Instant until = changedByOthers.get().plus(reversalGuard);
            return Step.of(new Memory(memory.lastUp(), Option.some(until)), new ServerScalingDecision.Hold(
                server.name(), new ServerHoldReason.ReversalGuard(changedByOthers.get(), until, to),
                Option.some(until), Option.some(bounds)));
        }
        return Step.of(new Memory(Option.some(observation.now()), Option.none()), new ServerScalingDecision.Scale(
            server.name(), expected, to, reason, List.empty(), Option.none(), Option.some(bounds)));
    }

    /** The bounds of the server's own models and the waiting ones together. */
    private static LowerBounds withWaiting(PackingProblem problem,
                                           io.vavr.collection.Seq<io.modelscale.placement.packing.PackingItem> waiting) {
        long capacity = problem.slots().map(io.modelscale.placement.packing.PackingSlot::capacityBytes).max()
            .getOrElse(0L);
        io.vavr.collection.Seq<io.modelscale.placement.packing.PackingItem> all = problem.items().appendAll(waiting);
        int[] replicas = new int[all.size()];
        long[] bytes = new long[all.size()];
        int i = 0;
        for (io.modelscale.placement.packing.PackingItem item : all) {
            replicas[i] = item.replicas();
            bytes[i++] = item.memoryBytes();
        }
        return LowerBounds.of(capacity, replicas, bytes, all.size());
    }
}
