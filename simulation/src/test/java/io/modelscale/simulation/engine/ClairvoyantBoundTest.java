package io.modelscale.simulation.engine;

import static io.modelscale.simulation.engine.HonestMetricsTest.model;
import static io.modelscale.simulation.engine.HonestMetricsTest.requests;
import static io.modelscale.simulation.engine.HonestMetricsTest.requestsMicros;
import static io.modelscale.simulation.engine.HonestMetricsTest.scenario;
import static io.modelscale.simulation.engine.HonestMetricsTest.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/**
 * The clairvoyant bound on traffic worked out by hand: 20 s stats periods, 4 requests at once per replica, an SLO of
 * 1 s, server replicas of 2 GiB.
 */
class ClairvoyantBoundTest {

    private static final long SECOND = 1_000_000L;

    /** 40 requests of 1 s in the first 20 s, none in the next: 2 requests per second of 1 s is 2 Erlangs. */
    private static long[] fortyInTheFirstPeriod() {
        return evenly(40, 20);
    }

    /**
     * At 99 % within one service time 2 Erlangs need 5 slots (ErlangCTest), two replicas of 4, so two server
     * replicas for 20 s, then the model's floor of one for 20 s: 60 replica-seconds. At 90 % four slots leave
     * 4/23 e^-2 = 0.024 waiting longer (three leave 4/9 e^-1 = 0.16): one replica for the whole 40 s.
     */
    @Test
    void oneModel_replicasFromItsLoadPeriodByPeriod() {
        Scenario scenario = scenario(List.of(model("a", "mlserver", 1, 1, 10)), new ScalingSpec(1, 1,
            MaxReplicas.of(10)), requests(fortyInTheFirstPeriod(), 0, SECOND), settings(40, 0,
            Settings.InitialState.COLD));
        ClairvoyantBound.Result bound = ClairvoyantBound.of(scenario, 1, new double[] {0.99, 0.9});
        assertThat(bound.replicaHours()[0]).isCloseTo(60 / 3600.0, within(1e-12));
        assertThat(bound.replicaHours()[1]).isCloseTo(40 / 3600.0, within(1e-12));
        assertThat(bound.modelsLeftOut()).isZero();
    }

    /** The warm-up is left out, as every metric leaves it out: only the second period's one replica counts. */
    @Test
    void theWarmUp_isLeftOut() {
        Scenario scenario = scenario(List.of(model("a", "mlserver", 1, 1, 10)), new ScalingSpec(1, 1,
            MaxReplicas.of(10)), requests(fortyInTheFirstPeriod(), 0, SECOND), settings(40, 20,
            Settings.InitialState.COLD));
        assertThat(ClairvoyantBound.of(scenario, 1, new double[] {0.99}).replicaHours()[0])
            .isCloseTo(20 / 3600.0, within(1e-12));
    }

    /**
     * Five idle models of 1 GiB (half a replica, not more) at their floor of one replica need 5 GiB: three replicas
     * of 2 GiB by memory, though no model has more than one replica; three of 1.5 GiB are each more than half a replica, so no two share
     * one: three again. A model whose requirement no server has, or larger than a replica, is left out and said
     * to be.
     */
    @Test
    void memoryAndLargeModels_boundTheServer_andAModelThatFitsNoServerIsLeftOut() {
        List<ModelSpec> small = List.range(0, 5).map(i -> spec("s" + i, 1024, "mlserver"));
        Scenario byMemory = scenario(small.append(spec("gpu", 512, "triton")), new ScalingSpec(1, 1,
            MaxReplicas.of(10)), requests(new long[0], 0, SECOND), settings(20, 0, Settings.InitialState.COLD));
        ClairvoyantBound.Result memory = ClairvoyantBound.of(byMemory.withModels(byMemory.models()
            .append(spec("huge", 3 * 1024, "mlserver"))), 1, new double[] {0.99});
        assertThat(memory.replicaHours()[0]).isCloseTo(3 * 20 / 3600.0, within(1e-12));
        assertThat(memory.modelsLeftOut()).as("the triton model, and the 3 GiB one larger than a replica")
            .isEqualTo(2);
        assertThatThrownBy(() -> new io.modelscale.simulation.sweep.BoundRow(1.5,
            new io.modelscale.simulation.report.Interval(1, 0, 1), 0, new io.modelscale.simulation.report.Interval(1,
            0, 1))).hasMessage("attainment must be in (0, 1), got 1.5");
        assertThatThrownBy(() -> new io.modelscale.simulation.sweep.BoundRow(0.9,
            new io.modelscale.simulation.report.Interval(1, 0, 1), 0, new io.modelscale.simulation.report.Interval(97,
            0, 1))).hasMessage("ceiling must be a share in [0, 1], got 97.0");
        List<ModelSpec> large = List.range(0, 3).map(i -> spec("l" + i, 1536, "mlserver"));
        Scenario byLarge = scenario(large, new ScalingSpec(1, 1, MaxReplicas.of(10)), requests(new long[0], 0, SECOND),
            settings(20, 0, Settings.InitialState.COLD));
        assertThat(ClairvoyantBound.of(byLarge, 1, new double[] {0.99}).replicaHours()[0])
            .isCloseTo(3 * 20 / 3600.0, within(1e-12));
    }

