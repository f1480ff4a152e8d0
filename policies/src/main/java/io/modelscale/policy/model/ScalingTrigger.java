package io.modelscale.policy.model;

import io.modelscale.core.model.ModelVersionId;
import java.util.Objects;

/**
 * What an agent's statistics ask of the scheduler: one step up or down for a model version.
 *
 * @param version   the model version
 * @param direction up or down
 * @param amount    the statistic that fired: the lag for a scale-up, the last-used epoch second for a scale-down
 *                  (Seldon's scheduler ignores it)
 */
public record ScalingTrigger(ModelVersionId version, Direction direction, long amount) {

    public ScalingTrigger {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(direction, "direction");
    }

    /** The direction of a trigger. */
    public enum Direction {
        /** One more replica. */
        UP,
        /** One fewer replica. */
        DOWN
    }
}
