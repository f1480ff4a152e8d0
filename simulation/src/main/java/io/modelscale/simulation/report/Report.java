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
 * @param models   per model, its waiting-time and outstanding-request distributions
 * @param timeline one row per stats tick
 */
public record Report(String scenario, String preset, long seed, Seq<Metric> metrics, Seq<ModelRow> models,
                     Seq<TimelineRow> timeline) {

    /**
     * One model's distributions.
     *
     * @param model    the model
     * @param requests its requests
     * @param p50WaitMillis  the median wait, in milliseconds
     * @param p99WaitMillis  the 99th percentile wait, in milliseconds
     * @param maxWaitMillis  the longest wait, in milliseconds
     * @param p50Outstanding the median of its requests outstanding (in service or queued) per serving replica,
     *                       sampled at stats ticks
     * @param p99Outstanding the 99th percentile of that number
     */
    public record ModelRow(String model, long requests, double p50WaitMillis, double p99WaitMillis,
                           double maxWaitMillis, long p50Outstanding, long p99Outstanding) {
    }

    public Report {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(timeline, "timeline");
    }

    /** The value of the metric called {@code name}. */
    public double value(String name) {
        return metrics.find(m -> m.name().equals(name)).map(Metric::value)
            .getOrElseThrow(() -> new IllegalArgumentException("no metric " + name));
    }
}
