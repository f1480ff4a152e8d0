package io.modelscale.simulation.sweep;

import io.modelscale.simulation.report.Interval;
import java.util.Objects;

/**
 * The clairvoyant bound of a sweep's scenario at one attainment, over the sweep's seeds
 * ({@link io.modelscale.simulation.engine.ClairvoyantBound}).
 *
 * @param attainment    the share of requests to start within the SLO, in (0, 1)
 * @param replicaHours  the server replica-hours, the mean and confidence interval over the seeds
 * @param modelsLeftOut models that fit no server and are left out of the bound
 */
public record BoundRow(double attainment, Interval replicaHours, int modelsLeftOut) {

    /** The attainments a sweep computes the bound at. */
    public static final double[] ATTAINMENTS = {0.9, 0.95, 0.99, 0.999};

    public BoundRow {
        Objects.requireNonNull(replicaHours, "replicaHours");
        if (!(attainment > 0 && attainment < 1)) {
            throw new IllegalArgumentException("attainment must be in (0, 1), got " + attainment);
        }
        if (modelsLeftOut < 0) {
            throw new IllegalArgumentException("modelsLeftOut must not be negative, got " + modelsLeftOut);
        }
    }
}
