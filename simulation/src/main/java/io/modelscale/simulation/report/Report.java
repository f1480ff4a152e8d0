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
 * @param setup    how the run was configured, one line each: the policies (and any HPAs), the initial state, the
 *                 servers, the warm-up
 * @param windows  the requests by arrival window: SLO attainment and p99 wait over time
 * @param decisions every scaling decision after the warm-up, in order
 */
public record Report(String scenario, String preset, long seed, Seq<Metric> metrics, Seq<ModelRow> models,
                     Seq<TimelineRow> timeline, Seq<String> setup, Seq<WindowRow> windows,
                     Seq<DecisionRow> decisions) {

    /**
     * One model's distributions.
     *
     * @param model    the model
     * @param requests its requests that arrived in the measured window
     * @param sloAttainment  the share of them, in percent, that started service within the SLO
     * @param p50WaitMillis  the median wait, in milliseconds (a request never served counts at its wait so far)
     * @param p99WaitMillis  the 99th percentile wait, in milliseconds
     * @param maxWaitMillis  the longest wait, in milliseconds
     * @param p50Outstanding the median of its requests outstanding (in service or queued) per serving replica,
     *                       sampled at stats ticks
     * @param p99Outstanding the 99th percentile of that number
     * @param scheduleFailedSeconds how long its latest version was ScheduleFailed, in seconds
     * @param servingWhileFailedSeconds how much of that time some replica of the model served requests (its other
     *                              replicas, or an older version's): not placed in full, rather than not at all
     * @param scheduleFailure       why its last placement that failed did, every server and replica rejected with
     *                              the filter that rejected it; empty when none failed
     */
    public record ModelRow(String model, long requests, double sloAttainment, double p50WaitMillis,
                           double p99WaitMillis, double maxWaitMillis, long p50Outstanding, long p99Outstanding,
                           double scheduleFailedSeconds, double servingWhileFailedSeconds, String scheduleFailure) {
        public ModelRow {
            Objects.requireNonNull(scheduleFailure, "scheduleFailure");
        }

        /** A row without a placement failure's words. */
        public ModelRow(String model, long requests, double sloAttainment, double p50WaitMillis,
                        double p99WaitMillis, double maxWaitMillis, long p50Outstanding, long p99Outstanding,
                        double scheduleFailedSeconds) {
            this(model, requests, sloAttainment, p50WaitMillis, p99WaitMillis, maxWaitMillis, p50Outstanding,
                p99Outstanding, scheduleFailedSeconds, 0, "");
        }
    }

    public Report {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(decisions, "decisions");
    }

    /**
     * What the user must see before any figure: a run without requests, requests never served and models left
     * ScheduleFailed, each naming the models concerned; empty when there are none.
     */
    public Seq<String> alerts() {
        Seq<String> alerts = io.vavr.collection.List.empty();
        if (metrics.exists(m -> m.name().equals("requests")) && metric("requests") == 0) {
            alerts = alerts.append(preset + ": no request arrived in the measured window: the waits and the SLO"
                + " attainment describe nothing (is the trace empty, all of it before the warm-up ends, or all of it"
                + " after the run ends?)");
        }
        long never = (long) metric("never served");
        if (never > 0) {
            alerts = alerts.append(preset + ": " + never + " of " + (long) metric("requests")
                + " requests were never served (still queued when the run ended); they count as SLO misses");
        }
        Seq<ModelRow> failed = models.filter(row -> row.scheduleFailedSeconds() > 0);
        if (!failed.isEmpty()) {
            alerts = alerts.append(preset + ": " + failed.size() + (failed.size() == 1 ? " model" : " models")
                + " could not be placed (ScheduleFailed): "
                + failed.map(row -> row.model() + " for " + Reports.number(row.scheduleFailedSeconds()) + " s"
                    + (row.servingWhileFailedSeconds() <= 0 ? ", no replica serving"
                        : row.servingWhileFailedSeconds() >= row.scheduleFailedSeconds()
                        ? ", serving on the replicas it had all that time"
                        : ", serving on the replicas it had for " + Reports.number(row.servingWhileFailedSeconds())
                            + " s of it")
                    + (row.scheduleFailure().isEmpty() ? "" : " (" + row.scheduleFailure() + ")"))
                .mkString(", "));
        }
        return alerts;
    }

    private double metric(String name) {
        return metrics.find(m -> m.name().equals(name)).map(Metric::value).getOrElse(0.0);
    }

    /** The value of the metric called {@code name}. */
    public double value(String name) {
        return metrics.find(m -> m.name().equals(name)).map(Metric::value)
            .getOrElseThrow(() -> new IllegalArgumentException("no metric " + name));
    }
}
