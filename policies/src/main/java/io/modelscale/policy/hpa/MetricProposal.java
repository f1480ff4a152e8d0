package io.modelscale.policy.hpa;

import java.util.Objects;

/**
 * What one metric proposes in a reconcile (§1.4), with its current value for the status.
 *
 * @param replicas the replica count the metric asks for
 * @param current  its current value, as {@code status.currentMetrics} shows it
 */
public record MetricProposal(int replicas, CurrentMetric current) {

    public MetricProposal {
        Objects.requireNonNull(current, "current");
    }
}
