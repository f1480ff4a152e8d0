package io.modelscale.simulation.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link TrafficQuery}: its PromQL, durations and times as written, and the bounds of its checks. */
class TrafficQueryTest {

    private static final Instant START = Instant.parse("2026-02-01T00:00:00Z");

    @Test
    void promql_writesDurationsAsPrometheusDoes_withTheSelector() {
        TrafficQuery query = TrafficQuery.of("http://p", START, START.plus(Duration.ofHours(1)), Duration.ofSeconds(90))
            .withSelector("namespace=\"prod\"");
        assertThat(query.requestsQuery()).isEqualTo("sum by (model, namespace) (increase(seldon_model_infer_total"
            + "{namespace=\"prod\"}[90s]))");
        assertThat(query.wholeWindowQuery()).endsWith("[1h]))");
        assertThat(query.aggregate("rate", "x_total", Duration.ofMillis(1_500))).isEqualTo("sum by (model, namespace)"
            + " (rate(x_total{namespace=\"prod\"}[1500ms]))");
        assertThat(query.aggregate("rate", "x_total", Duration.ofMinutes(2))).endsWith("[2m]))");
        assertThat(query.aggregate("rate", "x_total", Duration.ZERO)).endsWith("[0s]))");
        assertThat(query.describe()).endsWith("every 90s");
    }

    @Test
    void checked_acceptsItsBoundsAndRefusesJustBeyond() {
        assertThat(TrafficQuery.of("http://p", START, START.plusSeconds(10_999), Duration.ofSeconds(1)).checked()
            .isRight()).isTrue();
        assertThat(TrafficQuery.of("http://p", START, START.plusSeconds(11_000), Duration.ofSeconds(1)).checked()
            .getLeft()).contains("into 11000 steps: expected at most 10999");
        assertThat(TrafficQuery.of("http://p", START, START.plusSeconds(60), Duration.ofMillis(999)).checked()
            .getLeft()).isEqualTo("step 999ms: expected at least 1s");
        assertThat(TrafficQuery.of("http://p", START, START.plusSeconds(60), Duration.ofSeconds(60)).checked()
            .isRight()).isTrue();
        assertThat(TrafficQuery.of("http://p", START, START.plusSeconds(60), Duration.ofSeconds(61)).checked()
            .getLeft()).startsWith("step 61s is longer than the window (1m)");
    }

    @Test
    void durationsAndTimes_parseAsPrometheusWritesThem() {
        assertThat(TrafficQuery.duration("3660d").get()).isEqualTo(Duration.ofDays(3_660));
        assertThat(TrafficQuery.duration("3661d").getLeft()).isEqualTo("'3661d': expected at most 3660d");
        assertThat(TrafficQuery.duration("1.5m").get()).isEqualTo(Duration.ofSeconds(90));
        assertThat(TrafficQuery.duration("250ms").get()).isEqualTo(Duration.ofMillis(250));
        assertThat(TrafficQuery.duration("5 minutes").getLeft()).startsWith("'5 minutes': expected a duration");
        assertThat(TrafficQuery.time("1769904000.5").get()).isEqualTo(START.plusMillis(500));
        assertThat(TrafficQuery.time("-1").getLeft()).isEqualTo("'-1': expected a time from 1970 to 9999");
        assertThat(TrafficQuery.time("2026-02-01T00:00:00Z").get()).isEqualTo(START);
    }

    @Test
    void modelOf_prefersTheNamespacedNameTheScenarioHas() {
        TrafficQuery query = TrafficQuery.of("http://p", START, START.plusSeconds(60), Duration.ofSeconds(60));
        Series namespaced = new Series(io.vavr.collection.TreeMap.of("model", "a", "namespace", "prod"),
            new double[0], new double[0]);
        assertThat(query.modelOf(namespaced, "prod.a"::equals)).contains("prod.a");
        assertThat(query.modelOf(namespaced, "a"::equals)).contains("a");
        assertThat(query.modelOf(new Series(io.vavr.collection.TreeMap.of("pod", "x"), new double[0], new double[0]),
            n -> true)).isEmpty();
    }

    /** Two replays of one window drawing from different entries' streams draw different arrivals. */
    @Test
    void twoEntries_drawDifferentArrivals_andOneSeedTheSame() {
        TrafficQuery query = TrafficQuery.of("http://p", START, START.plusSeconds(120), Duration.ofSeconds(60));
        PrometheusTraffic traffic = new PrometheusTraffic(query, io.vavr.collection.List.of("a", "b"),
            new double[][] {{30, 0}, {0, 60}}, new double[] {0.5, 1.0}, io.vavr.collection.List.empty());
        java.util.List<Long> first = arrivals(traffic.open(7, 0));
        assertThat(first).isEqualTo(arrivals(traffic.open(7, 0)));
        assertThat(first).isNotEqualTo(arrivals(traffic.open(7, 1)));
        assertThat(first).allSatisfy(t -> assertThat(t).isBetween(0L, 120_000_000L));
        long early = first.stream().filter(t -> t < 60_000_000L).count();
        assertThat(early).as("model a only, 30 expected").isBetween(10L, 55L);
    }

    @Test
    void aTrafficValueOfTheWrongShapeOrValue_isRefusedNamingIt() {
        TrafficQuery query = TrafficQuery.of("http://p", START, START.plusSeconds(120), Duration.ofSeconds(60));
        io.vavr.collection.List<String> models = io.vavr.collection.List.of("a", "b");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PrometheusTraffic(query, models,
            new double[][] {{1, 2}}, new double[] {1, 1}, io.vavr.collection.List.empty()))
            .hasMessage("counts and meanServiceSeconds must have one entry per model: 1 and 2 for 2 models");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PrometheusTraffic(query, models,
            new double[][] {{1, 2}, {1, Double.NaN}}, new double[] {1, 1}, io.vavr.collection.List.empty()))
            .hasMessage("counts of model b: NaN, expected finite and not negative");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PrometheusTraffic(query, models,
            new double[][] {{1, 2}, {1}}, new double[] {1, 1}, io.vavr.collection.List.empty()))
            .hasMessage("counts of model b: 1 steps, expected 2 as for every model");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PrometheusTraffic(query, models,
            new double[][] {{1, 2}, {1, 1}}, new double[] {1, -1}, io.vavr.collection.List.empty()))
            .hasMessage("meanServiceSeconds of model b: -1.0, expected finite and not negative");
    }

    private static java.util.List<Long> arrivals(io.modelscale.simulation.trace.RequestSource source) {
        java.util.List<Long> times = new java.util.ArrayList<>();
        io.modelscale.simulation.trace.Request request = new io.modelscale.simulation.trace.Request();
        while (source.next(request)) {
            times.add(request.arrivalMicros);
        }
        return times;
    }
}
