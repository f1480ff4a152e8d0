package io.modelscale.simulation.prometheus;

import io.modelscale.simulation.prometheus.PrometheusProblem.Kind;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Either;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Each model's traffic at one moment, as Prometheus has it: its request rate and its mean service time over the
 * {@code window} before {@code at} ({@code rate} of both counters, summed over replicas and codes).
 *
 * @param query   the server, the selector and the metric names (its window and step are not used)
 * @param at      the moment
 * @param window  how far back the rates look
 * @param models  the models, in the snapshot's order
 * @param rates   each model's requests per second
 * @param meanServiceSeconds each model's mean service time in seconds, zero without requests
 * @param warnings series of models not in the snapshot, models without series
 */
public record LiveSignals(TrafficQuery query, Instant at, Duration window, Seq<String> models, double[] rates,
                          double[] meanServiceSeconds, Seq<String> warnings) {

    public LiveSignals {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(rates, "rates");
        Objects.requireNonNull(meanServiceSeconds, "meanServiceSeconds");
        Objects.requireNonNull(warnings, "warnings");
    }

    /** The PromQL of each model's request rate. */
    public static String ratesQuery(TrafficQuery query, Duration window) {
        return rate(query, query.requestsMetric(), window);
    }

    /** The PromQL of each model's serving seconds per second. */
    public static String secondsQuery(TrafficQuery query, Duration window) {
        return rate(query, query.secondsMetric(), window);
    }

    private static String rate(TrafficQuery query, String metric, Duration window) {
        return query.aggregate("rate", metric, window);
    }

    /**
     * Reads the rates at {@code at} for {@code models}. No series at all, a value that is NaN, infinite or negative,
     * or a series without the model label is a problem naming the query; series of other models and models without
     * series are warnings (the latter count as idle).
     */
    public static Either<PrometheusProblem, LiveSignals> read(PrometheusApi api, TrafficQuery query, Duration window,
                                                              Instant at, Seq<String> models) {
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            return Either.left(new PrometheusProblem(Kind.BAD_REQUEST, "rate window " + TrafficQuery.words(window)
                + ": expected at least 1s"));
        }
        String ratesQuery = ratesQuery(query, window);
        Either<PrometheusProblem, Seq<Series>> rates = api.instant(ratesQuery, at);
        if (rates.isLeft()) {
            return Either.left(rates.getLeft());
        }
        if (rates.get().isEmpty()) {
            return Either.left(new PrometheusProblem(Kind.NO_SERIES, "Prometheus at " + api.url() + ": " + ratesQuery
                + " at " + at + " matched no series: expected " + query.requestsMetric() + " with a "
                + query.modelLabel() + " label" + (query.selector().isBlank() ? "" : " matching " + query.selector())
                + " in the " + TrafficQuery.words(window) + " before that time"));
        }
        Either<PrometheusProblem, Seq<Series>> seconds = api.instant(secondsQuery(query, window), at);
        if (seconds.isLeft()) {
            return Either.left(seconds.getLeft());
        }
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        models.zipWithIndex().forEach(m -> index.putIfAbsent(m._1, m._2));
        double[] perSecond = new double[models.size()];
        double[] busy = new double[models.size()];
        boolean[] seen = new boolean[models.size()];
        List<String> outside = List.empty();
        java.util.Map<String, java.util.TreeSet<String>> namespaces = new java.util.TreeMap<>();
        for (int pass = 0; pass < 2; pass++) {
            Seq<Series> answer = pass == 0 ? rates.get() : seconds.get();
            String promql = pass == 0 ? ratesQuery : secondsQuery(query, window);
            for (Series series : answer) {
                String model = query.modelOf(series, index::containsKey).getOrNull();
                if (model == null) {
                    return Either.left(new PrometheusProblem(Kind.BAD_DATA, "Prometheus at " + api.url() + ": a series "
                        + series.describe() + " of " + promql + " has no " + query.modelLabel() + " label"));
                }
                double value = series.values().length == 0 ? 0 : series.values()[0];
                if (!Double.isFinite(value) || value < 0) {
                    return Either.left(new PrometheusProblem(Kind.BAD_DATA, "Prometheus at " + api.url() + ": " + promql
                        + " gave " + (Double.isNaN(value) ? "NaN" : String.valueOf(value)) + " for "
                        + series.describe() + " at " + at + ": expected a rate, finite and not negative"));
                }
                Integer at2 = index.get(model);
                if (at2 == null) {
                    if (pass == 0) {
                        outside = outside.append(model);
                    }
                    continue;
                }
                if (pass == 0) {
                    perSecond[at2] += value;
                    seen[at2] = true;
                    TrafficQuery.noteNamespace(series, model, namespaces);
                } else {
                    busy[at2] += value;
                }
            }
        }
        if (!io.vavr.collection.Array.ofAll(seen).contains(true)) {
            return Either.left(new PrometheusProblem(Kind.BAD_DATA, "Prometheus at " + api.url() + ": " + ratesQuery
                + " at " + at + " names no model of the snapshot (" + outside.distinct().take(5).mkString(", ")
                + "; the snapshot has " + models.take(5).mkString(", ") + (models.size() > 5 ? ", …" : "")
                + "): expected the " + query.modelLabel() + " label to hold the snapshot's model names"));
        }
        double[] means = new double[models.size()];
        for (int m = 0; m < models.size(); m++) {
            if (perSecond[m] > 0 && busy[m] <= 0) {
                return Either.left(new PrometheusProblem(Kind.BAD_DATA, "Prometheus at " + api.url() + ": model "
                    + models.get(m) + " takes " + perSecond[m] + " requests/s in " + query.requestsMetric()
                    + " but no serving time in " + secondsQuery(query, window) + ": expected both counters for every"
                    + " model with traffic"));
            }
            means[m] = perSecond[m] > 0 ? busy[m] / perSecond[m] : 0;
        }
        List<String> warnings = TrafficQuery.namespaceWarnings(namespaces);
        if (!outside.isEmpty()) {
            warnings = warnings.append("Prometheus: " + outside.size() + " series name models not in the snapshot ("
                + outside.take(5).mkString(", ") + (outside.size() > 5 ? ", …" : "") + "): left out");
        }
        List<String> silent = models.zipWithIndex().filter(m -> !seen[m._2]).map(m -> m._1).toList();
        if (!silent.isEmpty()) {
            warnings = warnings.append("Prometheus: no series for " + silent.size() + " of the snapshot's "
                + models.size() + " models (" + silent.take(5).mkString(", ") + (silent.size() > 5 ? ", …" : "")
                + "): taken as idle");
        }
        return Either.right(new LiveSignals(query, at, window, models, perSecond, means, warnings));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LiveSignals s && query.equals(s.query) && at.equals(s.at) && window.equals(s.window)
            && models.equals(s.models) && java.util.Arrays.equals(rates, s.rates)
            && java.util.Arrays.equals(meanServiceSeconds, s.meanServiceSeconds) && warnings.equals(s.warnings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(query, at, window, models, java.util.Arrays.hashCode(rates),
            java.util.Arrays.hashCode(meanServiceSeconds), warnings);
    }

    @Override
    public String toString() {
        return "LiveSignals[" + models.size() + " models at " + at + "]";
    }
}
