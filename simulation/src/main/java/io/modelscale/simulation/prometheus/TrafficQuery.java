package io.modelscale.simulation.prometheus;

import io.vavr.control.Either;
import io.vavr.control.Option;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to read from Prometheus for a replay: the server, the window and its step, a label selector, and the metric and
 * label names (Seldon Core 2's agent names by default, for metrics kept under other names).
 *
 * @param url            the server, such as {@code http://localhost:9090}
 * @param start          the window's start; simulated time zero
 * @param end            the window's end, after the start
 * @param step           the resolution: each model's requests are counted per step, at least 1 s
 * @param selector       label matchers added to both metrics, such as {@code namespace="prod"}; empty for none
 * @param requestsMetric the counter of requests, {@code seldon_model_infer_total} by default
 * @param secondsMetric  the counter of seconds spent serving, {@code seldon_model_infer_seconds_total} by default
 * @param modelLabel     the label naming the model, {@code model} by default
 * @param timeout        how long one query may take
 */
public record TrafficQuery(String url, Instant start, Instant end, Duration step, String selector,
                           String requestsMetric, String secondsMetric, String modelLabel, Duration timeout) {

    /** Seldon Core 2's agent counter of inference requests. */
    public static final String REQUESTS = "seldon_model_infer_total";
    /** Seldon Core 2's agent counter of seconds spent on inference. */
    public static final String SECONDS = "seldon_model_infer_seconds_total";
    /** The label the agent puts the model's name in. */
    public static final String MODEL = "model";
    /** The label a namespaced series carries, for snapshots of several namespaces. */
    public static final String NAMESPACE = "namespace";
    /** How long one query may take unless told. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public TrafficQuery {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(requestsMetric, "requestsMetric");
        Objects.requireNonNull(secondsMetric, "secondsMetric");
        Objects.requireNonNull(modelLabel, "modelLabel");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** A query of Seldon's metric names over {@code [start, end]} every {@code step}, with no selector. */
    public static TrafficQuery of(String url, Instant start, Instant end, Duration step) {
        return new TrafficQuery(url, start, end, step, "", REQUESTS, SECONDS, MODEL, TIMEOUT);
    }

    /** The same query with these label matchers. */
    public TrafficQuery withSelector(String other) {
        return new TrafficQuery(url, start, end, step, other, requestsMetric, secondsMetric, modelLabel, timeout);
    }

    /** The same query with these metric and label names. */
    public TrafficQuery withNames(String requests, String seconds, String model) {
        return new TrafficQuery(url, start, end, step, selector, requests, seconds, model, timeout);
    }

    /** The same query with this timeout per query. */
    public TrafficQuery withTimeout(Duration other) {
        return new TrafficQuery(url, start, end, step, selector, requestsMetric, secondsMetric, modelLabel, other);
    }

    /** The window's length. */
    public Duration range() {
        return Duration.between(start, end);
    }

    /**
     * The query's settings checked: an end after the start, a step of at least 1 s that divides the range into at
     * most {@link PrometheusApi#MAX_POINTS} steps, metric and label names as PromQL allows, matchers without braces.
     * The message names the setting, its value and what was expected.
     */
    public Either<String, TrafficQuery> checked() {
        if (!end.isAfter(start)) {
            return Either.left("end " + end + " is not after start " + start + ": expected a window of some length");
        }
        if (step.compareTo(Duration.ofSeconds(1)) < 0) {
            return Either.left("step " + words(step) + ": expected at least 1s");
        }
        if (step.compareTo(range()) > 0) {
            return Either.left("step " + words(step) + " is longer than the window (" + words(range())
                + "): expected a step within it");
        }
        if (range().toMillis() % step.toMillis() != 0) {
            return Either.left("step " + words(step) + " does not divide the " + words(range()) + " window: expected a"
                + " step that does, so that no part of the window is left out");
        }
        long steps = range().dividedBy(step);
        if (steps > PrometheusApi.MAX_POINTS - 1) {
            return Either.left("step " + words(step) + " cuts the " + words(range()) + " window into " + steps
                + " steps: expected at most " + (PrometheusApi.MAX_POINTS - 1) + " (a longer step or a shorter window)");
        }
        for (String[] name : new String[][] {{"requests metric", requestsMetric}, {"seconds metric", secondsMetric}}) {
            if (!NAME.matcher(name[1]).matches()) {
                return Either.left(name[0] + " '" + name[1] + "': expected a Prometheus metric name");
            }
        }
        if (!LABEL.matcher(modelLabel).matches()) {
            return Either.left("model label '" + modelLabel + "': expected a Prometheus label name");
        }
        String matchers = selector.strip();
        if (matchers.startsWith("{") || matchers.endsWith("}")) {
            return Either.left("selector '" + selector + "': expected label matchers without braces, such as"
                + " namespace=\"prod\",server=\"mlserver\"");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            return Either.left("timeout " + words(timeout) + ": expected above zero");
        }
        return Either.right(this);
    }

    /** The PromQL counting each model's requests in the step before each point. */
    public String requestsQuery() {
        return increase(requestsMetric);
    }

    /** The PromQL summing each model's serving seconds in the step before each point. */
    public String secondsQuery() {
        return increase(secondsMetric);
    }

    /** The PromQL counting each model's requests over the whole window, at its end. */
    public String wholeWindowQuery() {
        return aggregate("increase", requestsMetric, range());
    }

    private String increase(String metric) {
        return aggregate("increase", metric, step);
    }

    /**
     * {@code function} of {@code metric} with the selector over {@code window}, summed by model and namespace (a
     * snapshot of several namespaces names its models {@code namespace.name}).
     */
    String aggregate(String function, String metric, Duration window) {
        String matchers = selector.strip();
        return "sum by (" + modelLabel + ", " + NAMESPACE + ") (" + function + "(" + metric
            + (matchers.isEmpty() ? "" : "{" + matchers + "}") + "[" + words(window) + "]))";
    }

    /**
     * The model a series of a {@link #aggregate} answer is for, among {@code known} names: {@code namespace.model}
     * when the series has a namespace and the scenario names its models so, else {@code model}; none without the
     * model label.
     */
    io.vavr.control.Option<String> modelOf(Series series, java.util.function.Predicate<String> known) {
        io.vavr.control.Option<String> model = series.labels().get(modelLabel);
        io.vavr.control.Option<String> namespace = series.labels().get(NAMESPACE).filter(n -> !n.isEmpty());
        return model.map(m -> namespace.map(n -> n + "." + m).filter(known).getOrElse(m));
    }

    /** This query in one line, for a report. */
    public String describe() {
        return "Prometheus at " + url + ": " + requestsQuery() + " and " + secondsMetric + " from " + start + " to "
            + end + " every " + words(step);
    }

    /**
     * A duration as Prometheus and the scenario files write one: a number and a unit among {@code ms}, {@code s},
     * {@code m}, {@code h} and {@code d}, such as {@code 30s} or {@code 1h}; the message names what was expected.
     */
    public static Either<String, Duration> duration(String text) {
        Option<BigDecimal> parsed = io.modelscale.simulation.scenario.DurationText.nanos(text, true);
        if (parsed.isEmpty()) {
            return Either.left("'" + text + "': expected a duration such as 30s, 5m, 1h or 1d");
        }
        BigDecimal nanos = parsed.get();
        if (nanos.remainder(BigDecimal.valueOf(1_000_000)).signum() != 0) {
            return Either.left("'" + text + "': expected a whole number of milliseconds");
        }
        if (nanos.compareTo(BigDecimal.valueOf(Duration.ofDays(3_660).toNanos())) > 0) {
            return Either.left("'" + text + "': expected at most 3660d");
        }
        return Either.right(Duration.ofNanos(nanos.longValue()));
    }

    /** A time as Prometheus takes one: RFC 3339 ({@code 2026-12-01T10:00:00Z}) or seconds since the epoch. */
    public static Either<String, Instant> time(String text) {
        String value = text.strip();
        try {
            return Either.right(Instant.parse(value));
        } catch (DateTimeParseException e) {
            try {
                BigDecimal seconds = new BigDecimal(value);
                if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(253_402_300_799L)) > 0) {
                    return Either.left("'" + text + "': expected a time from 1970 to 9999");
                }
                return Either.right(Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue()));
            } catch (NumberFormatException n) {
                return Either.left("'" + text + "': expected an RFC 3339 time such as 2026-12-01T10:00:00Z or"
                    + " seconds since 1970");
            }
        }
    }

    /**
     * A warning for each model whose series came from several namespaces and were added together, given the
     * namespaces seen per model.
     */
    static io.vavr.collection.List<String> namespaceWarnings(java.util.Map<String, java.util.TreeSet<String>> seen) {
        io.vavr.collection.List<String> warnings = io.vavr.collection.List.empty();
        for (java.util.Map.Entry<String, java.util.TreeSet<String>> entry : new java.util.TreeMap<>(seen).entrySet()) {
            if (entry.getValue().size() > 1) {
                warnings = warnings.append("Prometheus: model " + entry.getKey() + ": series of the namespaces "
                    + String.join(", ", entry.getValue()) + " are added together (a selector such as namespace=\""
                    + entry.getValue().first() + "\" reads one)");
            }
        }
        return warnings;
    }

    /** Notes the namespace of {@code series}, read as {@code model}, when the model's name does not carry it. */
    static void noteNamespace(Series series, String model, java.util.Map<String, java.util.TreeSet<String>> seen) {
        series.labels().get(NAMESPACE).filter(n -> !n.isEmpty() && !model.startsWith(n + "."))
            .forEach(n -> seen.computeIfAbsent(model, k -> new java.util.TreeSet<>()).add(n));
    }

    /** A duration as this query's messages write it. */
    static String words(Duration duration) {
        long millis = duration.toMillis();
        if (millis > 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis > 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
