package io.modelscale.simulation.cli;

import io.modelscale.simulation.prometheus.TrafficQuery;
import io.vavr.control.Either;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Option;

/** The command line's Prometheus options, shared by the commands that replay traffic and by {@code advise}. */
final class PrometheusOptions {

    @Option(names = "--prometheus", paramLabel = "URL",
        description = "read each model's traffic from the Prometheus server at URL (Seldon Core 2's"
            + " seldon_model_infer_total and seldon_model_infer_seconds_total) instead of the scenario's traffic")
    String url;

    @Option(names = "--end", paramLabel = "TIME",
        description = "the end of the window read from Prometheus: RFC 3339 or seconds since 1970 (default: now)")
    String end;

    @Option(names = "--start", paramLabel = "TIME",
        description = "the start of the window read from Prometheus (default: --range before --end)")
    String start;

    @Option(names = "--range", paramLabel = "DURATION",
        description = "the length of the window read from Prometheus, such as 1h (default: 1h)")
    String range;

    @Option(names = "--step", paramLabel = "DURATION",
        description = "the step of the range queries: requests are counted per step (default: 1m)")
    String step;

    @Option(names = "--selector", paramLabel = "MATCHERS",
        description = "label matchers added to both metrics, such as namespace=\"prod\" (default: none)")
    String selector = "";

    @Option(names = "--requests-metric", paramLabel = "NAME",
        description = "the counter of requests (default: seldon_model_infer_total)")
    String requestsMetric = TrafficQuery.REQUESTS;

    @Option(names = "--seconds-metric", paramLabel = "NAME",
        description = "the counter of serving seconds (default: seldon_model_infer_seconds_total)")
    String secondsMetric = TrafficQuery.SECONDS;

    @Option(names = "--model-label", paramLabel = "NAME",
        description = "the label that names the model (default: model)")
    String modelLabel = TrafficQuery.MODEL;

    @Option(names = "--prometheus-timeout", paramLabel = "DURATION",
        description = "how long one query may take (default: 30s)")
    String timeout;

    /** Whether a Prometheus server was named. */
    boolean given() {
        return url != null;
    }

    /** The window options given without {@code --prometheus}, if any: they would be ignored. */
    String strayOption() {
        return start != null ? "--start" : end != null ? "--end" : range != null ? "--range" : step != null ? "--step"
            : !selector.isEmpty() ? "--selector" : timeout != null ? "--prometheus-timeout"
            : !requestsMetric.equals(TrafficQuery.REQUESTS) ? "--requests-metric"
            : !secondsMetric.equals(TrafficQuery.SECONDS) ? "--seconds-metric"
            : !modelLabel.equals(TrafficQuery.MODEL) ? "--model-label" : null;
    }

    /** The query these options name, with {@code now} for a missing end; bad values are bad input. */
    TrafficQuery query(Instant now) {
        Instant to = end == null ? now : TrafficQuery.time(end).mapLeft(m -> "--end " + m)
            .getOrElseThrow(Main.BadInput::new);
        Duration length = range == null ? Duration.ofHours(1)
            : positive("--range", TrafficQuery.duration(range).mapLeft(m -> "--range " + m));
        if (start != null && range != null) {
            throw new Main.BadInput("--start " + start + " and --range " + range + " both set the window's start:"
                + " expected one of them");
        }
        Instant from = start == null ? to.minus(length) : TrafficQuery.time(start).mapLeft(m -> "--start " + m)
            .getOrElseThrow(Main.BadInput::new);
        Duration every = step == null ? Duration.ofMinutes(1)
            : positive("--step", TrafficQuery.duration(step).mapLeft(m -> "--step " + m));
        Duration wait = timeout == null ? TrafficQuery.TIMEOUT
            : positive("--prometheus-timeout", TrafficQuery.duration(timeout).mapLeft(m -> "--prometheus-timeout "
                + m));
        return TrafficQuery.of(url, from, to, every).withSelector(selector)
            .withNames(requestsMetric, secondsMetric, modelLabel).withTimeout(wait).checked()
            .getOrElseThrow(m -> new Main.BadInput("Prometheus: " + m));
    }

    private static Duration positive(String option, Either<String, Duration> parsed) {
        Duration value = parsed.getOrElseThrow(Main.BadInput::new);
        if (value.isZero()) {
            throw new Main.BadInput(option + " 0: expected above zero");
        }
        return value;
    }
}
