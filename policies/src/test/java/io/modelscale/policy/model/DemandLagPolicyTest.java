package io.modelscale.policy.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class DemandLagPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ModelVersionId IRIS = ModelVersionId.of("iris", 1);
    private final DemandLagPolicy policy = new DemandLagPolicy(
        new DemandLagPolicy.Config(2, 0.8, Duration.ofSeconds(60), Duration.ofSeconds(10)));

    /** Demand rises from 1 to 20 concurrent requests over 5 minutes, holds, then falls back to 1. */
    @Test
    void scenario_risingThenFallingDemand_scalesUpFromTheMinimumAndBackDown() {
        ScalingSpec scaling = new ScalingSpec(1, 1, MaxReplicas.of(5));
        DemandLagPolicy.Memory memory = DemandLagPolicy.Memory.initial();
        java.util.List<Integer> counts = new ArrayList<>();
        for (int second = 0; second <= 1_200; second += 5) {
            long demand = second <= 300 ? 1 + second * 19L / 300 : second <= 600 ? 20
                : Math.max(1, 20 - (second - 600) * 19L / 300);
            DemandLagPolicy.Step step = policy.decide(memory,
                new DemandLagPolicy.Observation(T0.plusSeconds(second), IRIS, scaling, demand, demand / 2.0, 4));
            memory = step.memory();
            if (step.decision() instanceof ModelScalingDecision.Scale scale) {
                assertThat(Math.abs(scale.to() - scale.from())).isEqualTo(1);
                scaling = scaling.withReplicas(scale.to());
            }
            assertThat(scaling.replicas()).isBetween(1, 5);
            counts.add(scaling.replicas());
        }
        int peak = counts.stream().mapToInt(Integer::intValue).max().getAsInt();
        assertThat(peak).isEqualTo(5);
        assertThat(counts.indexOf(peak)).isLessThan(counts.size() / 2);
        assertThat(counts.get(counts.size() - 1)).isEqualTo(1);
    }

    @Test
    void decide_steadyLowTraffic_stillScalesDownAfterTheWindow() {
        ScalingSpec scaling = new ScalingSpec(3, 1, MaxReplicas.of(5));
        DemandLagPolicy.Step first = policy.decide(DemandLagPolicy.Memory.initial(),
            new DemandLagPolicy.Observation(T0, IRIS, scaling, 2, 1, 4));
        assertThat(((ModelScalingDecision.Hold) first.decision()).reason())
            .isEqualTo(ModelScalingDecision.HoldReason.DEMAND_LOW_TOO_BRIEFLY);
        DemandLagPolicy.Step later = policy.decide(first.memory(),
            new DemandLagPolicy.Observation(T0.plusSeconds(60), IRIS, scaling, 2, 1, 4));
        assertThat(later.decision().describe())
            .isEqualTo("scale iris:1 from 3 to 2: demand 2 needs 1 of 3 replicas since 2026-01-01T00:00:00Z");
    }

    @Test
    void decide_modelAtZeroWithArrivals_scalesFromZero() {
        ScalingSpec zero = new ScalingSpec(0, 0, MaxReplicas.of(3));
        DemandLagPolicy.Step step = policy.decide(DemandLagPolicy.Memory.initial(),
            new DemandLagPolicy.Observation(T0, IRIS, zero, 0, 0.5, 4));
        assertThat(step.decision().describe())
            .isEqualTo("scale iris:1 from 0 to 1: requests arrive for a model at zero replicas");
    }

    @Test
    void decide_atTheMinimumWithLag_scalesUpAgain() {
        ScalingSpec atMin = new ScalingSpec(1, 1, MaxReplicas.unbounded());
        assertThat(policy.decide(DemandLagPolicy.Memory.initial(),
            new DemandLagPolicy.Observation(T0, IRIS, atMin, 7, 3, 4)).decision())
            .isInstanceOf(ModelScalingDecision.Scale.class);
    }
}
