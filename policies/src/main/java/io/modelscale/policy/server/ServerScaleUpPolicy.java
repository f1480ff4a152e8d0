package io.modelscale.policy.server;

import io.vavr.control.Option;

/**
 * A server scale-up policy: asked when a placement on the server fell short ({@link ServerTrigger#PLACEMENT_SHORT}).
 * Seldon's scale-up by model replica count and the memory-aware scale-up are the shipped ones.
 *
 * @param <M> the memory it keeps per server
 */
public interface ServerScaleUpPolicy<M> extends ServerScalingPolicy<M> {

    /**
     * Whether the policy, with this memory, wants to be asked on the stats period at {@code now} as well (when the
     * scale-down policy holds); false unless a policy says otherwise. {@link MemoryAwareScaleUp} says so once the
     * reversal guard it held for is over.
     */
    default boolean actsOnTick(M memory, java.time.Instant now) {
        return false;
    }

    /**
     * {@link #actsOnTick(Object, java.time.Instant)} with the whole observation, for a policy whose wish to be asked
     * depends on the cluster ({@link MemoryAwareScaleUp}: models waiting for room it could make); by default the
     * memory and the time decide.
     */
    default boolean actsOnTick(M memory, ServerObservation observation) {
        return actsOnTick(memory, observation.now());
    }

    /**
     * Why a scale-up policy does not look further, if it does not: it is asked on another trigger, or the
     * operator has not reported the server's expected replica count yet.
     */
    static Option<ServerHoldReason> notAsked(ServerObservation observation) {
        if (observation.trigger() != ServerTrigger.PLACEMENT_SHORT) {
            return Option.some(new ServerHoldReason.NotOnThisTrigger(observation.trigger()));
        }
        if (observation.server().spec().expectedReplicas().count().isEmpty()) {
            return Option.some(new ServerHoldReason.ExpectedReplicasUnknown());
        }
        return Option.none();
    }
}
