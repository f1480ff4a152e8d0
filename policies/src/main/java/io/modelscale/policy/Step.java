package io.modelscale.policy;

import io.vavr.control.Option;
import java.time.Instant;
import java.util.Objects;

/**
 * What a policy returns from one decision: the memory to hand it next time, and the decision with its reason.
 *
 * <p>A model policy may also say how long its answer stands ({@link #steadyUntil()}): a model that sees no traffic
 * gets the same hold period after period, and a control step over thousands of models need not ask again for each.
 * The control step uses the promise for model policies' holds only; a server policy's is ignored. Two steps that
 * differ only in the promise are not equal.
 *
 * @param memory      the policy's memory after this decision
 * @param decision    what it decided
 * @param steadyUntil the instant before which this step stays the answer while nothing it read changes: deciding
 *                    again with this step's memory, on an equal model and equal signals of the model's own, at any
 *                    instant from the one decided at up to this one (exclusive), returns an equal memory and an equal
 *                    decision, whatever else in the cluster or in other models' signals has changed (the time the
 *                    loop last scaled the model moves only with a scale, which changes the model).
 *                    {@code Instant.MAX} for a decision only a change of the model or its signals can move; none (the
 *                    default) when the policy makes no such promise, for example because the decision reads other
 *                    models or the cluster's free memory, and the caller must ask every time
 * @param <M>         the policy's memory
 * @param <D>         the decision
 */
public record Step<M, D>(M memory, D decision, Option<Instant> steadyUntil) {

    public Step {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(steadyUntil, "steadyUntil");
        if (steadyUntil.exists(Objects::isNull)) {
            throw new NullPointerException("steadyUntil holds null");
        }
    }

    /** A step with this memory and decision, with no promise of how long it stands. */
    public Step(M memory, D decision) {
        this(memory, decision, Option.none());
    }

    /** A step with this memory and decision, with no promise of how long it stands. */
    public static <M, D> Step<M, D> of(M memory, D decision) {
        return new Step<>(memory, decision);
    }

    /**
     * A step that stands until {@code until} (exclusive) for as long as the model and its own signals stay equal; see
     * {@link #steadyUntil()} for the promise it makes.
     */
    public static <M, D> Step<M, D> steady(M memory, D decision, Instant until) {
        return new Step<>(memory, decision, Option.some(Objects.requireNonNull(until, "until")));
    }

    /** A step that stands for as long as the model and its own signals stay equal, whatever the time. */
    public static <M, D> Step<M, D> steady(M memory, D decision) {
        return steady(memory, decision, Instant.MAX);
    }
}
