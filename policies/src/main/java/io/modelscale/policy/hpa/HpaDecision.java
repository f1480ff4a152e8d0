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
 * @param currentMetrics each metric's current value as {@code status.currentMetrics} shows it, in the order of
 *                  {@code spec.metrics}; empty when the metrics were not computed (the count was outside the range
 *                  or scaling is disabled), and an {@link CurrentMetric#unknown unknown} entry for a metric that
 *                  failed
 */
public record HpaDecision(int current, int desired, HpaCondition reason, Option<String> metric, Seq<String> proposals,
                          Seq<CurrentMetric> currentMetrics) {

    public HpaDecision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(proposals, "proposals");
        Objects.requireNonNull(currentMetrics, "currentMetrics");
    }

    /** The current value of the metric of that name, if it was computed. */
    public Option<CurrentMetric> currentMetric(String name) {
        return currentMetrics.find(m -> m.name().equals(name) && m.isKnown());
    }

    /** One line a person understands. */
    public String describe() {
        return (desired == current ? "keep " + current : "scale from " + current + " to " + desired) + ": " + reason
            + metric.map(m -> " (metric " + m + ")").getOrElse("")
            + (proposals.isEmpty() ? "" : "; proposals " + proposals.mkString(", "))
            + (currentMetrics.exists(CurrentMetric::isKnown)
                ? "; current " + currentMetrics.filter(CurrentMetric::isKnown).map(CurrentMetric::describe).mkString(", ")
                : "");
    }
}
