package io.modelscale.policy.hpa;

/** What a metric is held to, in milli-units as Kubernetes computes ({@code 15} is {@code 15000} milli). */
public sealed interface MetricTarget {

    /**
     * The metric's total value should equal this.
     *
     * @param milli the target in milli-units, positive
     */
    record Value(long milli) implements MetricTarget {
        public Value {
            if (milli <= 0) {
                throw new IllegalArgumentException("target value must be positive, got " + milli + "m");
            }
        }
    }

    /**
     * The metric's value per pod should equal this.
     *
     * @param milli the target per pod in milli-units, positive
     */
    record AverageValue(long milli) implements MetricTarget {
        public AverageValue {
            if (milli <= 0) {
                throw new IllegalArgumentException("target average value must be positive, got " + milli + "m");
            }
        }
    }

    /**
     * The resource's use should be this percentage of the pods' requests.
     *
     * @param percent the target utilization in percent, positive
     */
    record Utilization(int percent) implements MetricTarget {
        public Utilization {
            if (percent <= 0) {
                throw new IllegalArgumentException("target utilization must be positive, got " + percent + "%");
            }
        }
    }
}
