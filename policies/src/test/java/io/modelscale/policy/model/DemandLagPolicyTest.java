package io.modelscale.policy.model;

import static io.modelscale.policy.model.Observations.demand;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.policy.StabilityWindow;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class DemandLagPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final DemandLagPolicy policy = new DemandLagPolicy(new DemandLagPolicy.Config(2, 0.8,
        Duration.ofSeconds(60)));
    private final ModelScalingPolicy<DemandLagPolicy.Memory> withCooldown = StabilityWindow
        .sinceLastScale(Duration.ofSeconds(10), StabilityWindow.Directions.BOTH).wrap(policy);

    /** Demand rises from 1 to 20 concurrent requests over 5 minutes, holds, then falls back to 1. */
    @Test
    void scenario_risingThenFallingDemand_scalesUpFromTheMinimumAndBackDown() {
        ScalingSpec scaling = new ScalingSpec(1, 1, MaxReplicas.of(5));
        DemandLagPolicy.Memory memory = DemandLagPolicy.Memory.initial();
        Option<Instant> lastScaled = Option.none();
        java.util.List<Integer> counts = new ArrayList<>();
        for (int second = 0; second <= 1_200; second += 5) {
            long demand = second <= 300 ? 1 + second * 19L / 300 : second <= 600 ? 20
                : Math.max(1, 20 - (second - 600) * 19L / 300);
            Instant now = T0.plusSeconds(second);
            ModelObservation observation = observe(scaling, demand(demand, demand / 2.0, 4), now, lastScaled);
            Step<DemandLagPolicy.Memory, ModelScalingDecision> step = withCooldown.decide(memory, observation);
            memory = step.memory();
            if (step.decision() instanceof ModelScalingDecision.Scale scale) {
                assertThat(Math.abs(scale.to() - scale.from())).isEqualTo(1);
                scaling = scaling.withReplicas(scale.to());
                lastScaled = Option.some(now);
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
        Step<DemandLagPolicy.Memory, ModelScalingDecision> first = policy.decide(DemandLagPolicy.Memory.initial(),
            observe(scaling, demand(2, 1, 4), T0, Option.none()));
        assertThat(reason(first.decision())).isEqualTo(HoldReason.DEMAND_LOW_TOO_BRIEFLY);
        Step<DemandLagPolicy.Memory, ModelScalingDecision> later = policy.decide(first.memory(),
            observe(scaling, demand(2, 1, 4), T0.plusSeconds(60), Option.none()));
        assertThat(later.decision().describe())
            .isEqualTo("scale iris:1 from 3 to 2: demand 2 needs 1 of 3 replicas since 2026-01-01T00:00:00Z");
    }

    @Test
    void decide_aChangeOfTheCount_startsTheLowDemandWindowAgain() {
        ScalingSpec three = new ScalingSpec(3, 1, MaxReplicas.of(5));
        Step<DemandLagPolicy.Memory, ModelScalingDecision> low = policy.decide(DemandLagPolicy.Memory.initial(),
            observe(three, demand(1, 1, 4), T0, Option.none()));
        Step<DemandLagPolicy.Memory, ModelScalingDecision> afterChange = policy.decide(low.memory(),
            observe(three.withReplicas(2), demand(1, 1, 4), T0.plusSeconds(60), Option.none()));
        assertThat(reason(afterChange.decision())).isEqualTo(HoldReason.DEMAND_LOW_TOO_BRIEFLY);
        assertThat(afterChange.memory().lowSince()).contains(T0.plusSeconds(60));
    }

    @Test
    void decide_modelAtZeroWithArrivals_scalesFromZero() {
        ScalingSpec zero = new ScalingSpec(0, 0, MaxReplicas.of(3));
        assertThat(policy.decide(DemandLagPolicy.Memory.initial(), observe(zero, demand(0, 0.5, 4), T0,
            Option.none())).decision().describe())
            .isEqualTo("scale iris:1 from 0 to 1: requests arrive for a model at zero replicas (0 outstanding,"
                + " 0.500/s)");
    }

    @Test
    void decide_atTheMinimumWithLag_scalesUpAgain() {
        ScalingSpec atMin = new ScalingSpec(1, 1, MaxReplicas.unbounded());
        assertThat(policy.decide(DemandLagPolicy.Memory.initial(), observe(atMin, demand(7, 3, 4), T0,
            Option.none())).decision()).isInstanceOf(ModelScalingDecision.Scale.class);
    }

    @Test
    void decide_eachReasonToHold() {
        assertThat(hold(new ScalingSpec(2, 0, MaxReplicas.unbounded()), 50)).isEqualTo(HoldReason.AUTOSCALING_DISABLED);
        assertThat(hold(new ScalingSpec(2, 1, MaxReplicas.of(2)), 50)).isEqualTo(HoldReason.ABOVE_MAXIMUM);
        assertThat(hold(new ScalingSpec(2, 1, MaxReplicas.of(5)), 7)).isEqualTo(HoldReason.DEMAND_MET);
        assertThat(hold(new ScalingSpec(2, 1, MaxReplicas.of(5)), 9))
            .isEqualTo(HoldReason.DEMAND_ABOVE_CAPACITY_UNDER_THRESHOLD);
        assertThat(hold(new ScalingSpec(2, 2, MaxReplicas.of(5)), 1)).isEqualTo(HoldReason.BELOW_MINIMUM);
        assertThat(hold(new ScalingSpec(2, 1, MaxReplicas.of(5)), 1)).isEqualTo(HoldReason.DEMAND_LOW_TOO_BRIEFLY);
        ModelObservation justScaled = observe(new ScalingSpec(2, 1, MaxReplicas.of(5)), demand(50, 1, 4), T0,
            Option.some(T0.minusSeconds(5)));
        assertThat(reason(withCooldown.decide(DemandLagPolicy.Memory.initial(), justScaled).decision()))
            .isEqualTo(HoldReason.COOLING_DOWN);
    }

    @Test
    void decide_demandAboveCapacityUnderTheThreshold_saysSoWithItsNumbers() {
        ModelScalingDecision decision = policy.decide(DemandLagPolicy.Memory.initial(),
            observe(new ScalingSpec(2, 1, MaxReplicas.of(5)), demand(9, 1, 4), T0, Option.none())).decision();
        assertThat(decision.describe()).isEqualTo("hold iris:1: the demand exceeds the replicas' capacity by less"
            + " than the lag threshold (demand 9 exceeds the capacity 8 of 2 replicas by 1, threshold 2)");
    }

    private HoldReason hold(ScalingSpec scaling, long demand) {
        return reason(policy.decide(DemandLagPolicy.Memory.initial(), observe(scaling, demand(demand, 1, 4), T0,
            Option.none())).decision());
    }

    private static HoldReason reason(ModelScalingDecision decision) {
        assertThat(decision).isInstanceOf(ModelScalingDecision.Hold.class);
        return ((ModelScalingDecision.Hold) decision).reason();
    }

    private static ModelObservation observe(ScalingSpec scaling, ModelSignals signals, Instant now,
                                            Option<Instant> lastScaled) {
        ModelSpec spec = ModelSpec.builder().name(ModelName.of("iris")).memory(MemoryQuantity.ofBytes(100))
            .scaling(scaling).build();
        ModelObservation deployed = Observations.deployed(spec, signals, now);
        return new ModelObservation(now, deployed.model(), deployed.cluster(), deployed.signals(), lastScaled);
    }
}
