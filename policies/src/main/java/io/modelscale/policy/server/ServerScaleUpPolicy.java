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
