package io.modelscale.simulation.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerSpec;
import io.modelscale.policy.Presets;
import io.modelscale.simulation.report.Report;
import io.modelscale.simulation.report.Reports;
import io.modelscale.simulation.trace.Request;
import io.modelscale.simulation.trace.RequestSource;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;

/**
 * Every request that arrives is counted, whether it is served or not; the starting state and the warm-up are what the
 * settings say. Each expected value is worked out by hand from the requests the test writes.
 */
class HonestMetricsTest {

    private static final long SECOND = 1_000_000L;

    /**
     * A model no server can host (it needs {@code triton}; the only server offers {@code mlserver}) never serves: every
     * request is a miss, at its wait so far. Counting only the requests that started, as the figures once did, gives
     * 0 % late and waits of 0 ms for this run.
     */
    @org.junit.jupiter.api.Test
    void anUnplaceableModel_missesEveryRequest_andIsShownFirst() {
        long[] arrivals = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        Scenario scenario = scenario(List.of(model("tf", "triton", 1, 1, 4)), ScalingSpec.fixed(2),
            requests(arrivals, 0, SECOND / 10), settings(60, 0, Settings.InitialState.COLD));
        Report report = Simulator.run(scenario, Presets.seldonCore(), 1);
        assertThat(report.value("requests")).isEqualTo(10);
        assertThat(report.value("SLO attainment")).isZero();
        assertThat(report.value("never served")).isEqualTo(10);
        assertThat(report.value("started late")).isZero();
        assertThat(report.value("goodput")).isZero();
        // waits so far at the end (60 s): 59 s for the request at 1 s, 50 s for the one at 10 s; median 55.5 s or
        // 54.5 s. The longest is exact (a histogram's bucket would give up to 59.06 s), the model's the same, and no
        // percentile lies above it
        assertThat(report.value("max wait")).isEqualTo(59_000.0);
        assertThat(report.models().head().maxWaitMillis()).isEqualTo(59_000.0);
        assertThat(report.value("p99 wait")).isLessThanOrEqualTo(59_000.0);
        assertThat(report.value("p50 wait")).isBetween(54_000.0, 56_000.0);
        assertThat(report.value("ScheduleFailed time")).isPositive();
        assertThat(report.alerts()).hasSize(2);
        assertThat(report.alerts().head()).contains("10 of 10 requests were never served");
        assertThat(report.alerts().last()).contains("could not be placed").contains("tf for")
            .contains(", no replica serving")
            .contains("(Failed to schedule model as no matching servers are available: ").contains("triton");
        assertThat(report.models().head().scheduleFailure()).startsWith("Failed to schedule model");
        String table = Reports.table(List.of(report));
        assertThat(table.lines().findFirst().get()).startsWith("!! seldonCore: 10 of 10 requests");
        assertThat(Reports.markdown(List.of(report))).contains("## Read this first");
        // over time too: the requests of the first window (0-20 s, all ten of them) are all misses
        assertThat(report.windows().head().requests()).isEqualTo(10);
        assertThat(report.windows().head().sloAttainment()).isZero();
        assertThat(report.windows().head().p99WaitMillis()).isGreaterThan(50_000);
    }

    /**
     * A model ScheduleFailed while its other replicas served is not placed in full, not unplaced: the alert says which
     * and for how long, from the row's own seconds.
     */
    @org.junit.jupiter.api.Test
    void aScheduleFailedModelThatStillServed_isSaidToHaveServed() {
        java.util.function.BiFunction<Double, Double, String> alert = (failed, serving) -> new Report("s", "p", 1,
            List.empty(), List.of(new Report.ModelRow("m", 10, 50, 0, 0, 0, 0, 0, failed, serving, "why")),
            List.empty(), List.empty(), List.empty(), List.empty()).alerts().last();
        assertThat(alert.apply(120.0, 120.0)).isEqualTo("p: 1 model could not be placed (ScheduleFailed): m for"
            + " 120 s, serving on the replicas it had all that time (why)");
        assertThat(alert.apply(120.0, 40.0)).endsWith("m for 120 s, serving on the replicas it had for 40 s of it"
            + " (why)");
        assertThat(alert.apply(120.0, 0.0)).endsWith("m for 120 s, no replica serving (why)");
    }

