package io.modelscale.policy.hpa;

import io.vavr.control.Option;
import java.util.Objects;

/**
 * An HPA's {@code spec.behavior} after the API's defaults: both directions present.
 *
 * @param scaleUp   the scale-up rules
 * @param scaleDown the scale-down rules
 */
public record Behavior(ScalingRules scaleUp, ScalingRules scaleDown) {

    public Behavior {
        Objects.requireNonNull(scaleUp, "scaleUp");
        Objects.requireNonNull(scaleDown, "scaleDown");
    }

    /** A {@code behavior} with the given directions, a missing one taking the full defaults (§2.1). */
    public static Behavior of(Option<ScalingRules> scaleUp, Option<ScalingRules> scaleDown) {
        return new Behavior(scaleUp.getOrElse(ScalingRules::scaleUpDefaults),
            scaleDown.getOrElse(ScalingRules::scaleDownDefaults));
    }
}
