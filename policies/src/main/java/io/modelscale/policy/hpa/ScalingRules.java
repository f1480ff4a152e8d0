package io.modelscale.policy.hpa;

import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * One direction of an HPA's {@code behavior}, with the API's defaults applied.
 *
 * @param stabilizationWindowSeconds the window, 0 to 3600 seconds; none for scale-down means the controller's
 *                                   default (5 minutes)
 * @param selectPolicy               how the policies combine
 * @param policies                   the rate limits
 * @param tolerance                  this direction's tolerance, or none for the controller's (0.1)
 */
public record ScalingRules(
    Option<Integer> stabilizationWindowSeconds, SelectPolicy selectPolicy, Seq<ScalingPolicy> policies,
    Option<Double> tolerance) {

    public ScalingRules {
        Objects.requireNonNull(stabilizationWindowSeconds, "stabilizationWindowSeconds");
        Objects.requireNonNull(selectPolicy, "selectPolicy");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(tolerance, "tolerance");
        stabilizationWindowSeconds.filter(w -> w < 0 || w > 3600).forEach(w -> {
            throw new IllegalArgumentException("stabilizationWindowSeconds must be in [0, 3600], got " + w);
        });
        tolerance.filter(t -> t < 0 || Double.isNaN(t)).forEach(t -> {
            throw new IllegalArgumentException("tolerance must not be negative, got " + t);
        });
    }

    /** The scale-up defaults: no window, {@code Max} of 4 pods or 100 % per 15 s. */
    public static ScalingRules scaleUpDefaults() {
        return new ScalingRules(Option.some(0), SelectPolicy.MAX, List.of(
            new ScalingPolicy(ScalingPolicy.Type.PODS, 4, 15),
            new ScalingPolicy(ScalingPolicy.Type.PERCENT, 100, 15)), Option.none());
    }

    /** The scale-down defaults: the controller's window, {@code Max} of 100 % per 15 s. */
    public static ScalingRules scaleDownDefaults() {
        return new ScalingRules(Option.none(), SelectPolicy.MAX, List.of(
            new ScalingPolicy(ScalingPolicy.Type.PERCENT, 100, 15)), Option.none());
    }

    /** The longest policy period, in seconds, or 0 without policies. */
    public int longestPeriodSeconds() {
        return policies.map(ScalingPolicy::periodSeconds).max().getOrElse(0);
    }

    /** How the policies of one direction combine. */
    public enum SelectPolicy {
        /** The policy that allows the biggest change. */
        MAX,
        /** The policy that allows the smallest change. */
        MIN,
        /** No change in this direction. */
        DISABLED
    }
}
