package io.modelscale.policy.server;

/**
 * A server scale-up policy: asked when a placement on the server fell short ({@link ServerTrigger#PLACEMENT_SHORT}).
 * Seldon's scale-up by model replica count and the memory-aware scale-up are the shipped ones.
 *
 * @param <M> the memory it keeps per server
 */
public interface ServerScaleUpPolicy<M> extends ServerScalingPolicy<M> {
}
