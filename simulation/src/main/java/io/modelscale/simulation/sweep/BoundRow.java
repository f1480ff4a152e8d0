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
 * @param ceiling       the share of requests, in [0, 1], that could start within the SLO with every model at its most
 *                      replicas ({@link io.modelscale.simulation.engine.ClairvoyantBound.Result#ceiling()}), the mean
 *                      and confidence interval over the seeds
 */
public record BoundRow(double attainment, Interval replicaHours, int modelsLeftOut, Interval ceiling) {

    /** The attainments a sweep computes the bound at. */
    public static final double[] ATTAINMENTS = {0.9, 0.95, 0.99, 0.999};

    /** A row whose models' ranges bind nowhere (a ceiling of 1). */
    public BoundRow(double attainment, Interval replicaHours, int modelsLeftOut) {
        this(attainment, replicaHours, modelsLeftOut, new Interval(1, 0, replicaHours.n()));
    }

    public BoundRow {
        Objects.requireNonNull(replicaHours, "replicaHours");
        Objects.requireNonNull(ceiling, "ceiling");
        if (!(ceiling.mean() >= 0 && ceiling.mean() <= 1)) {
            throw new IllegalArgumentException("ceiling must be a share in [0, 1], got " + ceiling.mean());
        }
        if (!(attainment > 0 && attainment < 1)) {
            throw new IllegalArgumentException("attainment must be in (0, 1), got " + attainment);
        }
        if (modelsLeftOut < 0) {
            throw new IllegalArgumentException("modelsLeftOut must not be negative, got " + modelsLeftOut);
        }
    }

    /**
     * Whether the models' ranges allow the attainment: at most the ceiling (its mean over the seeds). Above it the
     * replica-hours are the cost of the models' most replicas where they bind, not the price of the attainment.
     */
    public boolean reachable() {
        return attainment <= ceiling.mean();
    }
}
