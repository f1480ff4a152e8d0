package io.modelscale.policy.hpa;

import java.util.Objects;

/**
 * One rate limit of a {@code behavior} direction: at most {@code value} pods, or {@code value} percent of the
 * replicas at the start of the period, per {@code periodSeconds}.
 *
 * @param type          pods or percent
 * @param value         the change allowed, positive
 * @param periodSeconds the period, 1 to 1800 seconds
 */
public record ScalingPolicy(Type type, int value, int periodSeconds) {

    public ScalingPolicy {
        Objects.requireNonNull(type, "type");
        if (value <= 0) {
            throw new IllegalArgumentException("policy value must be positive, got " + value);
        }
        if (periodSeconds <= 0 || periodSeconds > 1800) {
            throw new IllegalArgumentException("policy periodSeconds must be in [1, 1800], got " + periodSeconds);
        }
    }

    /** How a policy's value counts. */
    public enum Type {
        /** A number of pods. */
        PODS,
        /** A percentage of the replicas at the start of the period. */
        PERCENT
    }
}
