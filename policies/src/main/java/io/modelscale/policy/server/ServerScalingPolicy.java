package io.modelscale.policy.server;

import io.modelscale.policy.Step;

/**
 * How many replicas one server should have: what the control loop asks for each server when a placement falls
 * short, when a model replica on it unloads, and every stats period ({@link ServerTrigger}). A preset's server
 * scaling is a {@link ServerScaleUpPolicy} and a {@link ServerScaleDownPolicy} put together with
 * {@link ServerScaling#of}; a policy that does both (a Kubernetes HPA on the server) implements this interface
 * directly.
 *
 * <p>A policy is a pure function with explicit memory, kept per server by the control loop (which keeps the memory
 * it had when a step's memory {@code equals} it: a memory's {@code equals} must cover everything a later decision
 * reads). A decision is a
 * {@link ServerScalingDecision.Scale} or a {@link ServerScalingDecision.Hold}, each with a typed reason; a policy
 * never throws for "cannot do it". The control loop refuses a target outside
 * {@code [max(minReplicas, 1), maxReplicas]}, and checks every scale-down ({@link ScaleDownCheck}).
 *
 * @param <M> the memory it keeps per server; {@link io.modelscale.policy.NoMemory} for none
 */
public interface ServerScalingPolicy<M> {

    /** The memory for a server the policy has not seen before. */
    M initialMemory();

    /** One decision for the observed server, with the memory for the next. */
    Step<M, ServerScalingDecision> decide(M memory, ServerObservation observation);
}
