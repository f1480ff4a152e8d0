package io.modelscale.simulation.report;

import io.vavr.collection.Seq;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A metric over several seeds: the mean and the half-width of its two-sided 95 % confidence interval, from Student's t
 * distribution with {@code n - 1} degrees of freedom and the sample standard deviation. One seed has no interval (a
 * half-width of 0 and {@link #single()} true).
 *
 * @param mean      the mean over the seeds
 * @param halfWidth the interval is {@code mean ± halfWidth}
 * @param n         how many seeds
 */
public record Interval(double mean, double halfWidth, int n) {

    public Interval {
        if (n < 1) {
            throw new IllegalArgumentException("an interval needs at least one value, got " + n);
        }
    }

    /** The interval of {@code values}, one per seed. */
    public static Interval of(Seq<Double> values) {
        int n = values.size();
        if (n == 0) {
            throw new IllegalArgumentException("an interval needs at least one value");
        }
        double mean = values.sum().doubleValue() / n;
        if (n == 1) {
            return new Interval(mean, 0, 1);
        }
        double squares = values.map(v -> (v - mean) * (v - mean)).sum().doubleValue();
        double sd = Math.sqrt(squares / (n - 1));
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(0.975);
        return new Interval(mean, t * sd / Math.sqrt(n), n);
    }

    /** Whether it comes from one seed. */
    public boolean single() {
        return n == 1;
    }

    /** {@code 12.5 ± 0.31}, or the mean alone for one seed. */
    public String format() {
        return single() ? Reports.number(mean) : Reports.number(mean) + " ± " + Reports.number(halfWidth);
    }
}
