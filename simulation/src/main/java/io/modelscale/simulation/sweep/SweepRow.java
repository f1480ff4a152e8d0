package io.modelscale.simulation.sweep;

import io.modelscale.simulation.report.Interval;
import io.vavr.collection.Seq;
import java.util.Objects;

/**
 * What one configuration of a sweep measured, over its seeds.
 *
 * @param index   the configuration's place in the grid
 * @param preset  the preset it tunes
 * @param values  per axis of the grid, the value it ran with, {@code ""} where the axis does not apply
 * @param seeds   how many seeds it ran
 * @param metrics per metric (in the order of {@link #names}), the mean and confidence interval over the seeds
 * @param names   the metrics' names
 */
public record SweepRow(int index, String preset, Seq<String> values, int seeds, Seq<Interval> metrics,
                       Seq<String> names) {

    public SweepRow {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(names, "names");
        if (metrics.size() != names.size()) {
            throw new IllegalArgumentException("one interval per metric name, got " + metrics.size() + " for "
                + names.size());
        }
    }

    /** The mean of the metric called {@code name}. */
    public double mean(String name) {
        int at = names.indexOf(name);
        if (at < 0) {
            throw new IllegalArgumentException("no metric " + name);
        }
        return metrics.get(at).mean();
    }
}
