package io.modelscale.policy.server;

import io.modelscale.core.server.Server;
import io.modelscale.placement.packing.LowerBounds;
import io.modelscale.placement.packing.PackingProblem;
import io.modelscale.policy.NoMemory;
import io.modelscale.policy.Step;
import io.modelscale.policy.server.internal.SeldonServerScaling;
import io.modelscale.policy.server.internal.ServerStats;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * A server scale-up that counts memory ({@code shared/spec/README.md} §3, item 4): when a placement falls short,
 * scale to the {@link LowerBounds} of the desired replicas of the server's live models (the largest replica count,
 * memory over capacity, replicas larger than half a server replica), and to at least one more replica while a live
 * model lacks replicas that the current replicas cannot hold as placed (fragmentation), once every replica expected
 * has connected (a replica still starting will take them). These are the bounds the
 * {@link ConsolidatingPolicy} never goes below, so the two never undo each other. Stateless; registered as
 * {@value #NAME}.
 */
public record MemoryAwareScaleUp() implements ServerScaleUpPolicy<NoMemory> {

    /** The name this policy is registered under. */
    public static final String NAME = "server.memoryAware";

    @Override
    public NoMemory initialMemory() {
        return NoMemory.INSTANCE;
    }

    @Override
    public Step<NoMemory, ServerScalingDecision> decide(NoMemory memory, ServerObservation observation) {
        Server server = observation.server();
        Option<ServerHoldReason> notAsked = ServerScaleUpPolicy.notAsked(observation);
        if (notAsked.isDefined()) {
            return Step.of(memory, ServerScalingDecision.hold(observation, notAsked.get()));
        }
        int expected = server.spec().expectedReplicas().count().get();
        PackingProblem problem = PackingProblem.of(observation.cluster(), server.name()).get();
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
        return Step.of(memory, new ServerScalingDecision.Scale(server.name(), expected, to, reason, List.empty(),
            Option.none(), Option.some(bounds)));
    }
}
