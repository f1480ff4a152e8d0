package io.modelscale.simulation.prometheus;

import io.modelscale.simulation.prometheus.PrometheusProblem.Kind;
import io.modelscale.simulation.trace.RequestSource;
import io.modelscale.simulation.trace.Traces;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A window of each model's traffic as Prometheus recorded it, ready to replay. Each model's requests are counted per
 * step with {@code increase} (so counter resets are handled as {@code rate()} handles them), summed over replicas,
 * servers and codes; its mean service time is the window's serving seconds over its requests. A replay draws
 * Poisson arrivals whose rate is each step's count over the step (a non-homogeneous process, piecewise constant),
 * with exponential service times of that mean, seeded per model.
 *
 * @param query    what was read
 * @param models   the scenario's model names, in its order; arrivals name them by index
 * @param counts   for each model, the requests counted in each step (zero where the series had no sample)
 * @param meanServiceSeconds for each model, its mean service time in seconds (zero for a model without requests)
 * @param warnings what the replay leaves out or assumes: gaps, series of models not in the scenario, models without
 *                 series
 */
public record PrometheusTraffic(TrafficQuery query, Seq<String> models, double[][] counts,
                               double[] meanServiceSeconds, Seq<String> warnings) {

    /** The random streams of the replay's models start here, apart from other traffic's streams. */
    private static final int STREAMS = 2_000;
    /** The most requests a window may hold to be replayed. */
    public static final long MAX_REQUESTS = 1_000_000_000L;

    public PrometheusTraffic {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(meanServiceSeconds, "meanServiceSeconds");
        Objects.requireNonNull(warnings, "warnings");
        if (counts.length != models.size() || meanServiceSeconds.length != models.size()) {
            throw new IllegalArgumentException("counts and meanServiceSeconds must have one entry per model: "
                + counts.length + " and " + meanServiceSeconds.length + " for " + models.size() + " models");
        }
        for (int m = 0; m < counts.length; m++) {
            if (counts[m].length != counts[0].length) {
                throw new IllegalArgumentException("counts of model " + models.get(m) + ": " + counts[m].length
                    + " steps, expected " + counts[0].length + " as for every model");
            }
            for (double count : counts[m]) {
                if (!(count >= 0) || Double.isInfinite(count)) {
                    throw new IllegalArgumentException("counts of model " + models.get(m) + ": " + count
                        + ", expected finite and not negative");
                }
            }
            if (!(meanServiceSeconds[m] >= 0) || Double.isInfinite(meanServiceSeconds[m])) {
                throw new IllegalArgumentException("meanServiceSeconds of model " + models.get(m) + ": "
                    + meanServiceSeconds[m] + ", expected finite and not negative");
            }
        }
    }

    /**
     * Reads the window {@code query} names for the scenario's {@code models}: both counters, each model's series
     * checked. No series at all, a value that is NaN, infinite or negative, a series without the model label, or a
     * model with requests but no serving seconds is a problem naming the query and the series; gaps and series of
     * other models are warnings.
     */
    public static Either<PrometheusProblem, PrometheusTraffic> read(PrometheusApi api, TrafficQuery query,
                                                                    Seq<String> models) {
        Either<String, TrafficQuery> checked = query.checked();
        if (checked.isLeft()) {
            return Either.left(new PrometheusProblem(Kind.BAD_REQUEST, "Prometheus traffic: " + checked.getLeft()));
        }
        int steps = (int) query.range().dividedBy(query.step());
        Instant first = query.start().plus(query.step());
        Instant last = query.end();
        Either<PrometheusProblem, Seq<Series>> requests = api.range(query.requestsQuery(), first, last, query.step());
        if (requests.isLeft()) {
            return Either.left(requests.getLeft());
        }
        if (requests.get().isEmpty()) {
            return Either.left(new PrometheusProblem(Kind.NO_SERIES, "Prometheus at " + api.url() + ": "
                + query.requestsQuery() + " from " + first + " to " + last + " matched no series: expected "
                + query.requestsMetric() + " with a " + query.modelLabel() + " label"
                + (query.selector().isBlank() ? "" : " matching " + query.selector())
                + " in that window, sampled at least twice a step (check the selector, the metric name, the window"
                + " and the step against the scrape interval)"));
        }
        Either<PrometheusProblem, Seq<Series>> seconds = api.range(query.secondsQuery(), first, last, query.step());
        if (seconds.isLeft()) {
            return Either.left(seconds.getLeft());
        }
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        models.zipWithIndex().forEach(m -> index.putIfAbsent(m._1, m._2));
        double[][] counts = new double[models.size()][steps];
        boolean[][] has = new boolean[models.size()][steps];
        double[] requestTotals = new double[models.size()];
        double[] secondTotals = new double[models.size()];
        boolean[] seen = new boolean[models.size()];
        List<String> outside = List.empty();
        double outsideRequests = 0;
        long offGrid = 0;
        long stepMillis = query.step().toMillis();
        java.util.Map<String, java.util.TreeSet<String>> namespaces = new java.util.TreeMap<>();
        for (Series series : requests.get()) {
            Option<String> model = query.modelOf(series, index::containsKey);
            if (model.isEmpty()) {
                return Either.left(unlabelled(series, query, query.requestsMetric(), api));
            }
            Either<PrometheusProblem, Double> valid = valid(series, query.requestsQuery(), api);
            if (valid.isLeft()) {
                return Either.left(valid.getLeft());
            }
            Integer at = index.get(model.get());
            if (at == null) {
                outside = outside.append(model.get());
                outsideRequests += valid.get();
                continue;
            }
            seen[at] = true;
            TrafficQuery.noteNamespace(series, model.get(), namespaces);
            for (int i = 0; i < series.seconds().length; i++) {
                int k = stepOf(series.seconds()[i], first, stepMillis, steps);
                if (k < 0) {
                    offGrid++;
                    continue;
                }
                counts[at][k] += series.values()[i];
                requestTotals[at] += series.values()[i];
                has[at][k] = true;
            }
        }
        for (Series series : seconds.get()) {
            Option<String> model = query.modelOf(series, index::containsKey);
            if (model.isEmpty()) {
                return Either.left(unlabelled(series, query, query.secondsMetric(), api));
            }
            Either<PrometheusProblem, Double> valid = valid(series, query.secondsQuery(), api);
            if (valid.isLeft()) {
                return Either.left(valid.getLeft());
            }
            Integer at = index.get(model.get());
            for (int i = 0; at != null && i < series.seconds().length; i++) {
                if (stepOf(series.seconds()[i], first, stepMillis, steps) >= 0) {
                    secondTotals[at] += series.values()[i];
                }
            }
        }
        List<String> named = outside.distinct();
        if (!io.vavr.collection.Array.ofAll(seen).contains(true)) {
            return Either.left(new PrometheusProblem(Kind.BAD_DATA, "Prometheus at " + api.url() + ": "
                + query.requestsQuery() + " from " + first + " to " + last + " names no model of the scenario ("
                + named.take(5).mkString(", ") + (named.size() > 5 ? ", …" : "") + "; the scenario has "
                + models.take(5).mkString(", ") + (models.size() > 5 ? ", …" : "") + "): expected the "
                + query.modelLabel() + " label to hold the scenario's model names (a snapshot of several namespaces"
                + " names them namespace.name, matched with the " + TrafficQuery.NAMESPACE + " label)"));
        }
        double total = java.util.Arrays.stream(requestTotals).sum();
        if (total > MAX_REQUESTS) {
            return Either.left(new PrometheusProblem(Kind.BAD_DATA, "Prometheus at " + api.url() + ": "
                + query.requestsQuery() + " counts " + Math.round(total) + " requests in the window: expected at most "
                + MAX_REQUESTS + " to replay (is " + query.requestsMetric() + " a count of requests?)"));
        }
        double[] means = new double[models.size()];
        for (int m = 0; m < models.size(); m++) {
            if (requestTotals[m] > 0 && secondTotals[m] <= 0) {
                return Either.left(new PrometheusProblem(Kind.BAD_DATA, "Prometheus at " + api.url() + ": model "
                    + models.get(m) + " has " + Math.round(requestTotals[m]) + " requests in " + query.requestsMetric()
                    + " but no serving time in " + query.secondsQuery() + ": expected both counters for every model"
                    + " with traffic"));
            }
            means[m] = requestTotals[m] > 0 ? secondTotals[m] / requestTotals[m] : 0;
        }
        List<String> warnings = List.empty();
        for (int m = 0; m < models.size(); m++) {
            int filled = 0;
            int firstGap = -1;
            for (int k = 0; k < steps; k++) {
                if (has[m][k]) {
                    filled++;
                } else if (firstGap < 0) {
                    firstGap = k;
                }
            }
            if (seen[m] && filled < steps) {
                warnings = warnings.append("Prometheus: model " + models.get(m) + ": " + (steps - filled) + " of "
                    + steps + " steps have no sample (the first ends at " + first.plusMillis(firstGap * stepMillis)
                    + "): they replay as no requests");
            }
        }
        if (offGrid > 0) {
            warnings = warnings.append("Prometheus: " + offGrid + " samples were not at the end of a step of the"
                + " window and were left out");
        }
        Either<PrometheusProblem, Seq<Series>> whole = api.instant(query.wholeWindowQuery(), last);
        if (whole.isLeft()) {
            warnings = warnings.append("Prometheus: the steps' total could not be checked against one increase over"
                + " the window: " + whole.getLeft().message());
        }
        double wholeTotal = whole.isLeft() ? total : 0;
        for (Series series : whole.getOrElse(List.empty())) {
            Option<String> model = query.modelOf(series, index::containsKey);
            if (model.exists(index::containsKey) && series.values().length > 0
                && Double.isFinite(series.values()[0])) {
                wholeTotal += series.values()[0];
            }
        }
        if (Math.abs(wholeTotal - total) > Math.max(1, 0.01 * wholeTotal)) {
            warnings = warnings.append("Prometheus: the steps count " + Math.round(total) + " requests where "
                + query.wholeWindowQuery() + " counts " + Math.round(wholeTotal) + ": a step shorter than twice the"
                + " scrape interval, or gaps, lose the requests between samples (a longer step counts them)");
        }
        warnings = warnings.appendAll(TrafficQuery.namespaceWarnings(namespaces));
        if (!named.isEmpty()) {
            warnings = warnings.append("Prometheus: " + named.size() + " series name models not in the scenario ("
                + named.take(5).mkString(", ") + (named.size() > 5 ? ", …" : "") + "): "
                + Math.round(outsideRequests) + " requests left out of the replay");
        }
        List<String> silent = models.zipWithIndex().filter(m -> !seen[m._2]).map(m -> m._1).toList();
        if (!silent.isEmpty()) {
            warnings = warnings.append("Prometheus: no series for " + silent.size() + " of the scenario's "
                + models.size() + " models (" + silent.take(5).mkString(", ") + (silent.size() > 5 ? ", …" : "")
                + "): they get no requests");
        }
        return Either.right(new PrometheusTraffic(query, models, counts, means, warnings));
    }

    /**
     * The step a sample at {@code seconds} (since the epoch) ends, counting from the step ending at {@code first}, or
     * -1 for a sample more than a quarter of a step off the grid or outside the window.
     */
    private static int stepOf(double seconds, Instant first, long stepMillis, int steps) {
        long millis = Math.round(seconds * 1_000) - first.toEpochMilli();
        long k = Math.floorDiv(millis + stepMillis / 2, stepMillis);
        return k < 0 || k >= steps || Math.abs(millis - k * stepMillis) * 4 > stepMillis ? -1 : (int) k;
    }

    private static PrometheusProblem unlabelled(Series series, TrafficQuery query, String metric, PrometheusApi api) {
        return new PrometheusProblem(Kind.BAD_DATA, "Prometheus at " + api.url() + ": a series " + series.describe()
            + " has no " + query.modelLabel() + " label: expected every series of " + metric
            + " to name its model (set the model label's name if it is relabelled)");
    }

    /** The series' sum, or the first value that is not a count. */
    private static Either<PrometheusProblem, Double> valid(Series series, String promql, PrometheusApi api) {
        double sum = 0;
        for (int i = 0; i < series.values().length; i++) {
            double value = series.values()[i];
            if (!Double.isFinite(value) || value < 0) {
                return Either.left(new PrometheusProblem(Kind.BAD_DATA, "Prometheus at " + api.url() + ": " + promql
                    + " gave " + (Double.isNaN(value) ? "NaN" : String.valueOf(value)) + " for "
                    + series.describe() + " at " + Instant.ofEpochMilli(Math.round(series.seconds()[i] * 1_000))
                    + ": expected a count, finite and not negative"));
            }
            sum += value;
        }
        return Either.right(sum);
    }

    /** How many steps the window has. */
    public int steps() {
        return counts.length == 0 ? (int) query.range().dividedBy(query.step()) : counts[0].length;
    }

    /** The requests Prometheus counted for every model in the scenario over the window. */
    public double totalRequests() {
        return Arrays.stream(counts).flatMapToDouble(Arrays::stream).sum();
    }

    /** The requests counted for model {@code model} in each step. */
    public double[] counts(int model) {
        return counts[model].clone();
    }

    /** The replay for {@code seed}: each model's seeded arrivals following its counts, merged in arrival order. */
    public RequestSource open(long seed) {
        return open(seed, 0);
    }

    /**
     * The replay for {@code seed} drawing from the {@code entry}-th set of random streams, so that two replays of one
     * scenario (two traffic entries) draw different arrivals.
     */
    public RequestSource open(long seed, int entry) {
        double stepSeconds = query.step().toMillis() / 1_000.0;
        double duration = stepSeconds * steps();
        java.util.List<RequestSource> sources = new java.util.ArrayList<>();
        for (int m = 0; m < counts.length; m++) {
            double[] rates = new double[counts[m].length];
            double most = 0;
            for (int k = 0; k < rates.length; k++) {
                rates[k] = counts[m][k] / stepSeconds;
                most = Math.max(most, rates[k]);
            }
            if (most > 0) {
                sources.add(Traces.poisson(t -> rates[Math.min(rates.length - 1, (int) (t / stepSeconds))], most,
                    duration, m, meanServiceSeconds[m], Traces.stream(seed, STREAMS + entry * models.size() + m)));
            }
        }
        RequestSource merged = Traces.merged(sources);
        return Traces.described(List.of("exponential, of each model's mean over the window, with Poisson arrivals"
            + " at its rate in each step, both read from " + query.describe()), merged);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PrometheusTraffic t && query.equals(t.query) && models.equals(t.models)
            && Arrays.deepEquals(counts, t.counts) && Arrays.equals(meanServiceSeconds, t.meanServiceSeconds)
            && warnings.equals(t.warnings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(query, models, Arrays.deepHashCode(counts), Arrays.hashCode(meanServiceSeconds), warnings);
    }

    @Override
    public String toString() {
        return "PrometheusTraffic[" + query.describe() + ", " + models.size() + " models, " + totalRequests()
            + " requests]";
    }
}
