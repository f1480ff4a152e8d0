package io.modelscale.policy;

import java.util.Objects;

/**
 * What a policy returns from one decision: the memory to hand it next time, and the decision with its reason.
 *
 * @param memory   the policy's memory after this decision
 * @param decision what it decided
 * @param <M>      the policy's memory
 * @param <D>      the decision
 */
public record Step<M, D>(M memory, D decision) {

    public Step {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(decision, "decision");
    }

    /** A step with this memory and decision. */
    public static <M, D> Step<M, D> of(M memory, D decision) {
        return new Step<>(memory, decision);
    }
}
