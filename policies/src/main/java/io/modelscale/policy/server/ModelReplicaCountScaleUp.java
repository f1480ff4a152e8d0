package io.modelscale.policy.server;

import io.modelscale.core.server.Server;
import io.modelscale.policy.NoMemory;
import io.modelscale.policy.Step;
import io.modelscale.policy.server.internal.SeldonServerScaling;
import io.modelscale.policy.server.internal.ServerStats;
import io.vavr.control.Option;

/**
 * Seldon Core 2's server scale-up by model replica count ({@code shared/spec/seldon-core-2.md} §5.2): when a
 * placement falls short, scale to the largest desired replica count of the models whose latest version is on the
 * server (deleted ones included, as in Seldon), capped at {@code maxReplicas}, once the operator has said how many
 * replicas the server runs. Stateless; registered as {@value #NAME}.
 */
public record ModelReplicaCountScaleUp() implements ServerScaleUpPolicy<NoMemory> {

    /** The name this policy is registered under. */
    public static final String NAME = "server.modelReplicaCount";

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
        ServerStats stats = ServerStats.of(observation.cluster(), server.name());
        long goal = SeldonServerScaling.scaleUp(server.spec().expectedReplicas(),
            SeldonServerScaling.schedulerMax(server.spec().scaling().maxReplicas()), stats).getOrElse((long) expected);
        int to = SeldonServerScaling.clamp(server.spec().scaling(), goal);
        if (to <= expected) {
            return Step.of(memory, ServerScalingDecision.hold(observation,
                new ServerHoldReason.NoScaleUpNeeded(goal, expected, server.spec().scaling())));
        }
        return Step.of(memory, ServerScalingDecision.scale(observation, to,
            new ServerScaleReason.LargestModel(stats.maxNumReplicaHostedModels())));
    }
}
