package io.modelscale.policy.hpa;

/**
 * Why a reconcile chose its count: the reason the Kubernetes HPA controller writes on its conditions
 * ({@code shared/spec/kubernetes-hpa-kpa-keda.md} §1.6–2.4). {@link #toString()} is the controller's own name.
 */
public enum HpaCondition {
    /** {@code spec.replicas} is zero with a positive minimum: the HPA does nothing. */
    SCALING_DISABLED("ScalingDisabled"),
    /** The count was above the maximum, or a scale-up is capped by it. */
    TOO_MANY_REPLICAS("TooManyReplicas"),
    /** The count was below the minimum, or a scale-down is stopped by it. */
    TOO_FEW_REPLICAS("TooFewReplicas"),
    /** Every metric failed, or some failed and the rest would scale down. */
    FAILED_GET_METRICS("FailedGetMetrics"),
    /** The scale-up stabilization window held the count back. */
    SCALE_UP_STABILIZED("ScaleUpStabilized"),
    /** The scale-down stabilization window held the count back. */
    SCALE_DOWN_STABILIZED("ScaleDownStabilized"),
    /** A scale-up was capped by the rate limit. */
    SCALE_UP_LIMIT("ScaleUpLimit"),
    /** A scale-down was capped by the rate limit. */
    SCALE_DOWN_LIMIT("ScaleDownLimit"),
    /** The proposal was within every limit. */
    DESIRED_WITHIN_RANGE("DesiredWithinRange");

    private final String kubernetesName;

    HpaCondition(String kubernetesName) {
        this.kubernetesName = kubernetesName;
    }

    /** The controller's name for this reason, such as {@code ScaleUpLimit}. */
    @Override
    public String toString() {
        return kubernetesName;
    }
}
