package io.modelscale.policy.model;

import io.modelscale.policy.NoMemory;
import io.modelscale.policy.Step;
import java.util.Objects;
import java.util.function.Function;

/**
 * How many replicas one model should have: the one interface every model policy implements, Seldon's inference
 * lag, the demand-driven lag, Knative's KPA and the Kubernetes HPA among them, and any policy of a user's own.
 *
 * <p>A policy is a pure function with explicit memory: the control loop keeps one memory per model, starts it with
 * {@link #initialMemory} the first time it asks about the model, and hands it back with every
 * {@link #decide}. A decision is a {@link ModelScalingDecision.Scale} (the control loop deploys the new desired
 * count and places the model) or a {@link ModelScalingDecision.Hold}, each with its reason; a policy never throws for
 * "cannot do it". The control loop asks about every model that is not deleted, once per stats period, except a quiet
 * model (nothing outstanding or arriving) whose last hold the policy said stands ({@link Step#steadyUntil()}): that
 * one gets the hold again without being asked. It refuses a target outside {@code [max(minReplicas, 1), maxReplicas]}.
 *
 * <p>A policy must not read a clock, draw randomness or keep state outside its memory: the same memory and
 * observation must give the same step. When a step's memory {@code equals} the one handed in, the control loop
 * keeps the one it had: a memory's {@code equals} must cover everything in it that a later decision reads.
 *
 * @param <M> the memory it keeps per model; {@link NoMemory} for none
 */
public interface ModelScalingPolicy<M> {

    /** The memory for a model the policy has not seen before. */
    M initialMemory(ModelObservation first);

    /** One decision for the observed model, with the memory for the next. */
    Step<M, ModelScalingDecision> decide(M memory, ModelObservation observation);

    /**
     * Whether the policy reads {@link ModelSignals#outstandingPerSecond()}: a serving side may leave those averages
     * out for policies that do not. False unless a policy says otherwise.
     */
    default boolean readsOutstandingPerSecond() {
        return false;
    }

    /** A policy that remembers nothing: each decision is a function of the observation alone. */
    static ModelScalingPolicy<NoMemory> stateless(Function<ModelObservation, ModelScalingDecision> decide) {
        Objects.requireNonNull(decide, "decide");
        return new ModelScalingPolicy<>() {
            @Override
            public NoMemory initialMemory(ModelObservation first) {
                return NoMemory.INSTANCE;
            }

            @Override
            public Step<NoMemory, ModelScalingDecision> decide(NoMemory memory, ModelObservation observation) {
                return Step.of(NoMemory.INSTANCE, decide.apply(observation));
            }
        };
    }
}