    /** Traffic that goes on after the run ends is said to: its requests count nowhere. */
    @org.junit.jupiter.api.Test
    void trafficPastTheEnd_isSaidToBeLeftOut() {
        Scenario scenario = scenario(List.of(model("ok", "mlserver", 1, 1, 4)), ScalingSpec.fixed(2),
            requests(new long[] {1, 2, 3, 70, 80}, 0, SECOND / 10), settings(60, 0, Settings.InitialState.COLD));
        Report report = Simulator.run(scenario, Presets.seldonCore(), 1);
        assertThat(report.value("requests")).isEqualTo(3);
        assertThat(report.setup()).anyMatch(line -> line.startsWith("traffic past the end:")
            && line.contains("arrives at 70 s"));
        Scenario within = scenario(List.of(model("ok", "mlserver", 1, 1, 4)), ScalingSpec.fixed(2),
            requests(new long[] {1, 2, 3}, 0, SECOND / 10), settings(60, 0, Settings.InitialState.COLD));
        assertThat(Simulator.run(within, Presets.seldonCore(), 1).setup())
            .noneMatch(line -> line.startsWith("traffic past the end:"));
    }

    /** A run in which no request arrived says so first: its waits and attainment describe nothing. */
    @org.junit.jupiter.api.Test
    void aRunWithoutRequests_saysSoFirst() {
        Scenario scenario = scenario(List.of(model("ok", "mlserver", 1, 1, 4)), ScalingSpec.fixed(2),
            requests(new long[0], 0, SECOND / 10), settings(60, 0, Settings.InitialState.COLD));
        Report report = Simulator.run(scenario, Presets.seldonCore(), 1);
        assertThat(report.value("requests")).isZero();
        assertThat(report.alerts()).hasSize(1);
        assertThat(report.alerts().head()).startsWith("seldonCore: no request arrived in the measured window");
        // and a model without requests shows no waits, as it shows no attainment
        assertThat(io.modelscale.simulation.report.Reports.markdown(List.of(report)))
            .contains("| ok | 0 | n/a | n/a | n/a | n/a |");
    }

    /** Beside a model that serves everything on time, the unplaceable one's share of requests is the miss rate. */
    @org.junit.jupiter.api.Test
    void attainment_isTheShareOfAllRequests_servedOrNot() {
        long[] arrivals = {1, 2, 3, 4, 5, 6, 7, 8};
        Scenario scenario = scenario(List.of(model("ok", "mlserver", 1, 1, 4), model("tf", "triton", 1, 1, 4)),
            ScalingSpec.fixed(2), seed -> merged(requests(arrivals, 0, SECOND / 100).apply(seed),
                requests(new long[] {2, 4}, 1, SECOND / 100).apply(seed)), settings(30, 0,
                Settings.InitialState.COLD));
        Report report = Simulator.run(scenario, Presets.seldonCore(), 1);
        assertThat(report.value("requests")).isEqualTo(10);
        assertThat(report.value("never served")).isEqualTo(2);
        assertThat(report.value("SLO attainment")).isEqualTo(80.0);
        assertThat(report.value("goodput")).isCloseTo(8 / 30.0, within(1e-9));
        Report.ModelRow tf = report.models().find(r -> r.model().equals("tf")).get();
        assertThat(tf.sloAttainment()).isZero();
        assertThat(tf.requests()).isEqualTo(2);
        assertThat(report.models().find(r -> r.model().equals("ok")).get().sloAttainment()).isEqualTo(100.0);
    }

    /**
     * Warm: 200 requests of 1 s in the first 20 s give the busy model 200 s of work for 20 s × 4 slots, so 3
     * replicas; the idle model keeps its floor of 1. Four model replicas of 1 GiB on 2 GiB server replicas need 2 by
     * memory but 3 because the busy model's replicas must sit on distinct server replicas: the server starts at 3.
     */
    @org.junit.jupiter.api.Test
    void aWarmStart_sizesModelsToTheFirstPeriod_andTheServerToTheirLowerBound() {
        long[] arrivals = new long[200];
        for (int i = 0; i < arrivals.length; i++) {
            arrivals[i] = i * SECOND / 10;
        }
        Scenario scenario = scenario(List.of(model("busy", "mlserver", 1, 1, 6), model("idle", "mlserver", 1, 1, 6)),
            new ScalingSpec(1, 1, MaxReplicas.of(6)), requestsMicros(arrivals, 0, SECOND),
            settings(60, 0, Settings.InitialState.WARM));
        io.modelscale.simulation.TestRuns.Observed run = io.modelscale.simulation.TestRuns.observed(scenario,
            Presets.seldonCore(), 1);
        Report report = run.report();
        Cluster first = run.first();
        assertThat(first.model(ModelName.of("busy")).get().latest().status().availableReplicas()).isEqualTo(3);
        assertThat(first.model(ModelName.of("idle")).get().latest().status().availableReplicas()).isEqualTo(1);
        assertThat(first.server(ServerName.of("srv")).get().replicas().size()).isEqualTo(3);
        // the control loop must see the server it starts with, not the manifest's count of 1
        assertThat(first.server(ServerName.of("srv")).get().spec().expectedReplicas().count()).contains(3);
        assertThat(report.setup().mkString("\n")).contains("initial state: warm").contains("busy 3, idle 1")
            .contains("servers srv 3");

        Report cold = Simulator.run(scenario.withSettings(scenario.settings().withInitial(Settings.InitialState.COLD)),
            Presets.seldonCore(), 1);
        // the report gives the policies' settings, not only their names: Seldon's lag threshold, its window
        assertThat(cold.setup().mkString("\n")).contains("policy settings: models ").contains("lagThreshold=30")
            .contains("inactiveThreshold=PT10M").contains("server scale-down LightlyLoadedScaleDown");
        assertThat(cold.setup().mkString("\n")).contains("initial state: cold").contains("busy 1, idle 1")
            .contains("servers srv 1");
    }

