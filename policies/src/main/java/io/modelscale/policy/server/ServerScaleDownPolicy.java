package io.modelscale.policy.server;

/**
 * A server scale-down policy: asked when a model replica on the server unloads
 * ({@link ServerTrigger#MODEL_REPLICA_UNLOADED}) and every stats period ({@link ServerTrigger#TICK}). Seldon's
 * empty-replica and lightly-loaded policies act on unloads only; the consolidating policy on both.
 *
 * @param <M> the memory it keeps per server
 */
public interface ServerScaleDownPolicy<M> extends ServerScalingPolicy<M> {
}
