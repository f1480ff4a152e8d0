package io.modelscale.policy.server;

import io.modelscale.policy.NoMemory;
import io.modelscale.policy.Step;

/**
 * Seldon Core 2's empty-replica server scale-down ({@code shared/spec/seldon-core-2.md} §5.3, packing off, as the
 * Helm chart installs it): when a model replica on the server unloads, lower the server by the number of its
 * replicas with no model loaded or loading, never below {@code max(minReplicas, 1)}, and nothing when the expected
 * count is unknown or at most 1. The policy counts replicas; it does not pick them: the StatefulSet removes the
 * highest ordinals, so the control loop drains them and places their models again. It does not act on the stats
 * period. Stateless, draws no randomness; registered as {@value #NAME}.
 */
public record EmptyReplicaScaleDown() implements ServerScaleDownPolicy<NoMemory> {

    /** The name this policy is registered under. */
    public static final String NAME = "server.emptyReplica";

    @Override
    public NoMemory initialMemory() {
        return NoMemory.INSTANCE;
    }

    @Override
    public Step<NoMemory, ServerScalingDecision> decide(NoMemory memory, ServerObservation observation) {
        if (observation.trigger() != ServerTrigger.MODEL_REPLICA_UNLOADED) {
            return Step.of(memory, ServerScalingDecision.hold(observation,
                new ServerHoldReason.NotOnThisTrigger(observation.trigger())));
        }
        return Step.of(memory, LightlyLoadedScaleDown.seldon(observation, PackingChance.never(), 0));
    }
}
