package io.modelscale.policy.hpa;

import java.util.Objects;

/** One entry of an HPA's {@code spec.metrics}. */
public sealed interface MetricSpec {

    /** The metric's name (the resource name for resource metrics). */
    String name();

    /** Its target. */
    MetricTarget target();

    /**
     * A metric describing a Kubernetes object, such as a Seldon {@code Model} ({@code type: Object}).
     *
     * @param name   the metric's name, such as {@code infer_rps}
     * @param target a {@link MetricTarget.Value} or {@link MetricTarget.AverageValue}
     */
    record ObjectMetric(String name, MetricTarget target) implements MetricSpec {
        public ObjectMetric {
            Objects.requireNonNull(name, "name");
            requireValueOrAverage(target);
        }
    }

    /**
     * A metric from outside the cluster ({@code type: External}); its series are summed.
     *
     * @param name   the metric's name
     * @param target a {@link MetricTarget.Value} or {@link MetricTarget.AverageValue}
     */
    record ExternalMetric(String name, MetricTarget target) implements MetricSpec {
        public ExternalMetric {
            Objects.requireNonNull(name, "name");
            requireValueOrAverage(target);
        }
    }

    /**
     * A metric each pod reports ({@code type: Pods}), held to an average per pod.
     *
     * @param name   the metric's name
     * @param target a {@link MetricTarget.AverageValue}
     */
    record PodsMetric(String name, MetricTarget target) implements MetricSpec {
        public PodsMetric {
            Objects.requireNonNull(name, "name");
            if (!(target instanceof MetricTarget.AverageValue)) {
                throw new IllegalArgumentException("a Pods metric takes an AverageValue target, got " + target);
            }
        }
    }

    /**
     * A container resource such as {@code cpu} ({@code type: Resource}).
     *
     * @param name   the resource
     * @param target a {@link MetricTarget.Utilization} or {@link MetricTarget.AverageValue}
     */
    record ResourceMetric(String name, MetricTarget target) implements MetricSpec {
        public ResourceMetric {
            Objects.requireNonNull(name, "name");
            if (target instanceof MetricTarget.Value || target == null) {
                throw new IllegalArgumentException("a Resource metric takes a Utilization or AverageValue target, got "
                    + target);
            }
        }
    }

    private static void requireValueOrAverage(MetricTarget target) {
        if (!(target instanceof MetricTarget.Value) && !(target instanceof MetricTarget.AverageValue)) {
            throw new IllegalArgumentException("an Object or External metric takes a Value or AverageValue target, got "
                + target);
        }
    }
}
