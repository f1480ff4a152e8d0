package io.modelscale.policy.hpa;

import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * What one reconcile decided, with its reason.
 *
 * @param current   the replica count before
 * @param desired   the replica count after
 * @param reason    the condition reason, as the controller names it ({@code ScaleUpLimit}, {@code TooFewReplicas},
 *                  {@code ScaleDownStabilized}, {@code DesiredWithinRange}, {@code FailedGetMetrics}, …)
 * @param metric    the metric whose proposal won, if the metrics were computed
 * @param proposals each metric's proposed count, or its error
 */
public record HpaDecision(int current, int desired, HpaCondition reason, Option<String> metric, Seq<String> proposals) {

    public HpaDecision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(proposals, "proposals");
    }

    /** One line a person understands. */
    public String describe() {
        return (desired == current ? "keep " + current : "scale from " + current + " to " + desired) + ": " + reason
            + metric.map(m -> " (metric " + m + ")").getOrElse("")
            + (proposals.isEmpty() ? "" : "; proposals " + proposals.mkString(", "));
    }
}
