package io.modelscale.simulation.report;

import io.vavr.collection.Seq;
import java.util.Objects;

/**
 * What one run measured.
 *
 * @param scenario the scenario's name
 * @param preset   the preset's name
 * @param seed     the seed
 * @param metrics  the metrics, in a fixed order
 * @param timeline one row per stats tick
 */
public record Report(String scenario, String preset, long seed, Seq<Metric> metrics, Seq<TimelineRow> timeline) {

    public Report {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(timeline, "timeline");
    }

    /** The value of the metric called {@code name}. */
    public double value(String name) {
        return metrics.find(m -> m.name().equals(name)).map(Metric::value)
            .getOrElseThrow(() -> new IllegalArgumentException("no metric " + name));
    }
}
