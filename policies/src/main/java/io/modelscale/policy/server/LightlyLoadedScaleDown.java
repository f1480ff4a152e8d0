package io.modelscale.policy.server;

import io.modelscale.core.server.Server;
import io.modelscale.policy.NoMemory;
import io.modelscale.policy.Step;
import io.modelscale.policy.server.internal.SeldonServerScaling;
import io.modelscale.policy.server.internal.ServerStats;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * Seldon Core 2's server scale-down with lightly-loaded packing ({@code shared/spec/seldon-core-2.md} §5.3): when a
 * model replica on the server unloads, remove its empty replicas, or, when packing is tried for this evaluation (one
 * uniform draw from the observation's randomness against the {@link PackingChance}) and the largest desired model
 * replica count is below the expected count, pack down to that count if that removes more; never below
 * {@code max(minReplicas, 1)}, and nothing when the expected count is unknown or at most 1. It does not act on the
 * stats period. Stateless; registered as {@value #NAME}. The StatefulSet removes the highest ordinals, so the
 * control loop drains them and places their models again.
 *
 * @param packing how often packing is tried
 */
public record LightlyLoadedScaleDown(PackingChance packing) implements ServerScaleDownPolicy<NoMemory> {

    /** The name this policy is registered under. */
    public static final String NAME = "server.lightlyLoaded";

    /** A policy with this packing chance. */
    public LightlyLoadedScaleDown {
        Objects.requireNonNull(packing, "packing");
    }

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
        return Step.of(memory, seldon(observation, packing, observation.random().nextDouble()));
    }

    /** Seldon's scale-down with this packing chance and draw. */
    static ServerScalingDecision seldon(ServerObservation observation, PackingChance packing, double draw) {
        Server server = observation.server();
        if (server.spec().expectedReplicas().count().isEmpty()) {
            return ServerScalingDecision.hold(observation, new ServerHoldReason.ExpectedReplicasUnknown());
        }
        int expected = server.spec().expectedReplicas().count().get();
        ServerStats stats = ServerStats.of(observation.cluster(), server.name());
        Option<Long> wanted = SeldonServerScaling.scaleDown(server.spec().expectedReplicas(),
            server.spec().scaling().minReplicas(), stats, packing, draw);
        if (wanted.isEmpty()) {
            return ServerScalingDecision.hold(observation, new ServerHoldReason.NothingToRemove(expected,
                stats.numEmptyReplicas(), stats.maxNumReplicaHostedModels(), packing.tries(draw)));
        }
        int to = SeldonServerScaling.clamp(server.spec().scaling(), wanted.get());
        if (to >= expected) {
            return ServerScalingDecision.hold(observation, new ServerHoldReason.AtFloor(expected,
                server.spec().scaling().autoscalingFloor()));
        }
        boolean packed = to < expected - stats.numEmptyReplicas();
        return ServerScalingDecision.scale(observation, to, packed
            ? new ServerScaleReason.LightlyLoaded(stats.maxNumReplicaHostedModels())
            : new ServerScaleReason.EmptyReplicas(stats.numEmptyReplicas()));
    }
}