    /** The server's own range holds: at most its maximum, at least its minimum. */
    @Test
    void theServersRange_holds() {
        Scenario capped = scenario(List.of(model("a", "mlserver", 1, 1, 10)), new ScalingSpec(1, 1,
            MaxReplicas.of(1)), requests(fortyInTheFirstPeriod(), 0, SECOND), settings(20, 0,
            Settings.InitialState.COLD));
        assertThat(ClairvoyantBound.of(capped, 1, new double[] {0.99}).replicaHours()[0])
            .isCloseTo(20 / 3600.0, within(1e-12));
        Scenario floor = scenario(List.of(model("a", "mlserver", 1, 1, 10)), new ScalingSpec(4, 4,
            MaxReplicas.of(10)), requests(new long[0], 0, SECOND), settings(20, 0, Settings.InitialState.COLD));
        assertThat(ClairvoyantBound.of(floor, 1, new double[] {0.99}).replicaHours()[0])
            .isCloseTo(4 * 20 / 3600.0, within(1e-12));
        assertThatThrownBy(() -> ClairvoyantBound.of(floor, 1, new double[] {1.0}))
            .hasMessage("an attainment must be in (0, 1), got 1.0");
    }

    /**
     * The ceiling, worked out by hand. One model of at most one replica (4 slots): 2 Erlangs in the first period
     * leave C(4, 2)·e^-2 = 4/23·e^-2 = 0.0235 of its 40 requests waiting longer than 1 s, so 97.65 % start within
     * it; the second period has no requests. 200 requests of 1 s in one period are 10 Erlangs on 4 slots, where the
     * formula's queue grows without bound: none counted within. A model allowed 10 replicas on a server allowed one
     * has the ceiling of one replica. With the range wide enough, 99 % is within reach.
     */
    @Test
    void theCeiling_isWhatTheModelsMostReplicasWouldStartWithinTheSlo() {
        double hand = 1 - 4.0 / 23 * Math.exp(-2);
        Scenario one = scenario(List.of(model("a", "mlserver", 1, 1, 1)), new ScalingSpec(1, 1, MaxReplicas.of(10)),
            requests(fortyInTheFirstPeriod(), 0, SECOND), settings(40, 0, Settings.InitialState.COLD));
        assertThat(ClairvoyantBound.of(one, 1, new double[] {0.99}).ceiling()).isCloseTo(hand, within(1e-9));
        Scenario overloaded = scenario(List.of(model("a", "mlserver", 1, 1, 1)), new ScalingSpec(1, 1,
            MaxReplicas.of(10)), requests(evenly(200, 20), 0, SECOND), settings(20, 0, Settings.InitialState.COLD));
        assertThat(ClairvoyantBound.of(overloaded, 1, new double[] {0.99}).ceiling()).isZero();
        Scenario serverBound = scenario(List.of(model("a", "mlserver", 1, 1, 10)), new ScalingSpec(1, 1,
            MaxReplicas.of(1)), requests(fortyInTheFirstPeriod(), 0, SECOND), settings(40, 0,
            Settings.InitialState.COLD));
        assertThat(ClairvoyantBound.of(serverBound, 1, new double[] {0.99}).ceiling())
            .as("the server's most replicas bound the model's").isCloseTo(hand, within(1e-9));
        Scenario wide = scenario(List.of(model("a", "mlserver", 1, 1, 10)), new ScalingSpec(1, 1, MaxReplicas.of(10)),
            requests(fortyInTheFirstPeriod(), 0, SECOND), settings(40, 0, Settings.InitialState.COLD));
        assertThat(ClairvoyantBound.of(wide, 1, new double[] {0.99}).ceiling()).isGreaterThan(0.99);
        io.modelscale.simulation.report.Interval hours = new io.modelscale.simulation.report.Interval(1, 0, 1);
        assertThat(new io.modelscale.simulation.sweep.BoundRow(0.99, hours, 0,
            new io.modelscale.simulation.report.Interval(hand, 0, 1)).reachable()).isFalse();
        assertThat(new io.modelscale.simulation.sweep.BoundRow(0.95, hours, 0,
            new io.modelscale.simulation.report.Interval(hand, 0, 1)).reachable()).isTrue();
        assertThat(new io.modelscale.simulation.sweep.BoundRow(0.95, hours, 0).reachable())
            .as("a row without a ceiling").isTrue();
    }