    /**
     * A warm-up of 50 s out of 100 s: of the requests at 10, 20, …, 90 s, those at 50 s and later count (5); the
     * fixed 2 server replicas cost 2 × 50 s.
     */
    @org.junit.jupiter.api.Test
    void theWarmUp_isLeftOutOfEveryMetric() {
        long[] arrivals = {10, 20, 30, 40, 50, 60, 70, 80, 90};
        Scenario scenario = scenario(List.of(model("ok", "mlserver", 1, 1, 1)), ScalingSpec.fixed(2),
            requests(arrivals, 0, SECOND / 10), settings(100, 50, Settings.InitialState.COLD));
        Report report = Simulator.run(scenario, Presets.seldonCore(), 1);
        assertThat(report.value("requests")).isEqualTo(5);
        assertThat(report.value("server replica-hours")).isCloseTo(2 * 50 / 3600.0, within(1e-9));
        assertThat(report.value("goodput")).isCloseTo(5 / 50.0, within(1e-9));
        assertThat(report.setup().mkString("\n")).contains("warm-up: 50 s");
        assertThat(report.timeline().head().seconds()).isEqualTo(20);
    }

    /** The run's seed decides which of the built-in scenario's models each trace request goes to. */
    @org.junit.jupiter.api.Test
    void theSeed_changesTheRun() {
        Scenario scenario = DefaultScenario.scenario();
        assertThat(modelsOf(scenario.traffic().apply(1L))).isEqualTo(modelsOf(scenario.traffic().apply(1L)));
        assertThat(modelsOf(scenario.traffic().apply(2L))).isNotEqualTo(modelsOf(scenario.traffic().apply(1L)));
    }

    private static java.util.List<Integer> modelsOf(RequestSource source) {
        java.util.List<Integer> models = new java.util.ArrayList<>();
        Request request = new Request();
        while (models.size() < 500 && source.next(request)) {
            models.add(request.model);
        }
        return models;
    }

    static Scenario scenario(List<ModelSpec> models, ScalingSpec server,
                             java.util.function.LongFunction<RequestSource> traffic, Settings settings) {
        ServerSetup setup = new ServerSetup(ServerSpec.of(ServerName.of("srv"), server), List.of("mlserver"),
            new ReplicaMemory(2L << 30, 0));
        return new Scenario("test", List.of(setup), models, traffic, settings, List.empty(), PolicyChoice.none(),
            Option.none());
    }

    static ModelSpec model(String name, String requirement, int replicas, int min, int max) {
        return ModelSpec.builder().name(ModelName.of(name)).memory(MemoryQuantity.ofBytes(1L << 30))
            .requirements(List.of(requirement)).scaling(new ScalingSpec(replicas, min, MaxReplicas.of(max))).build();
    }

    static Settings settings(int seconds, int warmupSeconds, Settings.InitialState initial) {
        return new Settings(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofSeconds(seconds), Duration.ofSeconds(20),
            Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(5), 4, Duration.ofSeconds(1),
            Duration.ofMinutes(5), 0, initial, Duration.ofSeconds(warmupSeconds));
    }

    /** Requests at the given seconds, all for one model. */
    static java.util.function.LongFunction<RequestSource> requests(long[] seconds, int model, long serviceMicros) {
        long[] micros = new long[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            micros[i] = seconds[i] * SECOND;
        }
        return requestsMicros(micros, model, serviceMicros);
    }

    static java.util.function.LongFunction<RequestSource> requestsMicros(long[] micros, int model, long serviceMicros) {
        return seed -> new RequestSource() {
            private int next;

            @Override
            public boolean next(Request into) {
                if (next == micros.length) {
                    return false;
                }
                into.set(micros[next++], model, serviceMicros);
                return true;
            }
        };
    }

    private static RequestSource merged(RequestSource a, RequestSource b) {
        return io.modelscale.simulation.trace.Traces.merged(java.util.List.of(a, b));
    }
}
