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
 * <p>The reversal guard: within {@code reversalGuard} of a change to the server's count that this policy did not
 * make (a consolidating scale-down, or a change by hand), it holds ({@link ServerHoldReason.ReversalGuard}) rather
 * than scale straight back up; the models short of replicas run on those they have until the guard ends. With a
 * scale-down policy that waits at least as long after a scale-up (the consolidating window), the server never
 * reverses within the guard. Its memory is when it last scaled up.
 *
 * @param overcommit    whether a replica's overcommit share counts as room ({@code false}: its memory request alone,
 *                      for placement that never counts on overcommit, as the consolidating preset places)
 * @param reversalGuard how long after a change it did not make it does not scale up, zero or more
 */
public record MemoryAwareScaleUp(boolean overcommit, Duration reversalGuard)
    implements ServerScaleUpPolicy<Option<Instant>> {

    /** The name this policy is registered under. */
    public static final String NAME = "server.memoryAware";

    public MemoryAwareScaleUp {
        Objects.requireNonNull(reversalGuard, "reversalGuard");
        if (reversalGuard.isNegative()) {
            throw new IllegalArgumentException("reversalGuard must not be negative, got " + reversalGuard);
        }
    }

    /** The policy as registered: memory requests only, no overcommit, a 5 minute reversal guard. */
    public MemoryAwareScaleUp() {
        this(false, Duration.ofMinutes(5));
    }

    @Override
    public Option<Instant> initialMemory() {
        return Option.none();
    }

    @Override
    public Step<Option<Instant>, ServerScalingDecision> decide(Option<Instant> memory,
                                                              ServerObservation observation) {
        Server server = observation.server();
        Option<ServerHoldReason> notAsked = ServerScaleUpPolicy.notAsked(observation);
        if (notAsked.isDefined()) {
            return Step.of(memory, ServerScalingDecision.hold(observation, notAsked.get()));
        }
        int expected = server.spec().expectedReplicas().count().get();
        PackingProblem problem = PackingProblem.of(observation.cluster(), server.name(), overcommit).get();
        LowerBounds bounds = LowerBounds.of(problem);
        long goal = bounds.value();
        ServerScaleReason reason = new ServerScaleReason.ModelsNeed(bounds);
        int lacking = ServerStats.lacking(problem);
        if (lacking > 0 && goal <= expected && server.replicas().size() >= expected) {
            goal = expected + 1L;
            reason = new ServerScaleReason.Fragmented(lacking, bounds);
        }
        int to = SeldonServerScaling.clamp(server.spec().scaling(), goal);
        if (to <= expected) {
            return Step.of(memory, new ServerScalingDecision.Hold(server.name(),
                new ServerHoldReason.NoScaleUpNeeded(goal, expected, server.spec().scaling()), Option.none(),
                Option.some(bounds)));
        }
        Option<Instant> changedByOthers = observation.lastScaled().filter(at -> !memory.contains(at));
        if (changedByOthers.isDefined()
            && observation.now().isBefore(changedByOthers.get().plus(reversalGuard))) {
            Instant until = changedByOthers.get().plus(reversalGuard);
            return Step.of(memory, new ServerScalingDecision.Hold(server.name(),
                new ServerHoldReason.ReversalGuard(changedByOthers.get(), until, to), Option.some(until),
                Option.some(bounds)));
        }
        return Step.of(Option.some(observation.now()), new ServerScalingDecision.Scale(server.name(), expected, to,
            reason, List.empty(), Option.none(), Option.some(bounds)));
    }
}