    /** More load never raises the ceiling: 1 to 120 requests of 1 s in a period on 4 slots, across saturation. */
    @Test
    void theCeiling_neverRisesWithTheLoad() {
        double previous = 1;
        for (int n = 1; n <= 120; n++) {
            Scenario scenario = scenario(List.of(model("a", "mlserver", 1, 1, 1)), new ScalingSpec(1, 1,
                MaxReplicas.of(10)), requests(evenly(n, 20), 0, SECOND), settings(20, 0,
                Settings.InitialState.COLD));
            double ceiling = ClairvoyantBound.of(scenario, 1, new double[] {0.99}).ceiling();
            assertThat(ceiling).as("%d requests", n).isLessThanOrEqualTo(previous);
            previous = ceiling;
        }
        assertThat(previous).isZero();
    }

    /**
     * The warm-up's requests are left out of the ceiling by their arrival, as every metric counts them: 40 requests
     * in the first 10 s (a warm-up of 10 s) and 10 in the second period count as those 10 alone, whose ceiling is
     * theirs without the 40.
     */
    @Test
    void theCeiling_countsTheRequestsAfterTheWarmUp() {
        long[] micros = new long[50];
        for (int i = 0; i < 40; i++) {
            micros[i] = i * SECOND / 4;
        }
        for (int i = 0; i < 10; i++) {
            micros[40 + i] = 20 * SECOND + i * 2 * SECOND;
        }
        Scenario both = scenario(List.of(model("a", "mlserver", 1, 1, 1)), new ScalingSpec(1, 1, MaxReplicas.of(10)),
            requestsMicros(micros, 0, SECOND), settings(40, 10, Settings.InitialState.COLD));
        Scenario after = scenario(List.of(model("a", "mlserver", 1, 1, 1)), new ScalingSpec(1, 1, MaxReplicas.of(10)),
            requestsMicros(java.util.Arrays.copyOfRange(micros, 40, 50), 0, SECOND), settings(40, 0,
            Settings.InitialState.COLD));
        double expected = ClairvoyantBound.of(after, 1, new double[] {0.99}).ceiling();
        assertThat(expected).isLessThan(1).isGreaterThan(0.9);
        assertThat(ClairvoyantBound.of(both, 1, new double[] {0.99}).ceiling()).isCloseTo(expected, within(1e-12));
    }

    /** {@code n} arrival seconds spread evenly over the first {@code seconds}. */
    private static long[] evenly(int n, int seconds) {
        long[] at = new long[n];
        for (int i = 0; i < n; i++) {
            at[i] = (long) i * seconds / n;
        }
        return at;
    }

    /** A model that fits no server serves nothing: its requests count against the ceiling. Without requests, 1. */
    @Test
    void aModelThatFitsNoServer_countsAgainstTheCeiling() {
        Scenario scenario = scenario(List.of(model("a", "mlserver", 1, 1, 10)), new ScalingSpec(1, 1,
            MaxReplicas.of(10)), requests(fortyInTheFirstPeriod(), 0, SECOND), settings(40, 0,
            Settings.InitialState.COLD));
        Scenario unplaceable = scenario.withModels(List.of(spec("a", 512, "triton")));
        assertThat(ClairvoyantBound.of(unplaceable, 1, new double[] {0.99}).ceiling()).isZero();
        Scenario idle = scenario(List.of(model("a", "mlserver", 1, 1, 10)), new ScalingSpec(1, 1, MaxReplicas.of(10)),
            requests(new long[0], 0, SECOND), settings(40, 0, Settings.InitialState.COLD));
        assertThat(ClairvoyantBound.of(idle, 1, new double[] {0.99}).ceiling()).isEqualTo(1.0);
    }

    private static ModelSpec spec(String name, long mebibytes, String requirement) {
        return ModelSpec.builder().name(ModelName.of(name)).memory(MemoryQuantity.ofBytes(mebibytes << 20))
            .requirements(List.of(requirement)).scaling(new ScalingSpec(1, 1, MaxReplicas.of(4))).build();
    }
}
