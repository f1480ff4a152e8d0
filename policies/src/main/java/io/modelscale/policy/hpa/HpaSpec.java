package io.modelscale.policy.hpa;

import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * An HPA's {@code spec}: the replica range, the metrics and the optional {@code behavior}.
 *
 * @param minReplicas the fewest replicas, 1 or more (0 only with an Object or External metric, as the
 *                    {@code HPAScaleToZero} gate allows)
 * @param maxReplicas the most replicas, at least {@code minReplicas} and at least 1
 * @param metrics     the metrics, at least one
 * @param behavior    the scaling behaviour, or none for the legacy algorithm
 */
public record HpaSpec(int minReplicas, int maxReplicas, Seq<MetricSpec> metrics, Option<Behavior> behavior) {

    public HpaSpec {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(behavior, "behavior");
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("an HPA needs at least one metric");
        }
        if (minReplicas < 0 || (minReplicas == 0 && metrics.forAll(m -> m instanceof MetricSpec.PodsMetric
            || m instanceof MetricSpec.ResourceMetric))) {
            throw new IllegalArgumentException("minReplicas must be at least 1 (0 only with an Object or External"
                + " metric), got " + minReplicas);
        }
        if (maxReplicas < Math.max(1, minReplicas)) {
            throw new IllegalArgumentException("maxReplicas must be at least max(minReplicas, 1) = "
                + Math.max(1, minReplicas) + ", got " + maxReplicas);
        }
    }
}
