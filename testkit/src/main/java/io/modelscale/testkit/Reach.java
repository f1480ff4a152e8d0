package io.modelscale.testkit;

/**
 * What generated sequences must reach for a passing check to mean something: a policy that never acts keeps every
 * invariant trivially. {@link ControlLoopCheck} counts, for each, how many sequences reached it at least once, and
 * fails a run in which too few did.
 */
public enum Reach {

    /** A model policy raised a model's replicas. */
    MODEL_SCALE_UP("model scale-ups"),

    /** A model policy lowered a model's replicas. */
    MODEL_SCALE_DOWN("model scale-downs"),

    /** A server policy raised a server's replicas. */
    SERVER_SCALE_UP("server scale-ups"),

    /** A server policy lowered a server's replicas. */
    SERVER_SCALE_DOWN("server scale-downs"),

    /**
     * A scale was held back at a limit: the control step refused a count outside a model's or server's range or a
     * scale-down its check found unsafe, a model policy held at {@code minReplicas} or {@code maxReplicas} or for lack
     * of capacity, or a server policy held at its floor or for want of a safe plan. Triggers the control step
     * refuses (a delete of a model never deployed) do not count: they say nothing about the policies.
     */
    REFUSAL("refusals"),

    /** A server replica holding model replicas began to drain, by a scale-down or an eviction. */
    DRAIN("drains of a replica holding models");

    private final String text;

    Reach(String text) {
        this.text = text;
    }

    /** What was reached, in a few words. */
    public String describe() {
        return text;
    }
}
